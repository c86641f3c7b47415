package io.reelhouse.movielens.cli;

import com.sun.net.httpserver.HttpServer;
import io.reelhouse.Workspace;
import io.reelhouse.artifacts.Catalog;
import io.reelhouse.config.Settings;
import io.reelhouse.docs.DocsSite;
import io.reelhouse.docs.RunHistory;
import io.reelhouse.model.Model;
import io.reelhouse.model.Project;
import io.reelhouse.quality.MetricsHistory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** dbt docs: a static site of the models, their lineage and quality, and a way to serve it. */
@Command(
    name = "docs",
    mixinStandardHelpOptions = true,
    description = "Generate or serve the documentation site.",
    subcommands = {DocsCommand.Generate.class, DocsCommand.Serve.class})
final class DocsCommand extends CommandGroup {
  /** Writes target/manifest.json, target/catalog.json and target/docs/. */
  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description =
          "Write target/docs/ (open index.html from disk), target/manifest.json and"
              + " target/catalog.json.")
  static final class Generate extends ProjectCommand {

    @ParentCommand DocsCommand parent;

    @Override
    int call(Settings s, Project project) throws IOException {
      try (Workspace ws = Workspace.open(s, project)) {
        var ctx = ws.context();
        var target = ws.target();
        DocsSite site =
            new DocsSite(
                project,
                Workspace.naming(s),
                s.env().name(),
                (Model m) -> schemaOf(ctx, m),
                MetricsHistory.rowCounts(ws.spark(), s.quality().metricsPath()),
                RunHistory.read(target));
        if (target.isLocal()) {
          Path local = target.localPath();
          Path index = site.write(local);
          parent.main.out.println("Docs: " + index.toAbsolutePath());
        } else {
          // The site is written on the driver's disk, then copied to the object store.
          Path staging = Files.createTempDirectory("reelhouse-docs");
          try {
            site.write(staging);
            target.copyFromLocal(staging, "");
          } finally {
            org.apache.commons.io.FileUtils.deleteQuietly(staging.toFile());
          }
          parent.main.out.println("Docs: " + target.uri("docs/index.html"));
        }
        // As dbt's docs generate: the manifest, and the catalog of what the warehouse holds.
        String invocationId = UUID.randomUUID().toString();
        parent.main.out.println(
            "Manifest: "
                + ModelsCommand.manifestOf(s, project).write(target, invocationId, Instant.now()));
        parent.main.out.println(
            "Catalog: "
                + new Catalog(project, Workspace.naming(s))
                    .write(target, invocationId, m -> tableOf(ws, m)));
      }
      return Main.OK;
    }

    /**
     * A published model's table, with its row count; empty when it is not there. The count runs
     * where the data lives (Snowflake counts its own table; nothing travels back to Spark).
     */
    private static Optional<Catalog.Table> tableOf(Workspace ws, Model m) {
      var warehouse = ws.warehouse();
      var table = ws.context().tableOf(m);
      if (!warehouse.exists(table)) {
        return Optional.empty();
      }
      long rows =
          warehouse.sql("SELECT COUNT(*) FROM " + warehouse.sqlName(table)).head().getLong(0);
      return Optional.of(new Catalog.Table(warehouse.read(table).schema(), rows));
    }

    /** Columns and types: the published table's, or a view's as it would build; else unknown. */
    private static Optional<StructType> schemaOf(io.reelhouse.model.RunContext ctx, Model m) {
      try {
        return Optional.of(ctx.rowsOf(m.name()).schema());
      } catch (Exception e) { // not built yet, or its source is missing: types stay unknown
        return Optional.empty();
      }
    }
  }

  /** Serves target/docs on 127.0.0.1 until interrupted. */
  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = "Serve target/docs/ on http://127.0.0.1:PORT until interrupted.")
  static final class Serve implements Callable<Integer> {
    @Mixin SettingsOptions settings;

    @ParentCommand DocsCommand parent;

    @Option(
        names = "--port",
        defaultValue = "8080",
        description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
      Settings s = settings.load();
      if (s.targetPath().matches("^[a-zA-Z][a-zA-Z0-9+.-]*:/.*")
          && !s.targetPath().startsWith("file:")) {
        throw new IllegalArgumentException(
            "docs serve serves a folder on this machine, and target.path is "
                + s.targetPath()
                + ": copy its docs/ folder here and open docs/index.html, or pass"
                + " -Dtarget.path=<local folder> to docs generate");
      }
      Path root = Path.of(s.targetPath(), "docs").toAbsolutePath().normalize();
      if (!Files.isRegularFile(root.resolve("index.html"))) {
        throw new IllegalArgumentException(
            "no docs in " + root + ": run reelhouse docs generate first");
      }
      HttpServer server;
      try {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
      }
      server.createContext(
          "/",
          exchange -> {
            String path = exchange.getRequestURI().getPath();
            Path file =
                root.resolve(path.equals("/") ? "index.html" : path.substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
              exchange.sendResponseHeaders(404, -1);
              exchange.close();
              return;
            }
            byte[] body = Files.readAllBytes(file);
            String name = file.getFileName().toString();
            String type =
                name.endsWith(".html")
                    ? "text/html; charset=utf-8"
                    : name.endsWith(".css")
                        ? "text/css"
                        : name.endsWith(".svg") ? "image/svg+xml" : "application/octet-stream";
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
      parent.main.out.println(
          "Serving "
              + root
              + " at http://127.0.0.1:"
              + server.getAddress().getPort()
              + "/ (Ctrl-C to stop)");
      new CountDownLatch(1).await();
      return Main.OK;
    }
  }
}
