package io.reelhouse.model.selection;

import io.reelhouse.config.Names;
import io.reelhouse.model.UnknownModelException;
import io.reelhouse.model.selection.SelectionSpec.Criteria;
import io.reelhouse.model.selection.SelectionSpec.Difference;
import io.reelhouse.model.selection.SelectionSpec.Everything;
import io.reelhouse.model.selection.SelectionSpec.IndirectSelection;
import io.reelhouse.model.selection.SelectionSpec.Intersection;
import io.reelhouse.model.selection.SelectionSpec.Union;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates a {@link SelectionSpec} over a {@link NodeGraph} as dbt-core's {@code NodeSelector}
 * does: each criterion selects nodes by its method, adds the graph operators' neighbours, then the
 * tests of what it selected (indirect selection); unions, intersections and differences combine
 * both the directly and the indirectly selected sets.
 *
 * <p>A criterion with no method (a plain name or name pattern) that matches nothing fails, naming
 * the nearest models; any other term of the command line that matches nothing is a warning, as in
 * dbt.
 */
public final class NodeSelector {
  private final NodeGraph graph;
  private final Map<String, SelectorMethod> methods;
  private final List<String> warnings = new ArrayList<>();

  public NodeSelector(NodeGraph graph) {
    this(graph, Methods.standard());
  }

  private NodeSelector(NodeGraph graph, Map<String, SelectorMethod> methods) {
    this.graph = graph;
    this.methods = Map.copyOf(methods);
  }

  /** This selector with one more method, e.g. {@code state} built from an earlier manifest. */
  public NodeSelector with(String name, SelectorMethod method) {
    Map<String, SelectorMethod> more = new HashMap<>(methods);
    more.put(name, method);
    return new NodeSelector(graph, more);
  }

  /** The terms that matched nothing, as dbt words its warning. */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  /** The unique ids the spec selects, directly or as tests of what it selects. */
  public Set<String> select(SelectionSpec spec) {
    return evaluate(spec).direct();
  }

  private record Found(Set<String> direct, Set<String> indirect) {}

  private Found evaluate(SelectionSpec spec) {
    if (spec instanceof Everything) {
      Set<String> all = new LinkedHashSet<>();
      graph.nodes().forEach(n -> all.add(n.uniqueId()));
      return new Found(all, Set.of());
    }
    if (spec instanceof Criteria c) {
      return criteria(c);
    }
    List<SelectionSpec> parts;
    String raw;
    boolean expectExists;
    IndirectSelection mode;
    if (spec instanceof Union u) {
      parts = u.parts();
      raw = u.raw();
      expectExists = u.expectExists();
      mode = u.indirect();
    } else if (spec instanceof Intersection i) {
      parts = i.parts();
      raw = i.raw();
      expectExists = i.expectExists();
      mode = i.indirect();
    } else {
      Difference d = (Difference) spec;
      parts = List.of(d.include(), d.exclude());
      raw = d.raw();
      expectExists = false;
      mode = IndirectSelection.EAGER;
    }
    List<Set<String>> directs = new ArrayList<>();
    List<Set<String>> indirects = new ArrayList<>();
    for (SelectionSpec part : parts) {
      Found f = evaluate(part);
      directs.add(f.direct());
      Set<String> both = new LinkedHashSet<>(f.direct());
      both.addAll(f.indirect());
      indirects.add(both);
    }
    Set<String> indirect = combine(spec, indirects);
    Set<String> direct = incorporate(combine(spec, directs), indirect, mode);
    if (expectExists && direct.isEmpty()) {
      warnings.add("The selection criterion '" + raw + "' does not match any enabled nodes");
    }
    return new Found(direct, indirect);
  }

  private static Set<String> combine(SelectionSpec spec, List<Set<String>> sets) {
    if (sets.isEmpty()) {
      return new LinkedHashSet<>();
    }
    Set<String> out = new LinkedHashSet<>(sets.get(0));
    for (Set<String> s : sets.subList(1, sets.size())) {
      if (spec instanceof Union) {
        out.addAll(s);
      } else if (spec instanceof Intersection) {
        out.retainAll(s);
      } else {
        out.removeAll(s);
      }
    }
    return out;
  }

