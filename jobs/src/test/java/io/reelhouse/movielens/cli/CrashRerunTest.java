package io.reelhouse.movielens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.lock.RunLock;
import io.reelhouse.movielens.generate.MovieLensGenerator;
import io.reelhouse.movielens.generate.Shape;
import io.reelhouse.run.FaultHook;
import io.reelhouse.testing.TestSpark;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A build killed at every phase of a table model (dim_movies), the incremental fact (fct_ratings)
 * and a snapshot (snap_tags), then rerun: every published table must equal, row for row, the tables
 * of a build that was never interrupted, with no duplicate rows and no leftover staging table. The
 * crashes run one after the other on one warehouse, so the first hits an empty warehouse (create)
 * and the others an existing one (replace, merge, snapshot merge).
 */
class CrashRerunTest {
  @TempDir static Path crashed;
  @TempDir static Path reference;

  /** Meta columns that hold run times, which differ between any two runs. */
  static final List<String> RUN_TIMES =
      List.of(
          "dbt_scd_id",
          "dbt_valid_from",
          "dbt_valid_to",
          "dbt_updated_at",
          "run_id",
          "quarantined_at");

  @BeforeAll
  static void samples() throws IOException {
    TestSpark.session();
    for (Path home : List.of(crashed, reference)) {
      new MovieLensGenerator(
              Shape.atScale(0.005), 42, new PrintStream(OutputStream.nullOutputStream()))
          .generate(home.resolve("data/sample"));
    }
    // Only what the crashed runs build (+model for each model below).
    Cli.Result r =
        Cli.run(
            reference,
            "build",
            "--select",
            "+dim_movies",
            "--select",
            "+fct_ratings",
            "--select",
            "+snap_tags");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
  }

