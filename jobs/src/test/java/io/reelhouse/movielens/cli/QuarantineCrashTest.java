package io.reelhouse.movielens.cli;

import static io.reelhouse.testing.Fixtures.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelhouse.run.FaultHook;
import io.reelhouse.testing.TestSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build killed after fct_ratings set its rejected rows aside and before it published (a
 * quarantine table and the model's table cannot share one commit), then rerun: each rejected row is
 * in quarantine once, under the run that published the model. One model, five ratings.
 */
class QuarantineCrashTest {
  @TempDir static Path home;

  @BeforeAll
  static void session() {
    TestSpark.session();
  }

  static Dataset<Row> table(String table) {
    return TestSpark.session()
        .read()
        .format("delta")
        .load(home.resolve("warehouse/" + table).toString());
  }

  @Test
  void aBuildKilledBetweenQuarantineAndPublishThenRerunLeavesEachRejectedRowInQuarantineOnce()
      throws Exception {
    Path src = home.resolve("in");
    file(
        src,
        "movies.csv",
        "\n",
        "movieId,title,genres",
        "1,Toy Story (1995),Animation",
        "2,Heat (1995),Crime");
    file(
        src,
        "ratings.csv",
        "\n",
        "userId,movieId,rating,timestamp",
        "1,1,4.0,1000000000",
        "2,2,3.5,1000000100",
        "3,1,4.5,1000000200",
        "4,2,7.0,1000000300", // rating out of range
        "5,1,3.7,1000000400"); // not on the 0.5 grid
    String ceiling = "-Dquality.quarantine-ceiling=0.5"; // 2 of 5 rows rejected
    String fault = "fct_ratings:after-quarantine";
    var killed =
        ReelhouseProcess.start(
                Map.of(),
                List.of("-D" + FaultHook.PROPERTY + "=" + fault),
                List.of(
                    "build",
                    "--select",
                    "+fct_ratings",
                    "--conf-dir",
                    Path.of("..", "conf").toAbsolutePath().toString(),
                    "-Dhome=" + home,
                    "-Dsource.path=" + src,
                    ceiling,
                    "-Dseeds.path=" + Path.of("..", "seeds").toAbsolutePath()))
            .await();
    assertThat(killed.code()).as(killed.output()).isEqualTo(FaultHook.EXIT_CODE);
    assertThat(killed.output()).contains("fault injected: halting the JVM at fct_ratings ");
    assertThat(table("local_fct/fct_ratings__quarantine").count())
        .as("the killed run set the two rejected rows aside")
        .isEqualTo(2);
    assertThat(home.resolve("warehouse/local_fct/fct_ratings/_delta_log/00000000000000000000.json"))
        .as("fct_ratings was not published")
        .doesNotExist();

    Cli.Result rerun =
        Cli.run(home, "build", "--select", "+fct_ratings", "-Dsource.path=" + src, ceiling);
    assertThat(rerun.code()).as(rerun.out() + rerun.err()).isZero();
    assertThat(rerun.out()).contains("ERROR=0 SKIP=0");

    Dataset<Row> quarantine = table("local_fct/fct_ratings__quarantine");
    assertThat(
            quarantine.select("user_id", "movie_id", "rating").collectAsList().stream()
                .map(r -> tuple(r.getInt(0), r.getInt(1), r.getDouble(2)))
                .toList())
        .as("each rejected row once")
        .containsExactlyInAnyOrder(tuple(4, 2, 7.0), tuple(5, 1, 3.7));
    assertThat(
            quarantine
                .select("run_id")
                .distinct()
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList())
        .as("set aside by the run that published fct_ratings")
        .containsExactly(
            new ObjectMapper()
                .readTree(home.resolve("target/run_results.json").toFile())
                .at("/metadata/invocation_id")
                .asText());
    assertThat(table("local_fct/fct_ratings").count())
        .as("published: the three good rows")
        .isEqualTo(3);
  }
}
