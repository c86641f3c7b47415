package io.reelhouse.movielens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelhouse.movielens.generate.MovieLensGenerator;
import io.reelhouse.movielens.generate.Shape;
import io.reelhouse.spark.RunMetrics;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Times what a data engineer runs, each step as its own fresh process with the launcher's JVM
 * options (so its heap is what {@code bin/reelhouse} gives): a full build, an incremental build
 * after one new rating (the cost of a run apart from its rows), one after 1% new ratings and 0.2%
 * late ones (inside the look-back), a snapshot after 1% of tags changed; and, on the same files at
 * the same moment, the DuckDB reference implementation. Writes {@code <dir>/<time>.json} and {@code
 * <dir>/<time>.md} and prints the table.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Time a full build, an incremental build of 1 new rating (the fixed cost of a run), one of"
          + " 1%% new ratings (0.2%% late) and a snapshot run"
          + " (1%% of tags changed) on generated data, each in a fresh JVM, beside the DuckDB"
          + " reference on the same files.",
      "Writes <dir>/<time>.json and <dir>/<time>.md and prints the table."
    })
final class BenchCommand implements Callable<Integer> {
  @ParentCommand Main main;

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
          "The DuckDB reference's oracle.jar (shared/tools/duckdb-reference, built with Maven):"
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

  private final ObjectMapper json = new ObjectMapper();

  /** What the steps need to know of the data, found once after generating it. */
  record Facts(long ratings, int maxUser, long maxRatingTime, long maxTagTime, int[] movies) {}

  /** One timed step. */
  record Step(
      String name,
      double wallSeconds,
      double runSeconds,
      int exitCode,
      long rowsWritten,
      JsonNode metrics,
      Map<String, Double> modelSeconds) {}

