package io.reelhouse.model.selection;

import io.reelhouse.model.Materialization;
import io.reelhouse.model.Model;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.model.Project;
import io.reelhouse.quality.Assertion;
import io.reelhouse.quality.Rule;
import io.reelhouse.source.SourceSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A project as dbt's selection graph: sources, models (with seeds and snapshots) and tests, each
 * pointing at the nodes it reads. A model's parents are its refs, the sources it reads and the
 * models its relationships rules read (audited before it publishes, so built first); a test's are
 * the models its rule reads. Nodes come in dependency order: sources, models, then tests.
 */
public final class NodeGraph {
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Map<String, List<String>> children = new LinkedHashMap<>();

  private NodeGraph(List<Node> ordered) {
    for (Node n : ordered) {
      nodes.put(n.uniqueId(), n);
      children.put(n.uniqueId(), new ArrayList<>());
    }
    for (Node n : ordered) {
      for (String p : n.dependsOn()) {
        children.get(p).add(n.uniqueId());
      }
    }
  }

  /** The graph of a project's sources, models and their rules. */
  public static NodeGraph of(Project project) {
    String pkg = project.name();
    List<Node> ordered = new ArrayList<>();
    Map<String, String> sourceIds = new LinkedHashMap<>();
    for (SourceSpec s : project.sources()) {
      String id = "source." + pkg + "." + pkg + "." + s.name();
      sourceIds.put(s.name(), id);
      ordered.add(
          new Node(
              id,
              s.name(),
              ResourceType.SOURCE,
              pkg,
              List.of(pkg, pkg, s.name()),
              "sources/" + s.fileName(),
              List.of(),
              null,
              null,
              List.of(),
              null,
              null,
              pkg,
              null,
              null,
              List.of()));
    }
    Map<String, String> modelIds = new LinkedHashMap<>();
    for (String name : project.dag().order()) {
      ModelInfo info = project.require(name).info();
      modelIds.put(name, typeOf(info).label() + "." + pkg + "." + name);
    }
    List<Node> tests = new ArrayList<>();
    Set<String> testNames = new HashSet<>();
    for (String name : project.dag().order()) {
      Model m = project.require(name);
      ModelInfo info = m.info();
      String path = info.layer() + "/" + fileName(m);
      List<String> parents = new ArrayList<>();
      info.sources().forEach(s -> parents.add(sourceIds.get(s)));
      project.dag().parents(name).forEach(p -> parents.add(modelIds.get(p)));
      ordered.add(
          new Node(
              modelIds.get(name),
              name,
              typeOf(info),
              pkg,
              List.of(pkg, info.layer(), name),
              path,
              info.tags(),
              info.materialization().label(),
              null,
              info.uniqueKey(),
              name,
              null,
              null,
              null,
              null,
              parents));
      for (Rule r : info.rules()) {
        String testName = testName(r.assertion());
        String base = testNameOf(r.assertion(), name);
        String unique = base;
        for (int i = 2; !testNames.add(unique); i++) {
          unique = base + "_" + i;
        }
        List<String> reads = new ArrayList<>(List.of(modelIds.get(name)));
        if (r.assertion() instanceof Assertion.Relationship rel) {
          reads.add(modelIds.get(rel.toModel()));
        }
        tests.add(
            new Node(
                "test." + pkg + "." + unique,
                unique,
                ResourceType.TEST,
                pkg,
                List.of(pkg, info.layer(), unique),
                path,
                List.of(),
                "test",
                r.level().name().toLowerCase(Locale.ROOT),
                List.of(),
                name,
                r.name(),
                null,
                testName,
                testName == null ? "singular" : "generic",
                reads));
      }
    }
    ordered.addAll(tests);
    return new NodeGraph(ordered);
  }

  private static ResourceType typeOf(ModelInfo info) {
    return info.materialization() == Materialization.SEED
        ? ResourceType.SEED
        : info.materialization() == Materialization.SNAPSHOT
            ? ResourceType.SNAPSHOT
            : ResourceType.MODEL;
  }

