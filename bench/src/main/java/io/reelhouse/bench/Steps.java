package io.reelhouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelhouse.movielens.cli.Main;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs and times the bench's steps: each {@code reelhouse} command as a fresh JVM with this JVM's
 * options and classpath (the launcher's), the DuckDB reference, or the commands of one running
 * {@code reelhouse shell}. A step's figures come from the wall clock, its {@code run_results.json}
 * and, for a fresh JVM, the {@link RunMetrics} file it wrote at exit.
 */
final class Steps {
  /** The step that shows what an incremental run costs apart from its rows. */
  static final String ONE_RATING = "incremental build, 1 rating";

  static final String REFERENCE = "DuckDB reference";

  /** A build right after the full build: every model's inputs are as it was built from. */
  static final String NOTHING_CHANGED = "nothing changed";

  /** Every model rebuilt from its files over the existing warehouse. */
  static final String FULL_REFRESH = "build --full-refresh";

  /** What {@code reelhouse shell} prints after each command. */
  private static final Pattern EXIT_LINE = Pattern.compile("^\\[exit (\\d+) in [0-9.]+ s\\]$");

  private final ObjectMapper json = new ObjectMapper();
  private final PrintStream err;

  Steps(PrintStream err) {
    this.err = err;
  }

  /** One timed step. */
  record Step(
      String name,
      double wallSeconds,
      double runSeconds,
      int exitCode,
      long rowsWritten,
      JsonNode metrics,
      Map<String, Double> modelSeconds) {}

  /** The JVM options of this process that size it (the launcher's): children get the same. */
  static List<String> heapOptions() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-XX:"))
        .toList();
  }

  /** {@code reelhouse <command>} on the work folder's files, in a fresh JVM. */
  Step reelhouse(String name, Path work, String command) throws Exception {
    Path metrics = work.resolve(name.replace(' ', '-') + ".metrics.json");
    Path target = work.resolve("target");
    List<String> cmd = reelhouseCommand(RunMetrics.jvmOptions(metrics).toArray(String[]::new));
    cmd.addAll(List.of(command.split(" ")));
    cmd.add("-Denv.name=bench");
    cmd.add("-Dsource.path=" + work.resolve("source").toAbsolutePath());
    cmd.add("-Dwarehouse.path=" + work.resolve("warehouse").toAbsolutePath());
    cmd.add("-Dtarget.path=" + target.toAbsolutePath());
    Timed t = timed(name, cmd, work.resolve(name.replace(' ', '-') + ".log"));
    JsonNode m = Files.isRegularFile(metrics) ? json.readTree(metrics.toFile()) : json.nullNode();
    return step(name, t.wallSeconds(), t.exitCode(), target, m);
  }

  /** A timed step with what its run_results.json says: time in the run, rows, seconds per model. */
  private Step step(String name, double wall, int exit, Path target, JsonNode metrics)
      throws IOException {
    Path file = target.resolve("run_results.json");
    JsonNode results = Files.isRegularFile(file) ? json.readTree(file.toFile()) : json.nullNode();
    Map<String, Double> perModel = new LinkedHashMap<>();
    long rows = 0;
    for (JsonNode r : io.reelhouse.run.RunResultsListener.byModel(results).values()) {
      perModel.put(r.path("name").asText(), r.path("execution_time").asDouble());
      rows += Math.max(0, r.path("rows_affected").asLong());
    }
    return new Step(
        name, wall, results.path("elapsed_time").asDouble(), exit, rows, metrics, perModel);
  }

  /** java with this JVM's options (the launcher's) and classpath, running Reelhouse's main. */
  private static List<String> reelhouseCommand(String... jvmOptions) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    cmd.addAll(List.of(jvmOptions));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
    cmd.add(Main.class.getName());
    return cmd;
  }

  /** Echoes a child's progress lines (one per model, and the summary). */
  private void echoProgress(String line) {
    if (line.matches("^\\d+ of \\d+ .*") || line.startsWith("Finished ")) {
      err.println("    " + line);
    }
  }

  /** Runs one named step: a {@code reelhouse} command. */
  @FunctionalInterface
  interface Runner {
    Step run(String name, String command) throws Exception;
  }

  /**
   * The timed Reelhouse steps on a prepared work folder whose raw files are in {@code source}, each
   * change to the files made just before the step that reads it: a full build; a build with nothing
   * changed; a {@code --full-refresh} build and the build after it; one rating appended ({@link
   * #ONE_RATING}); new and late ratings appended (incremental build); tags changed (snapshot). Step
   * names start with {@code prefix}.
   */
  List<Step> sequence(String prefix, Path source, BenchData.Facts facts, Runner run)
      throws Exception {
    List<Step> done = new ArrayList<>();
    done.add(run.run(prefix + "full build", "build"));
    done.add(run.run(prefix + NOTHING_CHANGED, "build"));
    done.add(run.run(prefix + FULL_REFRESH, "build --full-refresh"));
    done.add(run.run(prefix + "after full refresh, nothing changed", "build"));
    err.printf(
        Locale.ROOT,
        "  appended %s%n",
        BenchData.appendOneRating(source.resolve("ratings.csv"), facts));
    done.add(run.run(prefix + ONE_RATING, "build"));
    long[] added = BenchData.appendRatings(source.resolve("ratings.csv"), facts);
    err.printf(Locale.ROOT, "  appended %,d new and %,d late ratings%n", added[0], added[1]);
    done.add(run.run(prefix + "incremental build", "build"));
    err.printf(
        Locale.ROOT,
        "  changed %,d tags%n",
        BenchData.changeTags(source.resolve("tags.csv"), facts));
    done.add(run.run(prefix + "snapshot", "snapshot"));
    return done;
  }

  /** The steps again, as commands of one {@code reelhouse shell} on a fresh work folder. */
  List<Step> inShell(Path data, Path work, BenchData.Facts facts) throws Exception {
    BenchData.deleteTree(work);
    Path source = work.resolve("source");
    BenchData.prepareSource(data, source);
    List<String> cmd = reelhouseCommand();
    cmd.add("shell");
    err.println("  reelhouse shell (one JVM for the steps) ...");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<Step> steps = new ArrayList<>();
    try (BufferedReader out =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        BufferedWriter in =
            new BufferedWriter(
                new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
        BufferedWriter log = Files.newBufferedWriter(work.resolve("shell.log"))) {
      Shell shell = new Shell(in, out, log);
      steps.addAll(
          sequence("shell: ", source, facts, (name, command) -> shell.step(name, work, command)));
      in.write("exit\n");
      in.flush();
    } finally {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    return steps;
  }

  /** A running {@code reelhouse shell}: sends a command, waits for its {@code [exit N ...]}. */
  private final class Shell {
    private final BufferedWriter in;
    private final BufferedReader out;
    private final BufferedWriter log;

    Shell(BufferedWriter in, BufferedReader out, BufferedWriter log) {
      this.in = in;
      this.out = out;
      this.log = log;
    }

    Step step(String name, Path work, String command) throws IOException {
      err.printf(Locale.ROOT, "  %s ...%n", name);
      Path target = work.resolve("target");
      Files.deleteIfExists(target.resolve("run_results.json"));
      long t0 = System.nanoTime();
      in.write(
          String.join(
                  " ",
                  command,
                  "-Denv.name=bench",
                  quoted("source.path", work.resolve("source")),
                  quoted("warehouse.path", work.resolve("warehouse")),
                  quoted("target.path", target))
              + "\n");
      in.flush();
      int exit = -1;
      for (String line; (line = out.readLine()) != null; ) {
        log.write(line + "\n");
        Matcher m = EXIT_LINE.matcher(line);
        if (m.matches()) {
          exit = Integer.parseInt(m.group(1));
          break;
        }
        echoProgress(line);
      }
      log.flush();
      double wall = (System.nanoTime() - t0) / 1e9;
      err.printf(Locale.ROOT, "  %s: %.1fs, exit %d%n", name, wall, exit);
      return Steps.this.step(name, wall, exit, target, json.nullNode());
    }
  }

  /** A -D setting as one shell word, whatever the path holds. */
  static String quoted(String key, Path path) {
    return "'-D" + key + "=" + path.toAbsolutePath().toString().replace("'", "'\\''") + "'";
  }

  /** The DuckDB reference's run on the same files: its wall time and its pipeline's own time. */
  Step reference(Path jar, Path data, Path work) throws Exception {
    Path out = work.resolve("reference.json");
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            jar.toAbsolutePath().toString(),
            "run",
            "--data",
            data.toAbsolutePath().toString(),
            "--db",
            work.resolve("reference.duckdb").toAbsolutePath().toString(),
            "--quiet",
            "--out",
            out.toAbsolutePath().toString());
    Timed t = timed(REFERENCE, cmd, work.resolve("reference.log"));
    JsonNode r = Files.isRegularFile(out) ? json.readTree(out.toFile()) : json.nullNode();
    double pipeline = r.path("timings_ms").path("pipeline_total").asDouble() / 1000;
    return new Step(
        REFERENCE, t.wallSeconds(), pipeline, t.exitCode(), 0, json.nullNode(), Map.of());
  }

  /** A finished process: wall seconds and exit code. */
  private record Timed(double wallSeconds, int exitCode) {}

  /** Runs a process, its output to {@code log} and its model lines echoed; the wall seconds. */
  private Timed timed(String name, List<String> cmd, Path log) throws Exception {
    err.printf(Locale.ROOT, "  %s ...%n", name);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    long t0 = System.nanoTime();
    Process p = pb.start();
    try (BufferedReader in =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        BufferedWriter w = Files.newBufferedWriter(log)) {
      for (String line; (line = in.readLine()) != null; ) {
        w.write(line + "\n");
        echoProgress(line);
      }
    }
    int exit = p.waitFor();
    double wall = (System.nanoTime() - t0) / 1e9;
    err.printf(
        Locale.ROOT,
        "  %s: %.1fs, exit %d%s%n",
        name,
        wall,
        exit,
        exit == 0 ? "" : " (see " + log + ")");
    return new Timed(wall, exit);
  }
}
