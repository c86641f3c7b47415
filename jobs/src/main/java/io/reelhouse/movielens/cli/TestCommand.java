package io.reelhouse.movielens.cli;

import io.reelhouse.Workspace;
import io.reelhouse.config.Settings;
import io.reelhouse.model.Project;
import io.reelhouse.model.RunReport;
import io.reelhouse.model.RunResultsWriter;
import io.reelhouse.model.Tester;
import io.reelhouse.movielens.MovieLensProject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** Runs the quality rules of published tables without rebuilding them (dbt test). */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = "Run the quality rules of already-published models against their tables.")
final class TestCommand implements Callable<Integer> {
  @Mixin SettingsOptions settings;

  @ParentCommand Main main;

  @Mixin SelectionOptions selection;

  @Override
  public Integer call() {
    Settings s = settings.load();
    Project project = MovieLensProject.create();
    // The selected test nodes: a model's rules are selected with it (dbt's indirect selection).
    Map<String, List<String>> selected =
        selection.resolve(project, settings, main.err).rulesByModel();
    if (selected.isEmpty()) {
      main.out.println("Nothing to do: the selection matches no test.");
      return Main.OK;
    }
    try (Workspace ws = Workspace.open(s, project, main.err)) {
      RunReport report = new Tester(ws.context(), main.out).test(selected);
      String written = RunResultsWriter.write(report, s.env().name(), ws.target());
      main.out.println("Run results: " + written);
      return report.succeeded() ? Main.OK : Main.FAILED;
    }
  }
}
