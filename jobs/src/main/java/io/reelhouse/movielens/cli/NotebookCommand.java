package io.reelhouse.movielens.cli;

import io.reelhouse.Workspace;
import io.reelhouse.config.Settings;
import io.reelhouse.movielens.MovieLensProject;
import io.reelhouse.notebook.JupyterNotebook;
import io.reelhouse.notebook.Notebook;
import io.reelhouse.notebook.NotebookReport;
import io.reelhouse.notebook.NotebookRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Notebooks: ad-hoc analyses as Databricks-source SQL notebooks. */
@Command(
    name = "notebook",
    mixinStandardHelpOptions = true,
    description = "Run a Databricks-source SQL notebook locally, or export it for Jupyter.",
    subcommands = {NotebookCommand.Run.class, NotebookCommand.Export.class})
final class NotebookCommand extends CommandGroup {
  /** Runs each cell against the warehouse, prints its result and, if asked, writes a report. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Run every cell of a notebook against the warehouse and print each result.",
        "Parameters are the notebook's widgets: --param catalog=... (default: the session's"
            + " catalog) and the schemas it reads, e.g. --param fct_schema=local_fct."
      })
  static final class Run implements Callable<Integer> {
    @Mixin SettingsOptions settings;

    @ParentCommand NotebookCommand parent;

    @Parameters(
        paramLabel = "NOTEBOOK",
        description =
            "The notebook file, e.g. notebooks/movie_analysis.sql, or its name in notebooks/"
                + " (movie_analysis).")
    String name;

    @Option(
        names = "--param",
        paramLabel = "NAME=VALUE",
        description = "A widget's value, e.g. --param fct_schema=local_fct; repeat for each.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(
        names = "--html",
        paramLabel = "FILE",
        description =
            "Also write an HTML report: each result as a table, and a chart where it has one.")
    Path html;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "50",
        description =
            "Rows to print (and to show in the report) per result (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
      Settings s = settings.load();
      Path file = locate(name);
      Notebook notebook;
      try {
        notebook = Notebook.parse(file.getFileName().toString(), Files.readString(file));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      }
      var project = MovieLensProject.create();
      try (Workspace ws = Workspace.open(s, project)) {
        ws.warehouse().nameTables(); // cells name tables in the session's own SQL
        Map<String, String> values = new LinkedHashMap<>(params);
        if (notebook.widget("catalog").isPresent()) {
          values.putIfAbsent("catalog", ws.spark().catalog().currentCatalog());
        }
        var runner = new NotebookRunner(ws.spark());
        var results = runner.run(notebook, values);
        runner.print(results, limit, parent.main.out);
        if (html != null) {
          writeReport(notebook, values, results);
        }
      }
      return Main.OK;
    }

    private void writeReport(
        Notebook notebook, Map<String, String> values, List<NotebookRunner.Result> results) {
      try {
        Path parentDir = html.toAbsolutePath().getParent();
        Files.createDirectories(parentDir);
        Files.writeString(html, NotebookReport.render(notebook, values, results, limit));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write report " + html + ": " + e.getMessage(), e);
      }
      parent.main.err.println("report: " + html);
    }

    /** A file path as given, else notebooks/NAME or notebooks/NAME.sql. */
    static Path locate(String name) {
      for (Path p :
          List.of(Path.of(name), Path.of("notebooks", name), Path.of("notebooks", name + ".sql"))) {
        if (Files.isRegularFile(p)) {
          return p;
        }
      }
      throw new IllegalArgumentException(
          "notebook not found: " + name + " (looked for it as a file and in notebooks/)");
    }
  }

  /** Writes a notebook as .ipynb for EMR Studio and Jupyter; needs no Spark. */
  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Write a notebook as a Jupyter notebook (.ipynb) for EMR Studio or Jupyter with a PySpark"
              + " kernel: the widgets become a cell tagged 'parameters', each statement"
              + " spark.sql(text, args=params).")
  static final class Export implements Callable<Integer> {
    @ParentCommand NotebookCommand parent;

    @Parameters(
        paramLabel = "NOTEBOOK",
        description = "The notebook file, or its name in notebooks/ (movie_analysis).")
    String name;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Where to write it (default: target/notebooks/NAME.ipynb).")
    Path out;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "50",
        description = "Rows each cell shows (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() throws IOException {
      Path file = Run.locate(name);
      String fileName = file.getFileName().toString();
      Notebook notebook = Notebook.parse(fileName, Files.readString(file));
      Path target =
          out != null
              ? out
              : Path.of("target", "notebooks", fileName.replaceFirst("\\.sql$", "") + ".ipynb");
      Path dir = target.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Files.writeString(target, JupyterNotebook.of(notebook, limit));
      parent.main.out.println(target);
      return Main.OK;
    }
  }
}
