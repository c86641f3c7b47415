package io.reelhouse.model;

import io.reelhouse.model.selection.InvalidSelectorException;
import io.reelhouse.model.selection.Node;
import io.reelhouse.model.selection.NodeGraph;
import io.reelhouse.model.selection.NodeSelector;
import io.reelhouse.model.selection.ResourceType;
import io.reelhouse.model.selection.SelectionSpec;
import io.reelhouse.model.selection.SelectionSpec.IndirectSelection;
import io.reelhouse.model.selection.SelectorMethod;
import io.reelhouse.model.selection.SelectorsFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * dbt's node selection over a project: {@code --select}, {@code --exclude}, {@code --selector}
 * (from selectors.yml) and {@code --resource-type}, with dbt's grammar (docs/selection.md):
 *
 * <ul>
 *   <li>{@code customers}, {@code cust*}, {@code core} (a folder of the fqn): by name;
 *   <li>{@code +m}, {@code m+}, {@code 2+m}, {@code m+1}, {@code @m}: with ancestors, descendants
 *       (to a depth), or descendants and their ancestors;
 *   <li>{@code tag:}, {@code path:}, {@code file:}, {@code fqn:}, {@code source:}, {@code
 *       resource_type:}, {@code test_type:}, {@code test_name:}, {@code package:}, {@code
 *       config.materialized:} and Reelhouse's {@code layer:} and {@code materialization:};
 *   <li>terms separated by spaces (or given as several arguments) are a union; parts of one term
 *       joined by commas are an intersection; {@code --exclude} subtracts.
 * </ul>
 *
 * Quality rules are test nodes attached to the models they read: selecting a model selects its
 * tests (dbt's eager indirect selection).
 */
public final class Selection {
  private Selection() {}

  /**
   * What a command asks for.
   *
   * @param select terms of --select; empty selects everything (or the default selector)
   * @param exclude terms of --exclude
   * @param selector name of a selector in selectorsFile, or null
   * @param resourceTypes keep only these types; empty keeps all
   * @param indirect how tests join the selection of their models
   * @param selectorsFile selectors.yml; null for none
   */
  public record Request(
      List<String> select,
      List<String> exclude,
      String selector,
      Set<ResourceType> resourceTypes,
      IndirectSelection indirect,
      Path selectorsFile) {
    public Request {
      select = List.copyOf(select);
      exclude = List.copyOf(exclude);
      resourceTypes = Set.copyOf(resourceTypes);
    }

    /** --select and --exclude alone. */
    public static Request of(List<String> select, List<String> exclude) {
      return new Request(select, exclude, null, Set.of(), IndirectSelection.EAGER, null);
    }
  }

  /**
   * The selected nodes.
   *
   * @param nodes in dependency order (sources, models, tests)
   * @param warnings terms that matched nothing, as dbt words them
   * @param selectorUsed the selector the selection came from (given, or the file's default), or
   *     null
   */
  public record Result(List<Node> nodes, List<String> warnings, String selectorUsed) {
    /** Names of the selected models, seeds and snapshots, in dependency order. */
    public List<String> models() {
      return nodes.stream()
          .filter(
              n ->
                  n.type() == ResourceType.MODEL
                      || n.type() == ResourceType.SEED
                      || n.type() == ResourceType.SNAPSHOT)
          .map(Node::name)
          .toList();
    }

    /** The selected tests as rule names by model, models in dependency order. */
    public Map<String, List<String>> rulesByModel() {
      Map<String, List<String>> out = new LinkedHashMap<>();
      for (Node n : nodes) {
        if (n.type() == ResourceType.TEST) {
          out.computeIfAbsent(n.model(), k -> new java.util.ArrayList<>()).add(n.rule());
        }
      }
      return out;
    }
  }

  /** Resolves a command's selection; fails on a malformed selector before any work starts. */
  public static Result resolve(Project project, Request request) {
    return resolve(project, request, Map.of());
  }

  /**
   * Resolves a selection with more methods, e.g. {@code state} and {@code result} built from an
   * earlier run's manifest and results ({@code --state DIR}).
   */
  public static Result resolve(
      Project project, Request request, Map<String, SelectorMethod> moreMethods) {
    SelectorsFile file =
        request.selectorsFile() == null ? null : SelectorsFile.read(request.selectorsFile());
    boolean commandLine = !request.select().isEmpty() || !request.exclude().isEmpty();
    String selectorName = request.selector();
    if (selectorName != null && commandLine) {
      throw new InvalidSelectorException(
          "--selector " + selectorName + " cannot be combined with --select or --exclude");
    }
    if (selectorName == null && !commandLine && file != null) {
      selectorName = file.defaultSelector().orElse(null);
    }
    SelectionSpec spec;
    if (selectorName != null) {
      if (file == null) {
        throw new InvalidSelectorException("--selector " + selectorName + ": no selectors.yml");
      }
      spec = file.selector(selectorName);
    } else {
      spec = SelectionSpec.fromCommandLine(request.select(), request.exclude(), request.indirect());
    }
    NodeGraph graph = NodeGraph.of(project);
    NodeSelector selector = new NodeSelector(graph);
    for (var m : moreMethods.entrySet()) {
      selector = selector.with(m.getKey(), m.getValue());
    }
    Set<String> ids = new LinkedHashSet<>(selector.select(spec));
    List<Node> nodes =
        graph.sorted(ids).stream()
            .filter(
                n ->
                    request.resourceTypes().isEmpty() || request.resourceTypes().contains(n.type()))
            .toList();
    return new Result(nodes, selector.warnings(), selectorName);
  }

  /**
   * The models (with seeds and snapshots) that {@code --select} and {@code --exclude} select.
   *
   * @param select selection terms; empty selects everything
   * @param exclude terms to remove
   * @return the selected model names in topological order
   */
  public static List<String> select(Project project, List<String> select, List<String> exclude) {
    return resolve(project, Request.of(select, exclude)).models();
  }
}
