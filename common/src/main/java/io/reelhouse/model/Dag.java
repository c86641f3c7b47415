package io.reelhouse.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Models and their refs as a directed acyclic graph. The topological order is stable: among models
 * whose parents are done, declaration order decides.
 */
public final class Dag {
  private final Map<String, List<String>> parents;
  private final Map<String, List<String>> children = new LinkedHashMap<>();
  private final List<String> order;

  /**
   * @param parents every node (in declaration order) with the nodes it reads
   */
  public Dag(Map<String, List<String>> parents) {
    this.parents = new LinkedHashMap<>();
    parents.forEach((k, v) -> this.parents.put(k, List.copyOf(v)));
    for (String n : parents.keySet()) {
      children.put(n, new ArrayList<>());
    }
    for (Map.Entry<String, List<String>> e : parents.entrySet()) {
      for (String p : e.getValue()) {
        if (!children.containsKey(p)) {
          throw new IllegalArgumentException(e.getKey() + " refs unknown model '" + p + "'");
        }
        children.get(p).add(e.getKey());
      }
    }
    this.order = topologicalOrder();
  }

  public List<String> nodes() {
    return List.copyOf(parents.keySet());
  }

  public List<String> parents(String node) {
    return parents.getOrDefault(node, List.of());
  }

  public List<String> children(String node) {
    return List.copyOf(children.getOrDefault(node, List.of()));
  }

  /** Every node in an order where each comes after the nodes it reads. */
  public List<String> order() {
    return order;
  }

  /** The given nodes, sorted in topological order. */
  public List<String> sorted(Collection<String> nodes) {
    Set<String> wanted = Set.copyOf(nodes);
    return order.stream().filter(wanted::contains).toList();
  }

  public Set<String> ancestors(String node) {
    return walk(node, parents);
  }

  public Set<String> descendants(String node) {
    return walk(node, children);
  }

  private static Set<String> walk(String start, Map<String, List<String>> edges) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(edges.getOrDefault(start, List.of()));
    while (!todo.isEmpty()) {
      String n = todo.pop();
      if (seen.add(n)) {
        todo.addAll(edges.getOrDefault(n, List.of()));
      }
    }
    return seen;
  }

  private List<String> topologicalOrder() {
    List<String> out = new ArrayList<>();
    Set<String> done = new LinkedHashSet<>();
    while (out.size() < parents.size()) {
      boolean progressed = false;
      for (Map.Entry<String, List<String>> e : parents.entrySet()) {
        if (!done.contains(e.getKey()) && done.containsAll(e.getValue())) {
          done.add(e.getKey());
          out.add(e.getKey());
          progressed = true;
          break;
        }
      }
      if (!progressed) {
        List<String> stuck = parents.keySet().stream().filter(n -> !done.contains(n)).toList();
        throw new IllegalArgumentException("refs form a cycle among: " + String.join(", ", stuck));
      }
    }
    return List.copyOf(out);
  }
}