  private Found criteria(Criteria c) {
    SelectorMethod method = methods.get(c.method());
    if (method == null) {
      throw unknownMethod(c);
    }
    Set<String> collected = method.search(graph, c.arguments(), c.value());
    if (collected.isEmpty() && c.implicit()) {
      List<String> models =
          graph.nodes().stream()
              .filter(n -> n.type() != ResourceType.SOURCE && n.type() != ResourceType.TEST)
              .map(Node::name)
              .toList();
      if (Glob.hasWildcard(c.value()) || !c.method().equals("fqn")) {
        throw new InvalidSelectorException(
            "no node matches '" + c.value() + "' (reelhouse ls lists them)");
      }
      throw new UnknownModelException(c.value(), models);
    }
    Set<String> selected = new LinkedHashSet<>(collected);
    if (c.childrensParents()) {
      selected.addAll(graph.childrensParents(collected));
    }
    if (c.parents()) {
      selected.addAll(graph.parents(collected, c.parentsDepth()));
    }
    if (c.children()) {
      selected.addAll(graph.children(collected, c.childrenDepth()));
    }
    IndirectSelection mode = c.indirect() == null ? IndirectSelection.EAGER : c.indirect();
    return expand(selected, mode);
  }

  /** dbt's incorporate_indirect_nodes: tests left aside whose models are now all selected. */
  private Set<String> incorporate(
      Set<String> direct, Set<String> indirect, IndirectSelection mode) {
    if (mode != IndirectSelection.CAUTIOUS && mode != IndirectSelection.BUILDABLE) {
      return direct;
    }
    Set<String> selected = new LinkedHashSet<>(direct);
    Set<String> withParents = new LinkedHashSet<>(direct);
    if (mode == IndirectSelection.BUILDABLE) {
      withParents.addAll(graph.parents(direct, null));
    }
    for (String id : indirect) {
      Node n = graph.node(id);
      if (n.type() == ResourceType.TEST && withParents.containsAll(n.dependsOn())) {
        selected.add(id);
      }
    }
    return selected;
  }

  /** dbt's expand_selection: the tests of the selected nodes, by the indirect-selection mode. */
  private Found expand(Set<String> selected, IndirectSelection mode) {
    Set<String> direct = new LinkedHashSet<>(selected);
    Set<String> indirect = new LinkedHashSet<>();
    if (mode == IndirectSelection.EMPTY) {
      return new Found(direct, indirect);
    }
    Set<String> withParents = new LinkedHashSet<>(selected);
    if (mode == IndirectSelection.BUILDABLE) {
      withParents.addAll(graph.parents(selected, null));
    }
    for (String id : graph.successors(selected)) {
      Node n = graph.node(id);
      if (n.type() != ResourceType.TEST) {
        continue;
      }
      if (mode == IndirectSelection.EAGER || selected.containsAll(n.dependsOn())) {
        direct.add(id);
      } else if (mode == IndirectSelection.BUILDABLE && withParents.containsAll(n.dependsOn())) {
        direct.add(id);
      } else {
        indirect.add(id);
      }
    }
    return new Found(direct, indirect);
  }

  private InvalidSelectorException unknownMethod(Criteria c) {
    if (Methods.NEED_STATE.contains(c.method())) {
      String what =
          switch (c.method()) {
            case "state" -> ": give --state DIR, the target folder of that run (its manifest.json)";
            case "result" ->
                ": give --state DIR, the target folder of that run (its manifest.json and"
                    + " run_results.json)";
            default -> " (--state), which Reelhouse does not read yet";
          };
      return new InvalidSelectorException(
          "invalid selector '"
              + c.raw()
              + "': the "
              + c.method()
              + " method compares with an earlier run's artifacts"
              + what);
    }
    List<String> near = Names.nearest(c.method(), methods.keySet());
    return new InvalidSelectorException(
        "invalid selector '"
            + c.raw()
            + "': '"
            + c.method()
            + "' is not a selector method"
            + (near.isEmpty() ? "" : " (did you mean " + String.join(", ", near) + "?)")
            + "; methods: "
            + String.join(", ", methods.keySet().stream().sorted().toList()));
  }
}
