package io.reelhouse.movielens.cli;

import io.reelhouse.model.Project;
import io.reelhouse.model.Selection;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** dbt's --select and --exclude, shared by every command that works on a set of models. */
final class SelectionOptions {
  @Option(
      names = {"-s", "--select"},
      paramLabel = "TERM",
      arity = "1..*",
      description =
          "Models: name, +name (with ancestors), name+ (with descendants), layer:dim,"
              + " materialization:view, dim_*; several terms are a union.")
  List<String> select = new ArrayList<>();

  @Option(
      names = "--exclude",
      paramLabel = "TERM",
      arity = "1..*",
      description = "Models to leave out, same terms as --select.")
  List<String> exclude = new ArrayList<>();

  /** The selected model names, in dependency order. */
  List<String> resolve(Project project) {
    return Selection.select(project, select, exclude);
  }
}
