package io.reelhouse.movielens.cli;

import io.reelhouse.artifacts.PreviousState;
import io.reelhouse.model.Project;
import io.reelhouse.model.Selection;
import io.reelhouse.model.selection.ResourceType;
import io.reelhouse.model.selection.SelectionSpec.IndirectSelection;
import io.reelhouse.model.selection.SelectorMethod;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * dbt's --select, --exclude, --selector, --resource-type, --indirect-selection and --state, shared
 * by every command that works on a set of nodes (docs/selection.md).
 */
final class SelectionOptions {
  @Option(
      names = {"-s", "--select"},
      paramLabel = "TERM",
      arity = "1..*",
      description =
          "Nodes, in dbt's syntax: name, +name, name+, 2+name, name+1, @name, tag:pii,"
              + " path:dim, config.materialized:view, source:movielens.ratings,"
              + " resource_type:test, layer:dim, dim_*; space: union, comma: intersection.")
  List<String> select = new ArrayList<>();

  @Option(
      names = "--exclude",
      paramLabel = "TERM",
      arity = "1..*",
      description = "Nodes to leave out, same terms as --select.")
  List<String> exclude = new ArrayList<>();

  @Option(
      names = "--selector",
      paramLabel = "NAME",
      description = "A named selection from selectors.yml (dbt's format).")
  String selector;

  @Option(
      names = "--resource-type",
      paramLabel = "TYPE",
      split = ",",
      description = "Keep only these node types: model, seed, snapshot, source, test.")
  List<String> resourceTypes = new ArrayList<>();

  @Option(
      names = "--indirect-selection",
      paramLabel = "MODE",
      defaultValue = "eager",
      description =
          "Which tests follow their selected models: eager (any of their models), cautious (all),"
              + " buildable, empty (default: ${DEFAULT-VALUE}).")
  String indirectSelection = "eager";

  @Option(
      names = "--selectors-file",
      paramLabel = "FILE",
      description = "selectors.yml to read (default: selectors.yml beside the conf folder).")
  Path selectorsFile;

  @Option(
      names = "--state",
      paramLabel = "DIR",
      description =
          "An earlier run's target folder (its manifest.json, and run_results.json if there), for"
              + " state:new, state:modified, ... and result:error, result:fail, ...")
  Path state;

  /** The nodes selected, with warnings for terms matching nothing printed to {@code err}. */
  Selection.Result resolve(Project project, SettingsOptions settings, PrintStream err) {
    Set<ResourceType> types = new LinkedHashSet<>();
    for (String t : resourceTypes) {
      ResourceType type = ResourceType.parse(t.trim(), "--resource-type");
      if (type != null) {
        types.add(type);
      }
    }
    // Only types this project has no node of (dbt's exposure, analysis, ...): nothing matches.
    boolean noneOfOurs = !resourceTypes.isEmpty() && types.isEmpty();
    Path file =
        selectorsFile != null ? selectorsFile : projectFolder(settings).resolve("selectors.yml");
    Map<String, SelectorMethod> stateMethods =
        state == null ? Map.of() : PreviousState.read(state, project).methods();
    Selection.Result r =
        Selection.resolve(
            project,
            new Selection.Request(
                select,
                exclude,
                selector,
                types,
                IndirectSelection.parse(indirectSelection, "--indirect-selection"),
                file),
            stateMethods);
    if (noneOfOurs) {
      r = new Selection.Result(List.of(), r.warnings(), r.selectorUsed());
    }
    r.warnings().forEach(w -> err.println("warning: " + w));
    return r;
  }

  /** Whether the command line named a resource type. */
  boolean typesGiven() {
    return !resourceTypes.isEmpty();
  }

  /** The project's folder: the one holding conf/ (and selectors.yml), as dbt's project dir. */
  private static Path projectFolder(SettingsOptions settings) {
    Path parent = settings.confDir().toAbsolutePath().getParent();
    return parent == null ? Path.of(".") : parent;
  }

  /** These options as run_results.json records them in {@code args}. */
  Map<String, Object> recorded() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("select", select);
    out.put("exclude", exclude);
    if (selector != null) {
      out.put("selector", selector);
    }
    out.put("resource_types", resourceTypes);
    if (state != null) {
      out.put("state", state.toString());
    }
    return out;
  }
}