  private static String fileName(Model m) {
    String simple = m.getClass().getSimpleName();
    return simple.isEmpty() ? m.name() : simple + ".java";
  }

  /** The generic test a rule is, as dbt (or dbt_utils) names it; null for a singular test. */
  private static String testName(Assertion a) {
    if (a instanceof Assertion.NotNull) {
      return "not_null";
    } else if (a instanceof Assertion.Unique u) {
      return u.columns().size() == 1 ? "unique" : "unique_combination_of_columns";
    } else if (a instanceof Assertion.Relationship) {
      return "relationships";
    } else if (a instanceof Assertion.AcceptedValues) {
      return "accepted_values";
    } else if (a instanceof Assertion.NoNullsInAnyColumn) {
      return "no_nulls_in_any_column";
    } else if (a instanceof Assertion.RowCount) {
      return "row_count";
    }
    return null;
  }

  /**
   * A test's name as dbt forms it from the test, model and columns ({@code
   * not_null_customers_customer_id}, {@code relationships_orders_customer_id__customer_id__ref_
   * customers_}); the values of accepted_values are left out, and a singular test is named by its
   * expression.
   */
  private static String testNameOf(Assertion a, String model) {
    if (a instanceof Assertion.NotNull n) {
      return "not_null_" + model + "_" + n.column();
    } else if (a instanceof Assertion.Unique u) {
      return testName(u) + "_" + model + "_" + String.join("__", u.columns());
    } else if (a instanceof Assertion.Relationship r) {
      return "relationships_%s_%s__%s__ref_%s_"
          .formatted(model, r.column(), r.toColumn(), r.toModel());
    } else if (a instanceof Assertion.AcceptedValues v) {
      return "accepted_values_" + model + "_" + v.column();
    } else if (a instanceof Assertion.Expression e) {
      String words = e.sql().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
      return "expression_" + model + "_" + words.replaceAll("^_|_$", "");
    }
    return testName(a) + "_" + model;
  }

  /** Every node, in dependency order. */
  public Collection<Node> nodes() {
    return nodes.values();
  }

  public Node node(String uniqueId) {
    return nodes.get(uniqueId);
  }

  /** The given nodes in dependency order. */
  public List<Node> sorted(Collection<String> uniqueIds) {
    Set<String> wanted = Set.copyOf(uniqueIds);
    return nodes.values().stream().filter(n -> wanted.contains(n.uniqueId())).toList();
  }

  /**
   * dbt's select_parents: the ancestors of {@code selected} up to {@code depth} hops (null: all).
   */
  public Set<String> parents(Set<String> selected, Integer depth) {
    return reach(selected, depth, true);
  }

  /** dbt's select_children: the descendants up to {@code depth} hops (null: all). */
  public Set<String> children(Set<String> selected, Integer depth) {
    return reach(selected, depth, false);
  }

  /** dbt's {@code @}: the nodes, their descendants, and the ancestors of all of those. */
  public Set<String> childrensParents(Set<String> selected) {
    Set<String> down = new LinkedHashSet<>(children(selected, null));
    down.addAll(selected);
    Set<String> out = new LinkedHashSet<>(parents(down, null));
    out.addAll(down);
    return out;
  }

  /** Direct children of the nodes. */
  Set<String> successors(Set<String> selected) {
    Set<String> out = new LinkedHashSet<>();
    selected.forEach(n -> out.addAll(children.getOrDefault(n, List.of())));
    return out;
  }

  private Set<String> reach(Set<String> start, Integer depth, boolean up) {
    Set<String> found = new LinkedHashSet<>();
    Set<String> layer = start;
    for (int i = 0; !layer.isEmpty() && (depth == null || i < depth); i++) {
      Set<String> next = new LinkedHashSet<>();
      for (String n : layer) {
        for (String m : up ? nodes.get(n).dependsOn() : children.get(n)) {
          if (!found.contains(m)) {
            next.add(m);
          }
        }
      }
      found.addAll(next);
      layer = next;
    }
    return found;
  }
}
