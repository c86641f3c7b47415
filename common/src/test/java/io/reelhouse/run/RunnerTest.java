package io.reelhouse.run;

import static io.reelhouse.testing.Fixtures.rows;
import static io.reelhouse.testing.RowAssert.assertRows;
import static io.reelhouse.testing.RowAssert.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelhouse.model.DatasetModel;
import io.reelhouse.model.Materialization;
import io.reelhouse.model.Model;
import io.reelhouse.model.ModelContext;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.model.Project;
import io.reelhouse.model.RunContext;
import io.reelhouse.source.CsvReader;
import io.reelhouse.testing.TestSpark;
import io.reelhouse.warehouse.DeltaWarehouse;
import io.reelhouse.warehouse.SchemaNaming;
import io.reelhouse.warehouse.TableId;
import io.reelhouse.warehouse.Warehouse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerTest {
  /** A model whose build is a lambda, so each test states its logic in one line. */
  record Fake(ModelInfo info, Function<ModelContext, Dataset<Row>> logic) implements DatasetModel {
    @Override
    public Dataset<Row> build(ModelContext ctx) {
      return logic.apply(ctx);
    }
  }

  private static Fake table(
      String name, Function<ModelContext, Dataset<Row>> logic, String... refs) {
    return new Fake(
        ModelInfo.builder(name, "core", Materialization.TABLE).refs(refs).build(), logic);
  }

  /** Source {@code s}: file s.csv with one integer column {@code id}. */
  private static io.reelhouse.source.SourceSpec sourceS() {
    return new io.reelhouse.source.SourceSpec(
        "s",
        "s.csv",
        new org.apache.spark.sql.types.StructType()
            .add("id", org.apache.spark.sql.types.DataTypes.IntegerType),
        true);
  }

  /** View {@code src_s}: the rows of source {@code s}. */
  private static Model viewOfS() {
    return new Fake(
        ModelInfo.builder("src_s", "staging", Materialization.VIEW).sources("s").build(),
        ctx -> ctx.source("s"));
  }

  @TempDir Path dir;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  private RunContext context(Project project) {
    var spark = TestSpark.session();
    return TestSpark.context(project, new DeltaWarehouse(spark, dir.resolve("wh").toString()), dir);
  }

  /** A runner of {@code ctx} with a day's look-back, printing to {@link #printed}. */
  private Runner runner(RunContext ctx) {
    return new Runner(
        ctx,
        Duration.ofDays(1),
        TestSpark.settings(dir).quality(),
        new ConsoleListener(new PrintStream(printed, true, StandardCharsets.UTF_8)));
  }

  @Test
  void aSecondRunInTheSameContextBuildsItsViewsFromWhatTheTablesHoldThen() {
    java.util.concurrent.atomic.AtomicInteger ids =
        new java.util.concurrent.atomic.AtomicInteger(1);
    Project project =
        new Project(
            "p",
            List.of(),
            List.of(
                table(
                    "a",
                    ctx ->
                        TestSpark.session()
                            .range(1, ids.get() + 1)
                            .selectExpr("CAST(id AS INT) AS id")),
                new Fake(
                    ModelInfo.builder("v", "core", Materialization.VIEW).refs("a").build(),
                    ctx -> ctx.ref("a")),
                table("b", ctx -> ctx.ref("v"), "v")));
    RunContext ctx = context(project);
    Runner runner = runner(ctx);
    TableId b = new TableId("t_core", "b");
    assertThat(runner.run("build", project.dag().order(), true).succeeded()).isTrue();
    assertThat(ctx.warehouse().read(b).count()).isEqualTo(1);
    ids.set(3);
    assertThat(runner.run("build", project.dag().order(), true).succeeded()).isTrue();
    assertThat(ctx.warehouse().read(b).count())
        .as("view v read table a as the second run left it (a small table: read in the driver)")
        .isEqualTo(3);
  }

  @Test
  void aFailingModelSkipsItsDependantsAndTheOthersStillRun() throws Exception {
    Project project =
        new Project(
            "p",
            List.of(),
            List.of(
                table("a", ctx -> rows("id INT", row(1), row(2))),
                table(
                    "b",
                    ctx -> {
                      throw new IllegalStateException("cannot compute b");
                    },
                    "a"),
                table("c", ctx -> ctx.ref("b"), "b"),
                table("d", ctx -> ctx.ref("a").where("id > 1"), "a")));
    RunContext ctx = context(project);
    var results =
        new RunResultsListener(
            project,
            io.reelhouse.storage.TargetDir.at(
                dir.resolve("target").toString(), new org.apache.hadoop.conf.Configuration()),
            Map.of("which", "build", "select", List.of("a+")));
    RunReport report =
        new Runner(
                ctx,
                Duration.ofDays(1),
                TestSpark.settings(dir).quality(),
                RunListener.all(
                    List.of(
                        new ConsoleListener(new PrintStream(printed, true, StandardCharsets.UTF_8)),
                        results)))
            .run("build", project.dag().order(), false);

    assertThat(report.results())
        .extracting(ModelOutcome::name, ModelOutcome::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", ModelOutcome.Status.SUCCESS),
            org.assertj.core.groups.Tuple.tuple("b", ModelOutcome.Status.ERROR),
            org.assertj.core.groups.Tuple.tuple("c", ModelOutcome.Status.SKIPPED),
            org.assertj.core.groups.Tuple.tuple("d", ModelOutcome.Status.SUCCESS));
    assertThat(report.succeeded()).isFalse();
    assertThat(report.results().get(1).message()).isEqualTo("b failed: cannot compute b");
    assertThat(report.results().get(2).message())
        .isEqualTo("skipped because upstream model b failed");
    assertRows(ctx.warehouse().read(new TableId("t_core", "d")), List.of("id"), List.of(row(2)));
    assertThat(ctx.warehouse().exists(new TableId("t_core", "c")))
        .as("skipped: not written")
        .isFalse();

    String out = printed.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("2 of 4 ERROR table b ").contains("    b failed: cannot compute b");
    assertThat(out).contains("3 of 4 SKIP table c ");
    assertThat(out)
        .as("a START line before each model's result line")
        .containsSubsequence(
            "1 of 4 START table a ....", "[RUN]", "1 of 4 OK table a ", "2 of 4 START table b ");
    assertThat(out).contains("Done. PASS=2 WARN=0 ERROR=1 SKIP=1 NO-OP=0 TOTAL=4");

    assertThat(results.written()).endsWith("/target/run_results.json");
    JsonNode json = new ObjectMapper().readTree(dir.resolve("target/run_results.json").toFile());
    assertThat(json.at("/metadata/dbt_schema_version").asText())
        .isEqualTo("https://schemas.getdbt.com/dbt/run-results/v6.json");
    assertThat(json.at("/args/which").asText()).isEqualTo("build");
    assertThat(json.at("/results/0/unique_id").asText()).isEqualTo("model.p.a");
    assertThat(json.at("/results/0/adapter_response/rows_in_table").asLong()).isEqualTo(2);
    assertThat(json.at("/results/0/relation_name").asText()).isEqualTo("t_core.a");
    assertThat(json.at("/results/1/status").asText()).isEqualTo("error");
    assertThat(json.at("/results/1/message").asText()).isEqualTo("b failed: cannot compute b");
    assertThat(json.at("/results/2/status").asText()).isEqualTo("skipped");
    assertThat(json.at("/results/2/timing").size()).as("a skipped node did not run").isZero();
  }

  /**
   * The warehouse's method calls, by name and in order ("append inc": with the table's name when
   * the first argument is a table), each done by {@code delta}; a warehouse that keeps a change
   * feed still does.
   */
  private static Warehouse recording(Warehouse delta, List<String> calls) {
    return (Warehouse)
        Proxy.newProxyInstance(
            Warehouse.class.getClassLoader(),
            delta.getClass().getInterfaces(),
            (proxy, method, args) -> {
              calls.add(
                  args != null && args.length > 0 && args[0] instanceof TableId t
                      ? method.getName() + " " + t.name()
                      : method.getName());
              try {
                return method.invoke(delta, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** A folder holding s.csv, ids 1 and 2 (an append-only source). */
  private Path appendOnlySource() throws Exception {
    Path src = dir.resolve("src");
    Files.createDirectories(src);
    Files.writeString(src.resolve("s.csv"), "id,v\n1,a\n2,b\n");
    return src;
  }

  /**
   * A run context over {@code src}: view src_s of the append-only source s, incremental inc of it
   * (key id), and {@code more}; its warehouse's calls are recorded in {@code calls}.
   */
  private RunContext recordingContext(Path src, List<String> calls, Model... more) {
    var spec =
        new io.reelhouse.source.SourceSpec(
                "s",
                "s.csv",
                new org.apache.spark.sql.types.StructType()
                    .add("id", org.apache.spark.sql.types.DataTypes.IntegerType)
                    .add("v", org.apache.spark.sql.types.DataTypes.StringType),
                true)
            .asAppendOnly();
    List<Model> models = new ArrayList<>();
    models.add(
        new Fake(
            ModelInfo.builder("src_s", "staging", Materialization.VIEW).sources("s").build(),
            ctx -> ctx.source("s")));
    models.add(
        new Fake(
            ModelInfo.builder("inc", "core", Materialization.INCREMENTAL)
                .refs("src_s")
                .incremental(null, "id")
                .build(),
            ctx -> ctx.ref("src_s")));
    models.addAll(List.of(more));
    var spark = TestSpark.session();
    return new RunContext(
        spark,
        new Project("p", List.of(spec), models),
        recording(new DeltaWarehouse(spark, dir.resolve("wh").toString()), calls),
        new SchemaNaming("t", false),
        new CsvReader(spark, src.toString()),
        new CsvReader(spark, dir.resolve("seeds").toString()));
  }

  @Test
  void appendedLinesWhoseKeysTheTableCannotHoldAreAppendedAndTheOthersMerged() throws Exception {
    Path src = appendOnlySource();
    List<String> calls = new ArrayList<>();
    RunContext ctx = recordingContext(src, calls);
    Runner runner = runner(ctx);
    List<String> order = List.of("src_s", "inc");
    assertThat(runner.run("build", order, false).succeeded()).isTrue();

    // Keys 3 and 4: above every key of the table.
    Files.writeString(src.resolve("s.csv"), "3,c\n4,d\n", StandardOpenOption.APPEND);
    calls.clear();
    ModelOutcome appended = runner.run("build", order, false).results().get(1);
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("read only the");
    assertThat(calls).as("appended, not merged").contains("append inc").doesNotContain("merge inc");
    assertThat(appended.action()).isEqualTo(ModelOutcome.Action.MERGED);
    assertThat(appended.rows().inserted()).isEqualTo(2);
    assertThat(appended.rows().inTable()).as("rows in the table after it").isEqualTo(4);
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("2 new, 0 changed, 4 rows");

    // Key 4 is in the table: merged by key, its value replaced.
    Files.writeString(src.resolve("s.csv"), "4,D\n5,e\n", StandardOpenOption.APPEND);
    calls.clear();
    ModelOutcome merged = runner.run("build", order, false).results().get(1);
    assertThat(calls).as("merged").contains("merge inc").doesNotContain("append inc");
    assertThat(merged.rows().updated()).isEqualTo(1);
    assertThat(merged.rows().inTable()).isEqualTo(5);
    assertRows(
        ctx.warehouse().read(new TableId("t_core", "inc")),
        List.of("id", "v"),
        List.of(row(1, "a"), row(2, "b"), row(3, "c"), row(4, "D"), row(5, "e")));
  }

  /** An incremental SQL model that reads only the rows its ref changed (its change feed). */
  record Fed(ModelInfo info) implements io.reelhouse.model.SqlModel {
    @Override
    public String sql(io.reelhouse.model.SqlRefs refs) {
      return "select id, v from " + refs.table("inc");
    }
  }

  @Test
  void changedRowsOfARefWhoseKeysTheTableCannotHoldAreAppendedAndTheOthersMerged()
      throws Exception {
    Path src = appendOnlySource();
    List<String> calls = new ArrayList<>();
    RunContext ctx =
        recordingContext(
            src,
            calls,
            new Fed(
                ModelInfo.builder("fed", "mart", Materialization.INCREMENTAL)
                    .refs("inc")
                    .incremental(null, "id")
                    .changesOf("inc")
                    .build()));
    Runner runner = runner(ctx);
    List<String> order = List.of("src_s", "inc", "fed");
    assertThat(runner.run("build", order, false).succeeded()).isTrue();
    // The run after the first records the version of inc that fed has read: feeds from then on.
    Files.writeString(src.resolve("s.csv"), "3,c\n", StandardOpenOption.APPEND);
    assertThat(runner.run("build", order, false).succeeded()).isTrue();

    // Key 4 is above every key of fed's table: its row is appended there, nothing merged.
    Files.writeString(src.resolve("s.csv"), "4,d\n", StandardOpenOption.APPEND);
    calls.clear();
    ModelOutcome appended = runner.run("build", order, false).results().get(2);
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("its change feed");
    assertThat(calls).as("appended, not merged").contains("append fed").doesNotContain("merge fed");
    assertThat(appended.rows().inserted()).isEqualTo(1);
    assertThat(appended.rows().inTable()).isEqualTo(4);

    // Key 2 changed in inc: fed holds it, so merged by key.
    Files.writeString(src.resolve("s.csv"), "2,B\n", StandardOpenOption.APPEND);
    calls.clear();
    ModelOutcome merged = runner.run("build", order, false).results().get(2);
    assertThat(calls).as("merged").contains("merge fed").doesNotContain("append fed");
    assertThat(merged.rows().updated()).isEqualTo(1);
    assertRows(
        ctx.warehouse().read(new TableId("t_mart", "fed")),
        List.of("id", "v"),
        List.of(row(1, "a"), row(2, "B"), row(3, "c"), row(4, "d")));
  }

  @Test
  void rowsThatGroupTheirInputAreBuiltOnceForTheAuditAndTheWrite() throws Exception {
    var spark = TestSpark.session();
    org.apache.spark.util.LongAccumulator evaluated = spark.sparkContext().longAccumulator();
    spark
        .udf()
        .register(
            "counted_key",
            (org.apache.spark.sql.api.java.UDF1<Integer, Integer>)
                id -> {
                  evaluated.add(1);
                  return id % 3;
                },
            org.apache.spark.sql.types.DataTypes.IntegerType);
    Model grouped =
        new Fake(
            ModelInfo.builder("g", "core", Materialization.TABLE)
                .rules(
                    io.reelhouse.quality.Rules.notNull("k"), io.reelhouse.quality.Rules.unique("k"))
                .build(),
            ctx ->
                rows("id INT", row(1), row(2), row(3), row(4), row(5), row(6))
                    .selectExpr("counted_key(id) AS k")
                    .groupBy("k")
                    .count());
    Project project = new Project("p", List.of(), List.of(grouped));
    RunContext ctx = context(project);
    RunReport report =
        new Runner(
                ctx,
                Duration.ofDays(1),
                TestSpark.settings(dir).quality(),
                RunListener.all(List.of()))
            .run("build", project.dag().order(), false);

    assertThat(report.succeeded()).isTrue();
    assertRows(
        ctx.warehouse().read(new TableId("t_core", "g")).orderBy("k"),
        List.of("k", "count"),
        List.of(row(0, 2L), row(1, 2L), row(2, 2L)));
    // Built again for each pass, the key would be computed 18 times: unique keys, Deequ, write.
    assertThat(evaluated.value()).as("each input row's key computed once").isEqualTo(6);
  }

  @Test
  void aParsedSourceIsReleasedOnceNoModelLeftToRunReadsIt() throws Exception {
    java.nio.file.Files.createDirectories(dir.resolve("src"));
    java.nio.file.Files.writeString(dir.resolve("src/s.csv"), "id\n1\n2\n");
    var spec = sourceS();
    Model view = viewOfS();
    Project project =
        new Project(
            "p",
            List.of(spec),
            List.of(
                view,
                table("a", ctx -> ctx.ref("src_s"), "src_s"),
                table("b", ctx -> rows("id INT", row(3)))));
    RunContext ctx = context(project);
    assertThat(ctx.rowsOf("src_s").count()).isEqualTo(2);
    var parsed = ctx.takeUnrecordedSources().get(0).parsed();
    assertThat(parsed.storageLevel().useMemory()).as("kept for the run").isTrue();

    ctx.releaseSourcesNotReadBy(List.of(project.require("a"), project.require("b")));
    assertThat(parsed.storageLevel().useMemory()).as("a, still to run, reads it").isTrue();

    ctx.releaseSourcesNotReadBy(List.of(project.require("b")));
    assertThat(parsed.storageLevel().useMemory()).as("no model left reads it").isFalse();
    assertThat(ctx.rowsOf("src_s").count()).as("read again from its file").isEqualTo(2);
    assertThat(ctx.takeUnrecordedSources())
        .as("its malformed lines are not recorded twice")
        .isEmpty();
  }

  @Test
  void aViewsParseOfItsRawFileIsInItsJobGroupAndItsTime() throws Exception {
    Files.createDirectories(dir.resolve("src"));
    // One bad line in 201, under the 1% quarantine ceiling.
    StringBuilder lines = new StringBuilder("id\nnot a number\n");
    for (int i = 1; i <= 200; i++) {
      lines.append(i).append('\n');
    }
    Files.writeString(dir.resolve("src/s.csv"), lines);
    var spec = sourceS();
    Model view = viewOfS();
    Project project =
        new Project(
            "p", List.of(spec), List.of(view, table("a", ctx -> ctx.ref("src_s"), "src_s")));
    RunContext ctx = context(project);
    var sc = ctx.spark().sparkContext();
    // Each job's group and its start and end, as Spark's UI and event log show them.
    record Job(String group, long start, long end) {}
    Map<Integer, Job> jobs = new java.util.concurrent.ConcurrentHashMap<>();
    var listener =
        new org.apache.spark.scheduler.SparkListener() {
          @Override
          public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart e) {
            String g =
                e.properties() == null ? null : e.properties().getProperty("spark.jobGroup.id");
            jobs.put(e.jobId(), new Job(g, e.time(), -1));
          }

          @Override
          public void onJobEnd(org.apache.spark.scheduler.SparkListenerJobEnd e) {
            jobs.computeIfPresent(e.jobId(), (id, j) -> new Job(j.group(), j.start(), e.time()));
          }
        };
    sc.addSparkListener(listener);
    RunReport report;
    try {
      report = runner(ctx).run("build", project.dag().order(), false);
      sc.listenerBus().waitUntilEmpty();
    } finally {
      sc.removeSparkListener(listener);
    }

    assertThat(report.succeeded()).as(printed.toString(StandardCharsets.UTF_8)).isTrue();
    ModelOutcome src = report.results().get(0);
    assertThat(src.rows().quarantined()).as("the file's bad line was counted").isEqualTo(1);
    assertThat(jobs.values())
        .as("every job of the run is in the job group of the model it works for")
        .allMatch(j -> j.group() != null);
    List<Job> parse = jobs.values().stream().filter(j -> "src_s".equals(j.group())).toList();
    assertThat(parse).as("the view's parse and quarantine are its jobs").isNotEmpty();
    double span =
        (parse.stream().mapToLong(Job::end).max().orElseThrow()
                - parse.stream().mapToLong(Job::start).min().orElseThrow())
            / 1000.0;
    assertThat(src.timing().seconds())
        .as("the view's time covers its jobs (%s s)", span)
        .isGreaterThanOrEqualTo(span);
  }

  @Test
  void progressLineLooksLikeDbt() {
    var r =
        new ModelOutcome(
            new ModelOutcome.Node("dim_movies", Materialization.TABLE, "x.dim_movies"),
            ModelOutcome.Status.SUCCESS,
            ModelOutcome.Action.REPLACED,
            new ModelOutcome.Rows(9742, 0, 9742, 9742, 0),
            List.of(),
            java.util.Optional.empty(),
            new ModelOutcome.Timing(Instant.EPOCH, 2.14),
            null);
    assertThat(ConsoleListener.progressLine(3, 14, r))
        .isEqualTo(
            "3 of 14 OK table dim_movies ................................ 9,742 rows in 2.1s");
  }

  @Test
  void aModelMayOnlyReadWhatItDeclares() {
    Project project =
        new Project(
            "p",
            List.of(),
            List.of(
                table("a", ctx -> rows("id INT", row(1))), table("sneaky", ctx -> ctx.ref("a"))));
    RunReport report =
        new Runner(
                context(project),
                Duration.ZERO,
                TestSpark.settings(dir).quality(),
                new ConsoleListener(new PrintStream(printed, true, StandardCharsets.UTF_8)))
            .run("run", List.of("a", "sneaky"), false);
    assertThat(report.results().get(1).message())
        .contains("sneaky refs 'a' but does not declare it");
  }

  @Test
  void projectRejectsUnknownRefsAndCycles() {
    assertThatThrownBy(() -> new Project("p", List.of(), List.of(table("a", c -> null, "nope"))))
        .hasMessage("model a refs unknown model 'nope'");
    assertThatThrownBy(
            () ->
                new Project(
                    "p",
                    List.of(),
                    List.of(table("a", c -> null, "b"), table("b", c -> null, "a"))))
        .hasMessage("refs form a cycle among: a, b");
    assertThatThrownBy(() -> ModelInfo.builder("fct_x", "fct", Materialization.INCREMENTAL).build())
        .hasMessage("unique key must not be empty for incremental model fct_x");
  }
}
