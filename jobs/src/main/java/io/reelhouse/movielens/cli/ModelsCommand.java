package io.reelhouse.movielens.cli;

import io.reelhouse.Workspace;
import io.reelhouse.artifacts.Manifest;
import io.reelhouse.artifacts.ManifestListener;
import io.reelhouse.config.Settings;
import io.reelhouse.model.Materialization;
import io.reelhouse.model.Preflight;
import io.reelhouse.model.Project;
import io.reelhouse.run.ConsoleListener;
import io.reelhouse.run.RunListener;
import io.reelhouse.run.RunReport;
import io.reelhouse.run.RunResultsListener;
import io.reelhouse.run.Runner;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** run, seed and build: select models, run them in dependency order, write run_results.json. */
abstract class ModelsCommand extends ProjectCommand {

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
  int call(Settings s, Project project) {
    List<String> selected =
        selection.resolve(project, settings, main.err).models().stream()
            .filter(n -> runs().contains(project.require(n).info().materialization()))
            .toList();
    return runModels(
        main,
        s,
        project,
        spec.name(),
        selected,
        fullRefresh,
        fullRefreshSnapshots,
        withRefresh(args(spec.name(), selection, s)));
  }

  /**
   * Runs {@code selected} (names, in dependency order) as the command {@code command}, under the
   * warehouse's lock, and writes run_results.json with {@code args}; returns the exit code.
   */
  static int runModels(
      Main main,
      Settings s,
      Project project,
      String command,
      List<String> selected,
      boolean fullRefresh,
      boolean fullRefreshSnapshots,
      Map<String, Object> args) {
    PrintStream out = main.out;
    if (selected.isEmpty()) {
      out.println("Nothing to do: the selection matches no model this command runs.");
      return Main.OK;
    }
    try (Workspace ws = Workspace.open(s, project);
        var lock = ws.lockForWrites(command)) {
      Preflight.checkInputs(ws.context(), selected);
      Preflight.createSchemas(ws.context(), selected);
      var results = new RunResultsListener(project, ws.target(), args);
      RunReport report =
          new Runner(
                  ws.context(),
                  s.incremental().lookBack(),
                  s.quality(),
                  listeners(out, results, manifest(s, project, ws)))
              .run(command, selected, fullRefresh, fullRefreshSnapshots);
      out.println("Run results: " + results.written());
      if (lock.lost()) {
        main.err.println(
            "error: another run took over this run's lock while it ran (its lease expired without"
                + " being renewed: see the log); check the tables it published");
        return Main.FAILED;
      }
      return report.succeeded() ? Main.OK : Main.FAILED;
    }
  }

  /**
   * The console, manifest.json (written as the run starts), run_results.json and the class-data
   * archive's marker hear every run.
   */
  static RunListener listeners(
      PrintStream out, RunResultsListener results, ManifestListener manifest) {
    return RunListener.all(
        List.of(new ConsoleListener(out), manifest, results, ClassDataArchive.listener()));
  }

  /** Writes the project's manifest.json to the workspace's target folder when a run starts. */
  static ManifestListener manifest(Settings s, Project project, Workspace ws) {
    return new ManifestListener(manifestOf(s, project), ws.target());
  }

  /** The project's manifest, with the settings' schema names and warehouse type. */
  static Manifest manifestOf(Settings s, Project project) {
    return new Manifest(project, Workspace.naming(s), s.warehouse().type());
  }

  private Map<String, Object> withRefresh(Map<String, Object> args) {
    args.put("full_refresh", fullRefresh);
    args.put("full_refresh_snapshots", fullRefreshSnapshots);
    return args;
  }
}
