package io.reelhouse.model.selection;

import io.reelhouse.model.Materialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * dbt's selector methods over a {@link NodeGraph} (after dbt-core's {@code selector_methods.py}),
 * with Reelhouse's {@code layer:} and {@code materialization:}.
 */
public final class Methods {
  private Methods() {}

  /**
   * Methods dbt has that need an earlier run's artifacts, not built in here: {@code state} and
   * {@code result} come with {@code --state} ({@code io.reelhouse.artifacts.PreviousState}); {@code
   * source_status} is not read yet.
   */
  static final List<String> NEED_STATE = List.of("state", "result", "source_status");

  /** Every method this project can answer, by name. */
  public static Map<String, SelectorMethod> standard() {
    Map<String, SelectorMethod> m = new LinkedHashMap<>();
    m.put("fqn", Methods::fqn);
    m.put(
        "tag",
        noArguments(
            "tag", (g, v) -> where(g, n -> n.tags().stream().anyMatch(t -> Glob.matches(t, v)))));
    m.put("source", noArguments("source", Methods::source));
    m.put("path", noArguments("path", Methods::path));
    m.put("file", noArguments("file", Methods::file));
    m.put("package", noArguments("package", Methods::packageName));
    m.put("config", Methods::config);
    m.put("resource_type", noArguments("resource_type", Methods::resourceType));
    m.put("test_type", noArguments("test_type", Methods::testType));
    m.put(
        "test_name",
        noArguments(
            "test_name",
            (g, v) -> where(g, n -> n.testName() != null && Glob.matches(n.testName(), v))));
    m.put("layer", noArguments("layer", Methods::layer));
    m.put("materialization", noArguments("materialization", Methods::materialization));
    return m;
  }

  private interface ValueMethod {
    Set<String> search(NodeGraph graph, String value);
  }

  private static SelectorMethod noArguments(String name, ValueMethod method) {
    return (graph, arguments, value) -> {
      if (!arguments.isEmpty()) {
        throw new InvalidSelectorException(
            "invalid selector method '"
                + name
                + "."
                + String.join(".", arguments)
                + "': only config takes a '.' argument (config.materialized)");
      }
      return method.search(graph, value);
    };
  }

  private static Set<String> where(NodeGraph graph, Predicate<Node> test) {
    Set<String> out = new LinkedHashSet<>();
    for (Node n : graph.nodes()) {
      if (test.test(n)) {
        out.add(n.uniqueId());
      }
    }
    return out;
  }

  /**
   * dbt's {@code is_selected_node}: the value is the node's name, or a dotted prefix of its fqn
   * (with or without the project's name), and a wildcard part matches the rest of the fqn.
   */
  private static Set<String> fqn(NodeGraph graph, List<String> arguments, String value) {
    if (!arguments.isEmpty()) {
      throw new InvalidSelectorException("invalid selector method 'fqn." + arguments.get(0) + "'");
    }
    return where(
        graph,
        n ->
            n.type() != ResourceType.SOURCE
                && (fqnMatches(n.fqn(), value)
                    || fqnMatches(n.fqn().subList(1, n.fqn().size()), value)
                    // Reelhouse: an undotted pattern also matches the name alone (cust*), which
                    // dbt matches only for models outside any folder.
                    || (!value.contains(".") && Glob.matches(n.name(), value))));
  }

  private static boolean fqnMatches(List<String> fqn, String selector) {
    if (fqn.get(fqn.size() - 1).equals(selector)) {
      return true;
    }
    List<String> flat = new ArrayList<>();
    fqn.forEach(part -> flat.addAll(Arrays.asList(part.split("\\."))));
    String[] parts = selector.split("\\.", -1);
    if (flat.size() < parts.length) {
      return false;
    }
    for (int i = 0; i < parts.length; i++) {
      if (Glob.hasWildcard(parts[i])) {
        String rest = String.join(".", flat.subList(i, flat.size()));
        String pattern = String.join(".", Arrays.asList(parts).subList(i, parts.length));
        return Glob.matches(rest, pattern);
      } else if (!flat.get(i).equals(parts[i])) {
        return false;
      }
    }
    return true;
  }

