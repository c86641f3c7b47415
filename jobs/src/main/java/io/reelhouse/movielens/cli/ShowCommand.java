package io.reelhouse.movielens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelhouse.Workspace;
import io.reelhouse.config.Settings;
import io.reelhouse.model.Preflight;
import io.reelhouse.model.Project;
import io.reelhouse.movielens.MovieLensProject;
import io.reelhouse.spark.RowPrinter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
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
    @Option(
        names = {"-s", "--select"},
        paramLabel = "MODEL",
        description = "Model to show, as dbt show --select (one model).")
    String select;

    @Parameters(paramLabel = "MODEL", description = "Model to show (same as --select).")
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
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description =
          "dbt's output: text (a table), json ({\"node\": ..., \"show\": [rows]}) or csv"
              + " (default: text).")
  String output;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "Reelhouse's output: table, csv or json (one object per line).")
  String format;

  @Override
  public Integer call() {
    if (output != null && format != null) {
      throw new IllegalArgumentException("give --output or --format, not both");
    }
    boolean dbtJson = "json".equals(output);
    RowPrinter.Format f =
        format != null
            ? format(format, "--format")
            : format(output == null ? "text" : output, "--output");
    if (limit < 0) {
      throw new IllegalArgumentException("--limit must be 0 or more, got " + limit);
    }
    Settings s = settings.load();
    Project project = MovieLensProject.create();
    String model = what.inline != null ? null : selectedModel(project);
    try (Workspace ws = Workspace.open(s, project)) {
      Dataset<Row> rows;
      if (model == null) {
        rows = ws.warehouse().sql(what.inline);
      } else {
        if (!project.require(model).info().materialization().isPublished()) {
          Preflight.checkInputs(ws.context(), List.of(model));
        }
        rows = ws.context().rowsOf(model);
      }
      if (dbtJson) {
        printDbtJson(model == null ? "inline_query" : model, rows);
      } else {
        RowPrinter.print(rows, limit, f, main.out);
      }
    }
    return Main.OK;
  }

  private static RowPrinter.Format format(String value, String option) {
    String v = value.toLowerCase(Locale.ROOT);
    if (option.equals("--output")) {
      return switch (v) {
        case "text" -> RowPrinter.Format.TABLE;
        case "csv" -> RowPrinter.Format.CSV;
        case "json" -> RowPrinter.Format.JSON;
        default ->
            throw new IllegalArgumentException(
                "--output must be text, json or csv, got '" + value + "'");
      };
    }
    try {
      return RowPrinter.Format.valueOf(v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--format must be table, csv or json, got '" + value + "'");
    }
  }

  /** The one model that --select or the positional name picks, checked before any Spark work. */
  private String selectedModel(Project project) {
    if (what.model != null) {
      return project.require(what.model).name();
    }
    SelectionOptions one = new SelectionOptions();
    one.select = List.of(what.select);
    List<String> models = one.resolve(project, settings, main.err).models();
    if (models.size() != 1) {
      throw new IllegalArgumentException(
          "show --select must pick one model; '"
              + what.select
              + "' picks "
              + (models.isEmpty() ? "none" : models.size() + ": " + String.join(", ", models)));
    }
    return models.get(0);
  }

  /** dbt show --output json: {"node": name, "show": [row, ...]}. */
  private void printDbtJson(String node, Dataset<Row> rows) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode out = json.createObjectNode();
    out.put("node", node);
    var show = out.putArray("show");
    try {
      for (String row : rows.limit(limit).toJSON().collectAsList()) {
        show.add(json.readTree(row));
      }
      main.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(out));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