  /**
   * Every phase of the three models with {@code -Dreelhouse.crash-matrix=full} (12 crashes, about
   * 10 minutes here); by default the three half-written publishes, which keep {@code mvn verify}
   * inside its time budget.
   */
  static Stream<String> faults() {
    boolean full = "full".equals(System.getProperty("reelhouse.crash-matrix"));
    List<String> out = new ArrayList<>();
    for (String model : List.of("dim_movies", "fct_ratings", "snap_tags")) {
      for (String phase :
          List.of("after-build", "after-audit", "during-publish", "after-publish")) {
        if (full || phase.equals("during-publish")) {
          out.add(model + ":" + phase);
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void aBuildKilledThereAndRerunEqualsAnUninterruptedBuild(String fault) throws Exception {
    String model = fault.substring(0, fault.indexOf(':'));
    var run =
        ReelhouseProcess.start(
                Map.of(),
                List.of("-D" + FaultHook.PROPERTY + "=" + fault),
                List.of(
                    "build",
                    "--select",
                    "+" + model,
                    "--conf-dir",
                    Path.of("..", "conf").toAbsolutePath().toString(),
                    "-Dhome=" + crashed,
                    "-Dseeds.path=" + Path.of("..", "seeds").toAbsolutePath()))
            .await();
    assertThat(run.code()).as(run.output()).isEqualTo(FaultHook.EXIT_CODE);
    assertThat(run.output()).contains("fault injected: halting the JVM at " + model + " ");

    // The killed run touched +model only; rerunning that selection brings it back.
    Cli.Result rerun = Cli.run(crashed, "build", "--select", "+" + model);
    assertThat(rerun.code()).as(rerun.out() + rerun.err()).isZero();
    assertThat(rerun.out()).contains("ERROR=0 SKIP=0");
    assertThat(rerun.err()).as("the killed run's lock is released").contains("Took over the lock");

    // No staging or temporary table: every folder is one an uninterrupted build has too.
    assertThat(tables(reference)).containsAll(tables(crashed));
    assertThat(tables(crashed)).anyMatch(t -> t.endsWith("/" + model));
    assertTablesEqualTheReference(crashed);
    assertThat(crashed.resolve("warehouse").resolve(RunLock.FILE)).doesNotExist();
  }

  /**
   * A build on host-a killed with SIGKILL leaves its lease behind. A run on host-b fails at once
   * naming the holder, its host and the lease while it is young, and once it has expired takes it
   * over and finishes the build: the tables equal an uninterrupted build's.
   */
  @Test
  void aKilledRunsLeaseHoldsUntilItExpiresThenARunOnAnotherHostTakesOver(@TempDir Path home)
      throws Exception {
    new MovieLensGenerator(
            Shape.atScale(0.005), 42, new PrintStream(OutputStream.nullOutputStream()))
        .generate(home.resolve("data/sample"));
    var hostA =
        ReelhouseProcess.start(
            Map.of(),
            List.of("-D" + RunLock.HOST_PROPERTY + "=host-a"),
            List.of(
                "build",
                "--select",
                "+fct_ratings",
                "--conf-dir",
                Path.of("..", "conf").toAbsolutePath().toString(),
                "-Dhome=" + home,
                "-Dlock.lease=10s",
                "-Dseeds.path=" + Path.of("..", "seeds").toAbsolutePath()));
    Path lock = home.resolve("warehouse").resolve(RunLock.FILE);
    assertThat(hostA.awaitOutput("1 of ", Duration.ofMinutes(3)))
        .as("host-a's build published its first model")
        .isTrue();
    assertThat(lock).exists();
    ProcessHandle.of(hostA.pid()).orElseThrow().destroyForcibly(); // SIGKILL
    assertThat(hostA.await().code()).isEqualTo(137);
    assertThat(Files.readString(lock)).contains("\"host\":\"host-a\"");

    System.setProperty(RunLock.HOST_PROPERTY, "host-b");
    try {
      // Renewed just now, as far as host-b can tell: the lease holds.
      Files.setLastModifiedTime(lock, FileTime.from(Instant.now()));
      Cli.Result early = Cli.run(home, "build", "--select", "+fct_ratings", "-Dlock.lease=10s");
      assertThat(early.code()).as(early.out() + early.err()).isEqualTo(2);
      assertThat(early.err())
          .contains(" is locked by reelhouse build (pid " + hostA.pid() + " on host-a, since ")
          .containsPattern("last renewed \\d+ s ago \\(lease 10 s\\)");
      assertThat(early.out()).doesNotContain(" OK ");

      // Not renewed for longer than the lease: taken over.
      Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(30)));
      Cli.Result after = Cli.run(home, "build", "--select", "+fct_ratings", "-Dlock.lease=10s");
      assertThat(after.code()).as(after.out() + after.err()).isZero();
      assertThat(after.err())
          .contains("Took over the lock ")
          .contains("the lease of reelhouse build (pid " + hostA.pid() + " on host-a, since ")
          .containsPattern("expired: last renewed 3\\d s ago, lease 10 s");
    } finally {
      System.clearProperty(RunLock.HOST_PROPERTY);
    }
    assertThat(lock).as("released by host-b's run").doesNotExist();
    assertThat(tables(reference)).containsAll(tables(home));
    assertTablesEqualTheReference(home);
  }

  /** Every table of the warehouse under {@code home} holds the uninterrupted build's rows. */
  static void assertTablesEqualTheReference(Path home) throws IOException {
    for (String table : tables(home)) {
      Dataset<Row> a = comparable(home, table);
      Dataset<Row> b = comparable(reference, table);
      assertThat(a.count()).as(table + " rows").isEqualTo(b.count());
      assertThat(a.exceptAll(b).count()).as(table + " rows not in the reference").isZero();
      assertThat(b.exceptAll(a).count()).as(table + " reference rows missing").isZero();
    }
  }

  /** schema/table folders of the warehouse (staging or temporary tables would show here). */
  static TreeSet<String> tables(Path home) throws IOException {
    TreeSet<String> out = new TreeSet<>();
    try (Stream<Path> schemas = Files.list(home.resolve("warehouse"))) {
      for (Path schema : schemas.filter(Files::isDirectory).toList()) {
        if (schema.getFileName().toString().startsWith("_")) {
          continue; // _quality: the metrics repository, not a table
        }
        try (Stream<Path> ts = Files.list(schema)) {
          ts.filter(Files::isDirectory)
              .forEach(t -> out.add(schema.getFileName() + "/" + t.getFileName()));
        }
      }
    }
    return out;
  }

  static Dataset<Row> comparable(Path home, String table) {
    Dataset<Row> d =
        TestSpark.session()
            .read()
            .format("delta")
            .load(home.resolve("warehouse").resolve(table).toString());
    String[] keep =
        Arrays.stream(d.columns()).filter(c -> !RUN_TIMES.contains(c)).toArray(String[]::new);
    return d.selectExpr(Arrays.stream(keep).map(c -> "`" + c + "`").toArray(String[]::new));
  }
}
