package io.reelhouse.movielens.cli;

import io.reelhouse.Workspace;
import io.reelhouse.config.Settings;
import io.reelhouse.movielens.MovieLensProject;
import io.reelhouse.spark.RowPrinter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Prints a model's rows or a query's result; data alone on stdout, so it pipes. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Print the rows of a model, or the result of a SQL query over the warehouse (dbt show).",
      "Tables are named <schema>.<model>, e.g. local_fct.fct_ratings (reelhouse ls lists them)."
    })
final class ShowCommand implements Callable<Integer> {
  @Mixin SettingsOptions settings;

  @ParentCommand Main main;

  @ArgGroup(multiplicity = "1")
  What what;

  static final class What {
    @Parameters(paramLabel = "MODEL", description = "Model to show.")
    String model;

    @Option(names = "--inline", paramLabel = "SQL", description = "SQL query to run instead.")
    String inline;
  }

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "5",
      description = "Rows to print (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table, csv or json (one object per line) (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() {
    RowPrinter.Format f;
    try {
      f = RowPrinter.Format.valueOf(format.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--format must be table, csv or json, got '" + format + "'");
    }
    if (limit < 0) {
      throw new IllegalArgumentException("--limit must be 0 or more, got " + limit);
    }
    Settings s = settings.load();
    try (Workspace ws = Workspace.open(s, MovieLensProject.create(), main.err)) {
      Dataset<Row> rows;
      if (what.inline != null) {
        rows = ws.warehouse().sql(what.inline);
      } else {
        var model = ws.context().project().require(what.model);
        if (!model.info().materialization().isPublished()) {
          ws.context().checkInputs(java.util.List.of(what.model));
        }
        rows = ws.context().rowsOf(what.model);
      }
      RowPrinter.print(rows, limit, f, main.out);
    }
    return Main.OK;
  }
}
