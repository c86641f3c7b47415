package io.reelhouse.movielens.cli;

import io.reelhouse.Workspace;
import io.reelhouse.config.Settings;
import io.reelhouse.model.Preflight;
import io.reelhouse.model.Selection;
import io.reelhouse.movielens.MovieLensProject;
import io.reelhouse.movielens.generate.MovieLensGenerator;
import io.reelhouse.movielens.generate.Shape;
import io.reelhouse.run.RunReport;
import io.reelhouse.run.RunResultsListener;
import io.reelhouse.run.Runner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Generates a small sample if there is none, builds everything, says where it went. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Generate a small sample into source.path if it holds no movies.csv, build every model"
          + " into the warehouse, and print where the tables are and how to query them."
    })
final class DemoCommand implements Callable<Integer> {
  @Mixin SettingsOptions settings;

  @ParentCommand Main main;

  @Option(
      names = "--scale",
      paramLabel = "S",
      defaultValue = "0.01",
      description = "Scale of the generated sample (default: ${DEFAULT-VALUE}).")
  double scale;

  @Override
  public Integer call() {
    Settings s = settings.load();
    if (s.sourcePath().contains("://")) {
      throw new IllegalArgumentException(
          "demo generates its sample on local disk, but source.path is " + s.sourcePath());
    }
    Path data = Path.of(s.sourcePath());
    if (!Files.exists(data.resolve("movies.csv"))) {
      main.out.printf(Locale.ROOT, "No sample in %s: generating one (scale %s)%n", data, scale);
      new MovieLensGenerator(Shape.atScale(scale), 42, main.err).generate(data);
    } else {
      main.out.println("Using the sample in " + data);
    }
    var project = MovieLensProject.create();
    List<String> all = Selection.select(project, List.of(), List.of());
    try (Workspace ws = Workspace.open(s, project);
        var lock = ws.lockForWrites("demo")) {
      Preflight.checkInputs(ws.context(), all);
      // A retry after the demo is a build with the demo's settings.
      var written =
          new RunResultsListener(
              project, ws.target(), settings.invocationArgs("build", Map.of(), s));
      RunReport report =
          new Runner(
                  ws.context(),
                  s.incremental().lookBack(),
                  s.quality(),
                  ModelsCommand.listeners(
                      main.out, written, ModelsCommand.manifest(s, project, ws)))
              .run("build", all, false);
      String results = written.written();
      if (!report.succeeded()) {
        main.out.println("The demo build failed; details above and in " + results);
        return Main.FAILED;
      }
      var naming = Workspace.naming(s);
      main.out.println();
      main.out.println(
          "Warehouse (Delta Lake): " + Path.of(s.warehouse().path()).toAbsolutePath().normalize());
      main.out.println(
          "Tables are named <schema>.<model>; schema = "
              + (s.env().prod() ? "<layer>" : s.env().name() + "_<layer>")
              + ":");
      for (var r : report.results()) {
        if (r.node().relation() != null) {
          main.out.printf(
              Locale.ROOT, "  %-40s %,d rows%n", r.node().relation(), r.rows().inTable());
        }
      }
      String fct = naming.table("fct", "fct_ratings").qualified();
      main.out.println();
      main.out.println("Query it:");
      main.out.println("  bin/reelhouse show mart_movie_releases --limit 5");
      main.out.println(
          "  bin/reelhouse show --inline \"select rating, count(*) as n from "
              + fct
              + " group by rating order by rating\"");
      main.out.println("Run results: " + results);
      return Main.OK;
    }
  }
}
