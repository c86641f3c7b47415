package io.reelhouse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelhouse.bench.Steps.Step;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times what a data engineer runs, each step as its own fresh process with the launcher's JVM
 * options (so its heap is what {@code bin/reelhouse} gives): a full build, a build with nothing
 * changed, a {@code --full-refresh} build and the build after it, an incremental build after one
 * new rating (the cost of a run apart from its rows), one after 1% new ratings and 0.2% late ones
 * (inside the look-back), a snapshot after 1% of tags changed; and, on the same files at the same
 * moment, the DuckDB reference implementation. Writes {@code <dir>/<time>.json} and {@code
 * <dir>/<time>.md} and prints the table.
 *
 * <p>Its own program, outside the product and its cluster jars: {@code bin/reelhouse bench} runs it
 * with the product's classpath and this module's classes.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Time a full build, a build with nothing changed, a --full-refresh build and the build"
          + " after it, an incremental build of 1 new rating (the fixed cost of a run), one of"
          + " 1%% new ratings (0.2%% late) and a snapshot run"
          + " (1%% of tags changed) on generated data, each in a fresh JVM, beside the DuckDB"
          + " reference on the same files.",
      "Writes <dir>/<time>.json and <dir>/<time>.md and prints the table."
    })
public final class BenchCommand implements Callable<Integer> {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int CANNOT_START = 2;

  @Option(
      names = "--scale",
      paramLabel = "S",
      required = true,
      description = "Size of the generated data, a fraction of ML-25M (1.0 = 25M ratings).")
  double scale;

  @Option(
      names = "--runs",
      paramLabel = "N",
      defaultValue = "1",
      description = "Repetitions of the steps (default: ${DEFAULT-VALUE}); each is fresh.")
  int runs;

  @Option(
      names = "--with-reference",
      paramLabel = "JAR",
      description =
          "The DuckDB reference's oracle.jar (a separate Maven project, built with mvn package):"
              + " timed on the same files in each run.")
  Path reference;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = "target/bench",
      description =
          "Where data (data/scale-S, reused while its manifest matches), work folders and"
              + " reports go (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--warm-driver",
      description =
          "Also time the steps as commands of one reelhouse shell, a driver that stays up"
              + " between them (as a notebook's or an all-purpose cluster's), on fresh copies of"
              + " the same files.")
  boolean warmDriver;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "Generator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  private final PrintStream out;
  private final PrintStream err;
  private final ObjectMapper json = new ObjectMapper();

  BenchCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(execute(args, System.out, System.err));
  }

  /** Runs the bench with these arguments; returns its exit code. */
  static int execute(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new BenchCommand(out, err));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          err.println("error: " + e.getMessage());
          return e instanceof IllegalArgumentException ? CANNOT_START : FAILED;
        });
    return cli.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be 1 or more, got " + runs);
    }
    if (reference != null && !Files.isRegularFile(reference)) {
      throw new IllegalArgumentException(
          "--with-reference " + reference + ": no such file (build the reference with Maven)");
    }
    Path data = dir.resolve("data").resolve("scale-" + scale);
    BenchData.Facts facts = BenchData.ensure(data, scale, seed, err);
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    if (Steps.heapOptions().stream().noneMatch(o -> o.startsWith("-XX:SharedArchiveFile="))) {
      err.println(
          "Note: no class-data archive, so each step loads and verifies its classes again;"
              + " bin/reelhouse writes one at the first build or demo after the jars change.");
    }
    Steps steps = new Steps(err);
    ArrayNode runsJson = json.createArrayNode();
    List<List<Step>> all = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      err.printf(Locale.ROOT, "Run %d of %d%n", run, runs);
      List<Step> done = oneRun(steps, data, facts);
      all.add(done);
      ObjectNode r = runsJson.addObject();
      r.put("run", run);
      ArrayNode s = r.putArray("steps");
      done.forEach(st -> s.add(BenchReport.toJson(st)));
    }
    ObjectNode report = json.createObjectNode();
    report.put("generated_at", Instant.now().toString());
    report.put("scale", scale);
    report.put("ratings", facts.ratings());
    report.put("cores", Runtime.getRuntime().availableProcessors());
    report.put("jvm_options", String.join(" ", Steps.heapOptions()));
    report.put("data", data.toAbsolutePath().toString());
    report.set("runs", runsJson);
    String md = BenchReport.markdown(scale, all, facts);
    Files.createDirectories(dir);
    Path jsonFile = dir.resolve(stamp + ".json");
    Files.writeString(jsonFile, report.toPrettyString());
    Files.writeString(dir.resolve(stamp + ".md"), md);
    out.print(md);
    out.println("Report: " + jsonFile.toAbsolutePath());
    boolean failed = all.stream().flatMap(List::stream).anyMatch(st -> st.exitCode() != 0);
    return failed ? FAILED : OK;
  }

  /** One run of the steps on a fresh work folder. */
  private List<Step> oneRun(Steps steps, Path data, BenchData.Facts facts) throws Exception {
    Path work = dir.resolve("work");
    BenchData.deleteTree(work);
    Path source = work.resolve("source");
    BenchData.prepareSource(data, source);
    List<Step> done = new ArrayList<>();
    if (reference != null) {
      done.add(steps.reference(reference, data, work));
    }
    done.addAll(
        steps.sequence("", source, facts, (name, command) -> steps.reelhouse(name, work, command)));
    if (warmDriver) {
      done.addAll(steps.inShell(data, work, facts));
    }
    return done;
  }
}
