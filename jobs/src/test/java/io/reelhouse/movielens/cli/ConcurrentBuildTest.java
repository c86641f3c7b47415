package io.reelhouse.movielens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.lock.RunLock;
import io.reelhouse.movielens.generate.MovieLensGenerator;
import io.reelhouse.movielens.generate.Shape;
import io.reelhouse.testing.TestSpark;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** Two builds on one warehouse: one runs, the other stops at once naming the lock's holder. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConcurrentBuildTest {
  @TempDir static Path home;
  static long ratingLines;

  @BeforeAll
  static void sample() throws IOException {
    TestSpark.session();
    Path data = home.resolve("data/sample");
    new MovieLensGenerator(
            Shape.atScale(0.005), 42, new PrintStream(OutputStream.nullOutputStream()))
        .generate(data);
    try (var lines = Files.lines(data.resolve("ratings.csv"))) {
      ratingLines = lines.count() - 1;
    }
  }

  static List<String> args(String... extra) {
    List<String> all = new java.util.ArrayList<>(List.of(extra));
    all.addAll(
        List.of(
            "--conf-dir",
            Path.of("..", "conf").toAbsolutePath().toString(),
            "-Dhome=" + home,
            "-Dseeds.path=" + Path.of("..", "seeds").toAbsolutePath()));
    return all;
  }

  @Test
  @Order(1)
  void twoBuildsStartedTogetherOneRunsTheOtherFailsFastNamingTheHolder() {
    // fct_ratings and what it needs: the lock is the subject, not the models.
    var a = ReelhouseProcess.start(Map.of(), args("build", "--select", "+fct_ratings"));
    var b = ReelhouseProcess.start(Map.of(), args("build", "--select", "+fct_ratings"));
    var ra = a.await();
    var rb = b.await();
    var winner = ra.code() == 0 ? ra : rb;
    var loser = ra.code() == 0 ? rb : ra;
    long winnerPid = ra.code() == 0 ? a.pid() : b.pid();
    assertThat(winner.code()).as(ra.output() + "\n----\n" + rb.output()).isZero();
    assertThat(winner.output()).contains("PASS=4 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=4");
    assertThat(loser.code()).as(loser.output()).isEqualTo(2);
    String lock = home.resolve("warehouse").resolve(RunLock.FILE).toString();
    assertThat(loser.output())
        .contains(
            "error: the warehouse "
                + home.resolve("warehouse")
                + " is locked by reelhouse build (pid "
                + winnerPid
                + " on ")
        .contains(
            "if that run is gone, its lease expires 120 s after its last renewal and the next run"
                + " takes over "
                + lock)
        .doesNotContain(" OK ");
    assertThat(home.resolve("warehouse").resolve(RunLock.FILE)).doesNotExist();
  }

  @Test
  @Order(2)
  void theTablesHoldEachRatingOnceAndAStaleLockOfAKilledRunIsReleased() throws Exception {
    Cli.Result count =
        Cli.run(
            home,
            "show",
            "--format",
            "csv",
            "--inline",
            "select count(*) as n, count(distinct user_id, movie_id) as keys from local_fct.fct_ratings");
    assertThat(count.out()).isEqualTo("n,keys\n" + ratingLines + "," + ratingLines + "\n");

    // A build killed with SIGKILL leaves its lock behind; the next build releases it.
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(
        home.resolve("warehouse").resolve(RunLock.FILE),
        "{\"command\":\"build\",\"pid\":"
            + gone.pid()
            + ",\"host\":\""
            + InetAddress.getLocalHost().getHostName()
            + "\",\"since\":\"2026-11-27T01:00:00Z\"}");
    Cli.Result r = Cli.run(home, "build", "--select", "dim_movies");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.err())
        .contains("Took over the lock ")
        .contains("(pid " + gone.pid() + " on ")
        .contains("is no longer running");
    assertThat(home.resolve("warehouse").resolve(RunLock.FILE)).doesNotExist();
  }
}
