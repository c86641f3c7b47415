package io.reelhouse.model.selection;

import io.reelhouse.model.selection.SelectionSpec.Criteria;
import io.reelhouse.model.selection.SelectionSpec.Difference;
import io.reelhouse.model.selection.SelectionSpec.IndirectSelection;
import io.reelhouse.model.selection.SelectionSpec.Intersection;
import io.reelhouse.model.selection.SelectionSpec.Union;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Named selections from a {@code selectors.yml} in dbt's format: each selector has a {@code name},
 * an optional {@code description} and {@code default}, and a {@code definition} that is a selector
 * string, a {@code method}/{@code value} pair (with {@code children}, {@code parents}, {@code
 * childrens_parents}, their depths, {@code indirect_selection} and {@code exclude}), a one-key
 * {@code {tag: nightly}}, a {@code union} or {@code intersection} list, or {@code method: selector}
 * naming another selector. The whole file is checked when it is read: a selector naming one that
 * does not exist, or selectors naming each other in a cycle, fail naming the file.
 */
public final class SelectorsFile {
  private static final Set<String> ENTRY_KEYS =
      Set.of("name", "description", "default", "definition");
  private static final Set<String> CRITERIA_KEYS =
      Set.of(
          "method",
          "value",
          "children",
          "parents",
          "childrens_parents",
          "children_depth",
          "parents_depth",
          "indirect_selection",
          "exclude");

  private final String file;
  private final Map<String, Object> definitions = new LinkedHashMap<>();
  private final Map<String, SelectionSpec> parsed = new LinkedHashMap<>();
  private final String defaultSelector;

