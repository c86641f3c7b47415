package io.reelhouse.movielens.cli;

import io.reelhouse.Workspace;
import io.reelhouse.config.Settings;
import io.reelhouse.model.Project;
import io.reelhouse.run.RunReport;
import io.reelhouse.run.RunResultsListener;
import io.reelhouse.run.TestConsole;
import io.reelhouse.run.Tester;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** Runs the quality rules of published tables without rebuilding them (dbt test). */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = "Run the quality rules of already-published models against their tables.")
final class TestCommand extends ProjectCommand {

  @ParentCommand Main main;

  @Mixin SelectionOptions selection;

  @Override
  int call(Settings s, Project project) {
    // The selected test nodes: a model's rules are selected with it (dbt's indirect selection).
    Map<String, List<String>> selected =
        selection.resolve(project, settings, main.err).rulesByModel();
    if (selected.isEmpty()) {
      main.out.println("Nothing to do: the selection matches no test.");
      return Main.OK;
    }
    return runTests(main, s, project, selected, args("test", selection, s));
  }

  /**
   * Tests the given rules of published models and writes run_results.json with {@code args}; the
   * exit code.
   */
  static int runTests(
      Main main,
      Settings s,
      Project project,
      Map<String, List<String>> rulesByModel,
      Map<String, Object> args) {
    try (Workspace ws = Workspace.open(s, project)) {
      var results = new RunResultsListener(project, ws.target(), args);
      // dbt writes the manifest as an invocation starts; run_results.json carries the same id.
      String invocationId = UUID.randomUUID().toString();
      ModelsCommand.manifestOf(s, project).write(ws.target(), invocationId, Instant.now());
      RunReport report =
          new Tester(ws.context(), new TestConsole(main.out)).test(invocationId, rulesByModel);
      results.runFinished(report);
      main.out.println("Run results: " + results.written());
      return report.succeeded() ? Main.OK : Main.FAILED;
    }
  }
}