  @Override
  public Integer call() throws Exception {
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be 1 or more, got " + runs);
    }
    if (reference != null && !Files.isRegularFile(reference)) {
      throw new IllegalArgumentException(
          "--with-reference "
              + reference
              + ": no such file (build it: mvn -q -B package in"
              + " shared/tools/duckdb-reference)");
    }
    Path data = dir.resolve("data").resolve("scale-" + scale);
    Facts facts = ensureData(data);
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    if (heapOptions().stream().noneMatch(o -> o.startsWith("-XX:SharedArchiveFile="))) {
      main.err.println(
          "Note: no class-data archive, so each step loads and verifies its classes again (2-8 s"
              + " a step); bin/reelhouse writes one at the first build or demo after the jars"
              + " change.");
    }
    ArrayNode runsJson = json.createArrayNode();
    List<List<Step>> all = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      main.err.printf(Locale.ROOT, "Run %d of %d%n", run, runs);
      Path work = dir.resolve("work");
      deleteTree(work);
      Path source = work.resolve("source");
      prepareSource(data, source);
      List<Step> steps = new ArrayList<>();
      if (reference != null) {
        steps.add(reference(data, work));
      }
      Step full = reelhouse("full build", work, "build");
      steps.add(full);
      main.err.printf(
          Locale.ROOT, "  appended %s%n", appendOneRating(source.resolve("ratings.csv"), facts));
      steps.add(reelhouse(ONE_RATING, work, "build"));
      long[] added = appendRatings(source.resolve("ratings.csv"), facts);
      main.err.printf(Locale.ROOT, "  appended %,d new and %,d late ratings%n", added[0], added[1]);
      steps.add(reelhouse("incremental build", work, "build"));
      main.err.printf(
          Locale.ROOT, "  changed %,d tags%n", changeTags(source.resolve("tags.csv"), facts));
      steps.add(reelhouse("snapshot", work, "snapshot"));
      if (warmDriver) {
        steps.addAll(inShell(data, work, facts));
      }
      all.add(steps);
      ObjectNode r = runsJson.addObject();
      r.put("run", run);
      ArrayNode s = r.putArray("steps");
      steps.forEach(st -> s.add(toJson(st)));
    }
    ObjectNode report = json.createObjectNode();
    report.put("generated_at", Instant.now().toString());
    report.put("scale", scale);
    report.put("ratings", facts.ratings());
    report.put("cores", Runtime.getRuntime().availableProcessors());
    report.put("jvm_options", String.join(" ", heapOptions()));
    report.put("data", data.toAbsolutePath().toString());
    report.set("runs", runsJson);
    String md = markdown(all, facts);
    Files.createDirectories(dir);
    Path jsonFile = dir.resolve(stamp + ".json");
    Files.writeString(jsonFile, report.toPrettyString());
    Files.writeString(dir.resolve(stamp + ".md"), md);
    main.out.print(md);
    main.out.println("Report: " + jsonFile.toAbsolutePath());
    boolean failed = all.stream().flatMap(List::stream).anyMatch(st -> st.exitCode() != 0);
    return failed ? Main.FAILED : Main.OK;
  }

  // --- data --------------------------------------------------------------------------------

  /** Generates the data unless the folder's manifest says it holds this scale and seed. */
  private Facts ensureData(Path data) throws IOException {
    Path manifest = data.resolve("bench-manifest.json");
    if (Files.isRegularFile(manifest)) {
      JsonNode m = json.readTree(manifest.toFile());
      if (m.path("scale").asDouble() == scale
          && m.path("seed").asLong() == seed
          && sizesMatch(data, m.path("files"))) {
        main.err.println("Reusing " + data.toAbsolutePath() + " (its manifest matches)");
        return facts(m.path("facts"));
      }
    }
    deleteTree(data);
    long t0 = System.nanoTime();
    main.err.printf(Locale.ROOT, "Generating scale %s into %s%n", scale, data.toAbsolutePath());
    var stats = new MovieLensGenerator(Shape.atScale(scale), seed, main.err).generate(data);
    Facts f = scan(data);
    ObjectNode m = json.createObjectNode();
    m.put("scale", scale);
    m.put("seed", seed);
    ObjectNode files = m.putObject("files");
    for (var s : stats) {
      files.put(s.file(), Files.size(data.resolve(s.file())));
    }
    ObjectNode fj = m.putObject("facts");
    fj.put("ratings", f.ratings());
    fj.put("max_user", f.maxUser());
    fj.put("max_rating_time", f.maxRatingTime());
    fj.put("max_tag_time", f.maxTagTime());
    ArrayNode movies = fj.putArray("movies");
    for (int id : f.movies()) {
      movies.add(id);
    }
    Files.writeString(manifest, m.toPrettyString());
    main.err.printf(
        Locale.ROOT,
        "Generated in %.1fs (not part of any timing)%n",
        (System.nanoTime() - t0) / 1e9);
    return f;
  }

  private static boolean sizesMatch(Path data, JsonNode files) throws IOException {
    if (files.isEmpty()) {
      return false;
    }
    for (var it = files.fields(); it.hasNext(); ) {
      var e = it.next();
      Path f = data.resolve(e.getKey());
      if (!Files.isRegularFile(f) || Files.size(f) != e.getValue().asLong()) {
        return false;
      }
    }
    return true;
  }

  private static Facts facts(JsonNode f) {
    int[] movies = new int[f.path("movies").size()];
    for (int i = 0; i < movies.length; i++) {
      movies[i] = f.path("movies").get(i).asInt();
    }
    return new Facts(
        f.path("ratings").asLong(),
        f.path("max_user").asInt(),
        f.path("max_rating_time").asLong(),
        f.path("max_tag_time").asLong(),
        movies);
  }

  /** Reads the generated files once: row count, largest user id and times, the movie ids. */
  static Facts scan(Path data) throws IOException {
    long rows = 0;
    int maxUser = 0;
    long maxTime = 0;
    try (BufferedReader in = Files.newBufferedReader(data.resolve("ratings.csv"))) {
      in.readLine();
      for (String line; (line = in.readLine()) != null; ) {
        rows++;
        int c1 = line.indexOf(',');
        int c3 = line.lastIndexOf(',');
        maxUser = Math.max(maxUser, Integer.parseInt(line, 0, c1, 10));
        maxTime = Math.max(maxTime, Long.parseLong(line, c3 + 1, line.length(), 10));
      }
    }
    long maxTag = 0;
    try (BufferedReader in = Files.newBufferedReader(data.resolve("tags.csv"))) {
      in.readLine();
      for (String line; (line = in.readLine()) != null; ) {
        int c = line.lastIndexOf(',');
        maxTag = Math.max(maxTag, Long.parseLong(line, c + 1, line.length(), 10));
      }
    }
    List<Integer> movies = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(data.resolve("movies.csv"))) {
      in.readLine();
      for (String line; (line = in.readLine()) != null; ) {
        movies.add(Integer.parseInt(line, 0, line.indexOf(','), 10));
      }
    }
    return new Facts(
        rows, maxUser, maxTime, maxTag, movies.stream().mapToInt(Integer::intValue).toArray());
  }

  /** A fresh source folder: links to the files no step changes, copies of ratings and tags. */
  private static void prepareSource(Path data, Path source) throws IOException {
    Files.createDirectories(source);
    try (Stream<Path> files = Files.list(data)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
        Path to = source.resolve(f.getFileName());
        String name = f.getFileName().toString();
        if (name.equals("ratings.csv") || name.equals("tags.csv")) {
          Files.copy(f, to);
        } else {
          Files.createLink(to, f.toAbsolutePath());
        }
      }
    }
  }

  /**
   * Appends 1% new ratings (new users, after the newest rating) and 0.2% late ones (new users
   * again, one day before the newest rating: inside the 3-day look-back).
   */
  static long[] appendRatings(Path ratings, Facts f) throws IOException {
    long fresh = Math.max(1, f.ratings() / 100);
    long late = Math.max(1, f.ratings() / 500);
    // Consecutive ratings of a user step through the movies by a prime: distinct movies as long as
    // the user rates no more movies than there are.
    int perUser = Math.min(20, f.movies().length);
    int user = f.maxUser();
    try (BufferedWriter w =
        Files.newBufferedWriter(ratings, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
      for (long i = 0; i < fresh + late; i++) {
        if (i % perUser == 0) {
          user++;
        }
        int movie = f.movies()[(int) ((i * 7919 + user) % f.movies().length)];
        long time =
            i < fresh ? f.maxRatingTime() + 1 + i : f.maxRatingTime() - 86_400 + (i - fresh);
        double rating = 0.5 * (1 + (i * 31 + user) % 10);
        w.write(user + "," + movie + "," + rating + "," + time + "\n");
      }
    }
    return new long[] {fresh, late};
  }

  /**
   * The step that shows what an incremental run costs apart from its rows: the start of the JVM,
   * Spark and Delta, and each merged model's fixed reads, probes and commits. At scale 1.0 on 2
   * cores a fresh JVM took 31-39 s for it; a shell 13.6 s as its first incremental run, 8.4 s as a
   * later one (README, Benchmarks).
   */
  static final String ONE_RATING = "incremental build, 1 rating";

  /** How far above the data's users the one rating's user is: out of the next users' key range. */
  static final int USERS_APART = 10_000_000;

  /**
   * Appends one rating, after the newest, by a user far above the others: the users {@link
   * #appendRatings} adds next stay new (their key range does not reach it), so the incremental step
   * after this one runs as it would without it.
   */
  static String appendOneRating(Path ratings, Facts f) throws IOException {
    String line =
        (f.maxUser() + USERS_APART) + "," + f.movies()[0] + ",4.0," + (f.maxRatingTime() + 1);
    Files.writeString(ratings, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    return "1 rating (" + line + ")";
  }

  /** Changes 1% of the tags (every 100th line): new text, a newer time. */
  static long changeTags(Path tags, Facts f) throws IOException {
    Path tmp = tags.resolveSibling("tags.csv.tmp");
    long changed = 0;
    try (BufferedReader in = Files.newBufferedReader(tags);
        BufferedWriter out = Files.newBufferedWriter(tmp)) {
      out.write(in.readLine() + "\n");
      long n = 0;
      for (String line; (line = in.readLine()) != null; n++) {
        if (n % 100 == 0) {
          int c1 = line.indexOf(',');
          int c2 = line.indexOf(',', c1 + 1);
          String key = line.substring(0, c2);
          out.write(key + ",edited in bench " + n + "," + (f.maxTagTime() + 1 + n) + "\n");
          changed++;
        } else {
          out.write(line + "\n");
        }
      }
    }
    Files.move(tmp, tags, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return changed;
  }

  // --- steps -------------------------------------------------------------------------------

  /** The JVM options of this process that size it (the launcher's): children get the same. */
  private static List<String> heapOptions() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-XX:"))
        .toList();
  }

  private Step reelhouse(String name, Path work, String command) throws Exception {
    Path metrics = work.resolve(name.replace(' ', '-') + ".metrics.json");
    Path target = work.resolve("target");
    List<String> cmd = reelhouseCommand("-D" + RunMetrics.PROPERTY + "=" + metrics);
    cmd.add(command);
    cmd.add("-Denv.name=bench");
    cmd.add("-Dsource.path=" + work.resolve("source").toAbsolutePath());
    cmd.add("-Dwarehouse.path=" + work.resolve("warehouse").toAbsolutePath());
    cmd.add("-Dtarget.path=" + target.toAbsolutePath());
    Timed t = timed(name, cmd, work.resolve(name.replace(' ', '-') + ".log"));
    double wall = t.wallSeconds();
    JsonNode m = Files.isRegularFile(metrics) ? json.readTree(metrics.toFile()) : json.nullNode();
    return step(name, wall, t.exitCode(), target, m);
  }

  /** A timed step with what its run_results.json says: time in the run, rows, seconds per model. */
  private Step step(String name, double wall, int exit, Path target, JsonNode metrics)
      throws IOException {
    Path file = target.resolve("run_results.json");
    JsonNode results = Files.isRegularFile(file) ? json.readTree(file.toFile()) : json.nullNode();
    Map<String, Double> perModel = new LinkedHashMap<>();
    long rows = 0;
    for (JsonNode r : results.path("results")) {
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
      main.err.println("    " + line);
    }
  }

  /** The steps again, as commands of one {@code reelhouse shell} on a fresh work folder. */
  private List<Step> inShell(Path data, Path work, Facts facts) throws Exception {
    deleteTree(work);
    Path source = work.resolve("source");
    prepareSource(data, source);
    List<String> cmd = reelhouseCommand();
    cmd.add("shell");
    main.err.println("  reelhouse shell (one JVM for the steps) ...");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<Step> steps = new ArrayList<>();
    try (BufferedReader out =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        BufferedWriter in =
            new BufferedWriter(
                new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
        BufferedWriter log = Files.newBufferedWriter(work.resolve("shell.log"))) {
      Shell shell = new Shell(in, out, log);
      steps.add(shell.step("shell: full build", work, "build"));
      main.err.printf(
          Locale.ROOT, "  appended %s%n", appendOneRating(source.resolve("ratings.csv"), facts));
      steps.add(shell.step("shell: " + ONE_RATING, work, "build"));
      long[] added = appendRatings(source.resolve("ratings.csv"), facts);
      main.err.printf(Locale.ROOT, "  appended %,d new and %,d late ratings%n", added[0], added[1]);
      steps.add(shell.step("shell: incremental build", work, "build"));
      main.err.printf(
          Locale.ROOT, "  changed %,d tags%n", changeTags(source.resolve("tags.csv"), facts));
      steps.add(shell.step("shell: snapshot", work, "snapshot"));
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
      main.err.printf(Locale.ROOT, "  %s ...%n", name);
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
      main.err.printf(Locale.ROOT, "  %s: %.1fs, exit %d%n", name, wall, exit);
      return BenchCommand.this.step(name, wall, exit, target, json.nullNode());
    }
  }

  /** What {@code reelhouse shell} prints after each command. */
  private static final Pattern EXIT_LINE = Pattern.compile("^\\[exit (\\d+) in [0-9.]+ s\\]$");

  /** A -D setting as one shell word, whatever the path holds. */
  private static String quoted(String key, Path path) {
    return "'-D" + key + "=" + path.toAbsolutePath().toString().replace("'", "'\\''") + "'";
  }

  private Step reference(Path data, Path work) throws Exception {
    Path out = work.resolve("reference.json");
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            reference.toAbsolutePath().toString(),
            "run",
            "--data",
            data.toAbsolutePath().toString(),
            "--db",
            work.resolve("reference.duckdb").toAbsolutePath().toString(),
            "--quiet",
            "--out",
            out.toAbsolutePath().toString());
    Timed t = timed("DuckDB reference", cmd, work.resolve("reference.log"));
    JsonNode r = Files.isRegularFile(out) ? json.readTree(out.toFile()) : json.nullNode();
    double pipeline = r.path("timings_ms").path("pipeline_total").asDouble() / 1000;
    return new Step(
        "DuckDB reference", t.wallSeconds(), pipeline, t.exitCode(), 0, json.nullNode(), Map.of());
  }

  /** A finished process: wall seconds and exit code. */
  record Timed(double wallSeconds, int exitCode) {}

  /** Runs a process, its output to {@code log} and its model lines echoed; the wall seconds. */
  private Timed timed(String name, List<String> cmd, Path log) throws Exception {
    main.err.printf(Locale.ROOT, "  %s ...%n", name);
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
    main.err.printf(
        Locale.ROOT,
        "  %s: %.1fs, exit %d%s%n",
        name,
        wall,
        exit,
        exit == 0 ? "" : " (see " + log + ")");
    return new Timed(wall, exit);
  }

  // --- report ------------------------------------------------------------------------------

  private ObjectNode toJson(Step s) {
    ObjectNode n = json.createObjectNode();
    n.put("step", s.name());
    n.put("wall_s", round(s.wallSeconds()));
    n.put("run_s", round(s.runSeconds()));
    n.put("exit_code", s.exitCode());
    n.put("rows_written", s.rowsWritten());
    n.put("rows_per_s", s.wallSeconds() > 0 ? Math.round(s.rowsWritten() / s.wallSeconds()) : 0);
    n.set("metrics", s.metrics());
    ObjectNode models = n.putObject("model_s");
    s.modelSeconds().forEach((k, v) -> models.put(k, round(v)));
    return n;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private String markdown(List<List<Step>> all, Facts f) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "## reelhouse bench --scale %s: %,d ratings, %d cores, %s%n%n",
            scale,
            f.ratings(),
            Runtime.getRuntime().availableProcessors(),
            String.join(" ", heapOptions())));
    sb.append(
        "| run | step | wall s | in-run s | vs full build | vs DuckDB | rows written | rows/s"
            + " | peak heap MiB | GC s | stages | tasks | spilled MiB | exit |\n");
    sb.append(
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (int i = 0; i < all.size(); i++) {
      List<Step> steps = all.get(i);
      // Each series against its own full build: fresh processes, or the shell's commands.
      Map<String, Double> fullBySeries = new LinkedHashMap<>();
      steps.stream()
          .filter(s -> s.name().endsWith("full build"))
          .forEach(s -> fullBySeries.put(series(s.name()), s.wallSeconds()));
      double ref =
          steps.stream()
              .filter(s -> s.name().equals("DuckDB reference"))
              .findFirst()
              .map(Step::wallSeconds)
              .orElse(0.0);
      for (Step s : steps) {
        JsonNode m = s.metrics();
        boolean ours = !s.name().equals("DuckDB reference");
        double full = fullBySeries.getOrDefault(series(s.name()), 0.0);
        // A shell's commands share one JVM: no figures of their own for heap, GC and stages.
        boolean measured = ours && m.isObject();
        sb.append(
            String.format(
                Locale.ROOT,
                "| %d | %s | %.1f | %.1f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d |%n",
                i + 1,
                s.name(),
                s.wallSeconds(),
                s.runSeconds(),
                ours && full > 0
                    ? String.format(Locale.ROOT, "%.0f%%", 100 * s.wallSeconds() / full)
                    : "",
                ref > 0 ? String.format(Locale.ROOT, "%.2fx", s.wallSeconds() / ref) : "",
                ours ? String.format(Locale.ROOT, "%,d", s.rowsWritten()) : "",
                ours
                    ? String.format(
                        Locale.ROOT, "%,d", Math.round(s.rowsWritten() / s.wallSeconds()))
                    : "",
                measured ? mib(m.path("peak_heap_bytes")) : "",
                measured
                    ? String.format(Locale.ROOT, "%.1f", m.path("gc_millis").asLong() / 1000.0)
                    : "",
                measured ? m.path("stages").asText() : "",
                measured ? m.path("tasks").asText() : "",
                measured
                    ? mib(
                        json.getNodeFactory()
                            .numberNode(
                                m.path("memory_spilled_bytes").asLong()
                                    + m.path("disk_spilled_bytes").asLong()))
                    : "",
                s.exitCode()));
      }
    }
    // Per-model seconds of the last run.
    List<Step> last = all.get(all.size() - 1);
    List<Step> ours = last.stream().filter(s -> !s.name().equals("DuckDB reference")).toList();
    List<String> models = new ArrayList<>();
    ours.forEach(
        s ->
            s.modelSeconds()
                .keySet()
                .forEach(
                    k -> {
                      if (!models.contains(k)) {
                        models.add(k);
                      }
                    }));
    sb.append("\n| model (last run), s |");
    ours.forEach(s -> sb.append(' ').append(s.name()).append(" |"));
    sb.append("\n| --- |");
    ours.forEach(s -> sb.append(" ---: |"));
    sb.append('\n');
    for (String model : models) {
      sb.append("| ").append(model).append(" |");
      for (Step s : ours) {
        Double v = s.modelSeconds().get(model);
        sb.append(' ').append(v == null ? "" : String.format(Locale.ROOT, "%.1f", v)).append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** The series a step belongs to: "shell: " for a shell's commands, "" for fresh processes. */
  private static String series(String step) {
    return step.startsWith("shell: ") ? "shell: " : "";
  }

  private static String mib(JsonNode bytes) {
    return String.format(Locale.ROOT, "%,d", bytes.asLong() / (1024 * 1024));
  }

  private static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + p + ": " + e.getMessage(), e);
    }
  }
}