  private SelectorsFile(String file, Object yaml) {
    this.file = file;
    if (!(yaml instanceof Map<?, ?> root) || !(root.get("selectors") instanceof List<?> list)) {
      throw fail("expected a top-level 'selectors:' list");
    }
    String dflt = null;
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> entry) || !(entry.get("name") instanceof String name)) {
        throw fail("each selector needs a 'name', got " + o);
      }
      for (Object key : entry.keySet()) {
        if (!ENTRY_KEYS.contains(String.valueOf(key))) {
          throw fail("selector '" + name + "' has an unknown key '" + key + "'");
        }
      }
      if (!entry.containsKey("definition")) {
        throw fail("selector '" + name + "' has no 'definition'");
      }
      if (definitions.put(name, entry.get("definition")) != null) {
        throw fail("selector '" + name + "' is defined twice");
      }
      if (Boolean.TRUE.equals(entry.get("default"))) {
        if (dflt != null) {
          throw fail("selectors '" + dflt + "' and '" + name + "' are both default: true");
        }
        dflt = name;
      }
    }
    this.defaultSelector = dflt;
    for (String name : definitions.keySet()) {
      resolve(name, new ArrayDeque<>());
    }
  }

  /** The selectors of a file; none when the file does not exist. */
  public static SelectorsFile read(Path path) {
    String text;
    try {
      text = Files.readString(path);
    } catch (NoSuchFileException e) {
      return new SelectorsFile(path.toString(), Map.of("selectors", List.of()));
    } catch (IOException e) {
      throw new InvalidSelectorException("cannot read " + path + ": " + e.getMessage());
    }
    return parse(path.toString(), text);
  }

  /** The selectors of a YAML text; {@code file} names it in messages. */
  public static SelectorsFile parse(String file, String text) {
    Object yaml;
    try {
      yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      throw new InvalidSelectorException(
          file + ": not valid YAML: " + e.getMessage().replaceAll("\\s+", " ").trim());
    }
    return new SelectorsFile(file, yaml);
  }

  public List<String> names() {
    return List.copyOf(definitions.keySet());
  }

  /** The selector marked {@code default: true}, used when a command selects nothing itself. */
  public Optional<String> defaultSelector() {
    return Optional.ofNullable(defaultSelector);
  }

  /** A selector's definition. */
  public SelectionSpec selector(String name) {
    SelectionSpec spec = parsed.get(name);
    if (spec == null) {
      throw new InvalidSelectorException(
          "no selector '"
              + name
              + "' in "
              + file
              + (definitions.isEmpty()
                  ? " (it defines none)"
                  : " (selectors: " + String.join(", ", definitions.keySet()) + ")"));
    }
    return spec;
  }

  private SelectionSpec resolve(String name, Deque<String> stack) {
    if (parsed.containsKey(name)) {
      return parsed.get(name);
    }
    if (stack.contains(name)) {
      List<String> cycle = new ArrayList<>(stack);
      java.util.Collections.reverse(cycle);
      cycle = cycle.subList(cycle.indexOf(name), cycle.size());
      throw fail(
          "selectors refer to each other in a cycle: "
              + String.join(" -> ", cycle)
              + " -> "
              + name);
    }
    stack.push(name);
    SelectionSpec spec = definition(name, definitions.get(name), stack, true);
    stack.pop();
    parsed.put(name, spec);
    return spec;
  }

  private SelectionSpec definition(String selector, Object def, Deque<String> stack, boolean root) {
    String where = "selector '" + selector + "'";
    if (def instanceof String s) {
      if (s.isBlank() || s.contains(",") || s.trim().contains(" ")) {
        throw fail(where + ": '" + s + "' must be one criterion; write a union or intersection");
      }
      return SelectionSpec.criteria(s.trim(), null);
    }
    if (!(def instanceof Map<?, ?> map) || map.isEmpty()) {
      throw fail(where + ": expected a string or a mapping, got " + def);
    }
    boolean isUnion = map.containsKey("union");
    if (isUnion || map.containsKey("intersection")) {
      if (root && map.size() > 1) {
        throw fail(where + ": a root definition holds only one 'union' or 'intersection' key");
      }
      String key = isUnion ? "union" : "intersection";
      if (!(map.get(key) instanceof List<?> items)) {
        throw fail(where + ": '" + key + "' must be a list");
      }
      List<SelectionSpec> include = new ArrayList<>();
      SelectionSpec exclude = null;
      for (Object item : items) {
        if (item instanceof Map<?, ?> m && m.containsKey("exclude")) {
          if (exclude != null) {
            throw fail(where + ": only one 'exclude' per '" + key + "'");
          }
          exclude = exclusions(selector, m.get("exclude"), stack);
        } else {
          include.add(definition(selector, item, stack, false));
        }
      }
      SelectionSpec combined =
          isUnion
              ? new Union(key, include, false, IndirectSelection.EAGER)
              : new Intersection(key, include, false, IndirectSelection.EAGER);
      return exclude == null ? combined : new Difference(key, combined, exclude);
    }
    if (map.size() == 1 && !map.containsKey("method")) {
      var e = map.entrySet().iterator().next();
      return criteria(selector, String.valueOf(e.getKey()), e.getValue(), Map.of());
    }
    if ("selector".equals(map.get("method"))) {
      String other = String.valueOf(map.get("value"));
      if (!definitions.containsKey(other)) {
        throw fail(
            where
                + " refers to selector '"
                + other
                + "', which is not defined (selectors: "
                + String.join(", ", definitions.keySet())
                + ")");
      }
      return resolve(other, stack);
    }
    if (!map.containsKey("method") || !map.containsKey("value")) {
      throw fail(where + ": expected one key, or 'method' and 'value', got " + map.keySet());
    }
    for (Object key : map.keySet()) {
      if (!CRITERIA_KEYS.contains(String.valueOf(key))) {
        throw fail(where + ": unknown key '" + key + "' (keys: " + CRITERIA_KEYS + ")");
      }
    }
    SelectionSpec base =
        criteria(selector, String.valueOf(map.get("method")), map.get("value"), map);
    return map.containsKey("exclude")
        ? new Difference(selector, base, exclusions(selector, map.get("exclude"), stack))
        : base;
  }

  private SelectionSpec exclusions(String selector, Object list, Deque<String> stack) {
    if (!(list instanceof List<?> items) || items.isEmpty()) {
      throw fail("selector '" + selector + "': 'exclude' must be a non-empty list");
    }
    List<SelectionSpec> parts = new ArrayList<>();
    items.forEach(i -> parts.add(definition(selector, i, stack, false)));
    return parts.size() == 1
        ? parts.get(0)
        : new Union("exclude", parts, false, IndirectSelection.EAGER);
  }

  private Criteria criteria(String selector, String method, Object value, Map<?, ?> options) {
    String where = "selector '" + selector + "'";
    if (value == null || value instanceof Map || value instanceof List) {
      throw fail(where + ": the value of '" + method + "' must be a string, got " + value);
    }
    String[] parts = method.split("\\.", -1);
    if (!Methods.standard().containsKey(parts[0]) && !Methods.NEED_STATE.contains(parts[0])) {
      throw fail(
          where
              + ": '"
              + parts[0]
              + "' is not a selector method (methods: "
              + String.join(", ", Methods.standard().keySet())
              + ")");
    }
    try {
      IndirectSelection indirect =
          options.containsKey("indirect_selection")
              ? IndirectSelection.parse(String.valueOf(options.get("indirect_selection")), where)
              : null;
      return new Criteria(
          method + ":" + value,
          parts[0],
          List.of(parts).subList(1, parts.length),
          false,
          String.valueOf(value),
          flag(options, "childrens_parents", where),
          flag(options, "parents", where),
          depth(options, "parents_depth", where),
          flag(options, "children", where),
          depth(options, "children_depth", where),
          indirect);
    } catch (InvalidSelectorException e) {
      throw fail(where + ": " + e.getMessage());
    }
  }

  private boolean flag(Map<?, ?> options, String key, String where) {
    Object v = options.get(key);
    if (v != null && !(v instanceof Boolean)) {
      throw fail(where + ": '" + key + "' must be true or false, got " + v);
    }
    return Boolean.TRUE.equals(v);
  }

  private Integer depth(Map<?, ?> options, String key, String where) {
    Object v = options.get(key);
    if (v != null && !(v instanceof Integer)) {
      throw fail(where + ": '" + key + "' must be a whole number, got " + v);
    }
    return (Integer) v;
  }

  private InvalidSelectorException fail(String what) {
    return new InvalidSelectorException(file + ": " + what);
  }
}