  /** {@code source:name}, {@code source:name.table} or {@code source:package.name.table}. */
  private static Set<String> source(NodeGraph graph, String value) {
    String[] parts = value.split("\\.", -1);
    if (parts.length > 3) {
      throw new InvalidSelectorException(
          "invalid source selector 'source:"
              + value
              + "': write source:NAME, source:NAME.TABLE or source:PACKAGE.NAME.TABLE");
    }
    String pkg = parts.length == 3 ? parts[0] : "*";
    String name = parts[parts.length == 3 ? 1 : 0];
    String table = parts.length == 1 ? "*" : parts[parts.length - 1];
    return where(
        graph,
        n ->
            n.type() == ResourceType.SOURCE
                && Glob.matches(n.packageName(), pkg)
                && Glob.matches(n.sourceName(), name)
                && Glob.matches(n.name(), table));
  }

  /** A file, or a folder holding it, relative to the folder of the layers; globs allowed. */
  private static Set<String> path(NodeGraph graph, String value) {
    String pattern = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    var matcher = Glob.of(pattern);
    return where(
        graph,
        n -> {
          for (Path p = Path.of(n.path()); p != null; p = p.getParent()) {
            if (matcher.matches(p)) {
              return true;
            }
          }
          return false;
        });
  }

  private static Set<String> file(NodeGraph graph, String value) {
    return where(
        graph,
        n -> {
          String file = Path.of(n.path()).getFileName().toString();
          int dot = file.lastIndexOf('.');
          return Glob.matches(file, value)
              || (dot > 0 && Glob.matches(file.substring(0, dot), value));
        });
  }

  private static Set<String> packageName(NodeGraph graph, String value) {
    return where(graph, n -> Glob.matches(n.packageName(), value) || value.equals("this"));
  }

  /**
   * {@code config.KEY:value} for the configs Reelhouse has: materialized, tags, severity (case
   * insensitive), unique_key, enabled (every node is). Another key matches nothing, as in dbt.
   */
  private static Set<String> config(NodeGraph graph, List<String> arguments, String value) {
    if (arguments.isEmpty()) {
      throw new InvalidSelectorException(
          "invalid selector 'config:" + value + "': name the config, e.g. config.materialized:");
    }
    String key = String.join(".", arguments);
    return where(
        graph,
        n ->
            switch (key) {
              case "materialized" -> value.equals(n.materialized());
              case "tags" -> n.tags().contains(value);
              case "severity" -> value.equalsIgnoreCase(n.severity());
              case "unique_key" ->
                  n.uniqueKey().contains(value) || String.join(",", n.uniqueKey()).equals(value);
              case "enabled" -> value.equalsIgnoreCase("true");
              default -> false;
            });
  }

  private static Set<String> resourceType(NodeGraph graph, String value) {
    ResourceType type = ResourceType.parse(value, "'resource_type:" + value + "'");
    return where(graph, n -> n.type() == type);
  }

  private static Set<String> testType(NodeGraph graph, String value) {
    Predicate<Node> test =
        switch (value) {
          case "generic", "schema" -> n -> "generic".equals(n.testType());
          case "singular" -> n -> "singular".equals(n.testType());
          case "data" -> n -> n.testType() != null;
          case "unit" -> n -> false;
          default ->
              throw new InvalidSelectorException(
                  "invalid test type 'test_type:"
                      + value
                      + "': expected generic, singular, unit or data");
        };
    return where(graph, test);
  }

  /** Reelhouse's {@code layer:dim}: the models of a layer (their tests follow them). */
  private static Set<String> layer(NodeGraph graph, String value) {
    Set<String> layers = new LinkedHashSet<>();
    graph.nodes().stream()
        .filter(n -> n.type() != ResourceType.SOURCE && n.type() != ResourceType.TEST)
        .forEach(n -> layers.add(n.fqn().get(1)));
    if (!layers.contains(value)) {
      throw new InvalidSelectorException(
          "no model in layer '" + value + "' (layers: " + String.join(", ", layers) + ")");
    }
    return where(
        graph,
        n ->
            n.type() != ResourceType.SOURCE
                && n.type() != ResourceType.TEST
                && n.fqn().get(1).equals(value));
  }

  /** Reelhouse's {@code materialization:view}: {@code config.materialized:view} for models. */
  private static Set<String> materialization(NodeGraph graph, String value) {
    List<String> labels =
        Arrays.stream(Materialization.values()).map(Materialization::label).toList();
    if (!labels.contains(value.toLowerCase(Locale.ROOT))) {
      throw new InvalidSelectorException(
          "no materialization '" + value + "' (one of " + String.join(", ", labels) + ")");
    }
    return where(graph, n -> n.type() != ResourceType.TEST && value.equals(n.materialized()));
  }
}
