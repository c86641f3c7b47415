package io.reelhouse.movielens.cli;

import io.reelhouse.Workspace;
import io.reelhouse.config.Settings;
import io.reelhouse.model.Model;
import io.reelhouse.movielens.MovieLensProject;
import io.reelhouse.notebook.Notebook;
import io.reelhouse.notebook.NotebookRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    description = "Run a Databricks-source SQL notebook locally.",
    subcommands = {NotebookCommand.Run.class})
final class NotebookCommand extends CommandGroup {
  /** Runs each cell against the warehouse and prints its result. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = "Run every cell of a notebook against the warehouse and print each result.")
  static final class Run implements Callable<Integer> {
    @Mixin SettingsOptions settings;

    @ParentCommand NotebookCommand parent;

    @Parameters(
        paramLabel = "NOTEBOOK",
        description = "The notebook file, e.g. notebooks/movie_analysis.sql.")
    Path file;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "50",
        description = "Rows to print per result (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
      Settings s = settings.load();
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("notebook not found: " + file);
      }
      Notebook notebook;
      try {
        notebook = Notebook.parse(file.getFileName().toString(), Files.readString(file));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      }
      var project = MovieLensProject.create();
      try (Workspace ws = Workspace.open(s, project, parent.main.err)) {
        var layers =
            project.models().stream().map(Model::info).map(i -> i.layer()).distinct().toList();
        ws.warehouse().nameTables(); // cells name tables in the session's own SQL
        new NotebookRunner(ws.spark(), Workspace.naming(s), layers)
            .print(notebook, limit, parent.main.out);
      }
      return Main.OK;
    }
  }
}
