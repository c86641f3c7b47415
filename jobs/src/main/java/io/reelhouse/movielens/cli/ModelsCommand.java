package io.reelhouse.movielens.cli;

import io.reelhouse.Workspace;
import io.reelhouse.config.Settings;
import io.reelhouse.model.Materialization;
import io.reelhouse.model.Project;
import io.reelhouse.model.RunReport;
import io.reelhouse.model.RunResultsWriter;
import io.reelhouse.model.Runner;
import io.reelhouse.movielens.MovieLensProject;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** run, seed and build: select models, run them in dependency order, write run_results.json. */
abstract class ModelsCommand implements Callable<Integer> {
  @Mixin SettingsOptions settings;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @ParentCommand Main main;

  @Mixin SelectionOptions selection;

  @Option(names = "--full-refresh", description = "Rebuild incremental models from scratch.")
  boolean fullRefresh;

  @Option(
      names = "--full-refresh-snapshots",
      description =
          "Start snapshot history over from the current source. History cannot be rebuilt from"
              + " the source, so --full-refresh alone leaves snapshots alone.")
  boolean fullRefreshSnapshots;

  /** Which materializations this command runs. */
  abstract Set<Materialization> runs();

  @Override
  public Integer call() {
    Settings s = settings.load();
    Project project = MovieLensProject.create();
    List<String> selected =
        selection.resolve(project, settings, main.err).models().stream()
            .filter(n -> runs().contains(project.require(n).info().materialization()))
            .toList();
    PrintStream out = main.out;
    if (selected.isEmpty()) {
      out.println("Nothing to do: the selection matches no model this command runs.");
      return Main.OK;
    }
    try (Workspace ws = Workspace.open(s, project, main.err);
        var lock = ws.lockForWrites(spec.name())) {
      ws.context().checkInputs(selected);
      ws.context().createSchemas(selected);
      RunReport report =
          new Runner(ws.context(), s.incremental().lookBack(), s.quality(), out)
              .run(spec.name(), selected, fullRefresh, fullRefreshSnapshots);
      ClassDataArchive.ran(report);
      String written = RunResultsWriter.write(report, s.env().name(), ws.target());
      out.println("Run results: " + written);
      if (lock.lost()) {
        main.err.println(
            "error: another run took over this run's lock while it ran (its lease expired without"
                + " being renewed: see the log); check the tables it published");
        return Main.FAILED;
      }
      return report.succeeded() ? Main.OK : Main.FAILED;
    }
  }
}
