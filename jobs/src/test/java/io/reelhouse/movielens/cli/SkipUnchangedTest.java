package io.reelhouse.movielens.cli;

import static io.reelhouse.testing.Fixtures.file;
import static io.reelhouse.testing.RowAssert.assertRows;
import static io.reelhouse.testing.RowAssert.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import io.reelhouse.testing.LogCapture;
import io.reelhouse.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build leaves a model whose inputs have not changed as it is ("up to date"), without reading
 * them: the cost of a run follows what changed. A change reaches everything downstream of it, and
 * --full-refresh rebuilds everything, after which a build with nothing changed skips everything.
 */
class SkipUnchangedTest {
  @TempDir static Path home;

  static final String[] SELECT = {"--select", "+mart_movie_releases", "-Denv.name=skip"};

  @BeforeAll
  static void session() {
    TestSpark.session();
  }

  static Cli.Result build(Path src, String... more) {
    String[] args = new String[SELECT.length + more.length + 2];
    args[0] = "build";
    System.arraycopy(SELECT, 0, args, 1, SELECT.length);
    System.arraycopy(more, 0, args, 1 + SELECT.length, more.length);
    args[args.length - 1] = "-Dsource.path=" + src;
    Cli.Result r = Cli.run(home, java.util.Arrays.copyOf(args, args.length));
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    return r;
  }

  /** Each model's mode in the last run. */
  static Map<String, String> modes() {
    Map<String, String> out = new HashMap<>();
    Cli.runResults(home).forEach((k, v) -> out.put(k, v.get("mode").asText()));
    return out;
  }

  static long version(String table) {
    return lastCommit(table).getAs("version");
  }

  /** The operation of the table's last commit (WRITE for an append, MERGE). */
  static String operation(String table) {
    return lastCommit(table).getAs("operation");
  }

  private static Row lastCommit(String table) {
    return DeltaTable.forPath(TestSpark.session(), home.resolve("warehouse/" + table).toString())
        .history(1)
        .head();
  }

  static Dataset<Row> table(String table) {
    return TestSpark.session()
        .read()
        .format("delta")
        .load(home.resolve("warehouse/" + table).toString());
  }

  static double ratingOf(String table, int user, int movie) {
    return table(table)
        .where("user_id = " + user + " and movie_id = " + movie)
        .select("rating")
        .as(org.apache.spark.sql.Encoders.DOUBLE())
        .first();
  }

  @Test
  void unchangedInputsLeaveTablesAsTheyAreAndAChangeRebuildsWhatIsDownstreamOfIt()
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
        "2,2,3.5,1000000100");
    assertThat(build(src).out()).doesNotContain("change feed");
    long dimMovies = version("skip_dim/dim_movies");
    long fct = version("skip_fct/fct_ratings");
    long mart = version("skip_mart/mart_movie_releases");

    Cli.Result again = build(src);
    assertThat(modes())
        .containsEntry("src_movies", "up to date")
        .containsEntry("src_ratings", "up to date")
        .containsEntry("seed_movie_release_dates", "up to date")
        .containsEntry("dim_movies", "up to date")
        .containsEntry("fct_ratings", "up to date")
        .containsEntry("mart_movie_releases", "up to date");
    assertThat(again.out()).contains("PASS=0 WARN=0 ERROR=0 SKIP=0 NO-OP=6 TOTAL=6");
    assertThat(version("skip_dim/dim_movies")).isEqualTo(dimMovies);
    assertThat(version("skip_fct/fct_ratings")).isEqualTo(fct);
    assertThat(version("skip_mart/mart_movie_releases")).isEqualTo(mart);

    // A new rating: ratings and everything downstream of them are built; movies are not.
    Files.writeString(
        src.resolve("ratings.csv"), "3,1,5.0,1000000200\n", StandardOpenOption.APPEND);
    Cli.Result appended;
    try (LogCapture logs = LogCapture.start()) {
      appended = build(src);
      // Only Reelhouse's own warnings: the incremental models read their tables' file statistics
      // with Delta Kernel, whose notes on tables without a checkpoint are not for the user.
      assertThat(logs.text())
          .as("what the run logged at WARN or above, with bin/reelhouse's logging config")
          .isEqualTo(logs.text("io.reelhouse"));
    }
    assertThat(appended.out())
        .as("the mart merges what fct_ratings' change feed says changed")
        .contains("fct_ratings: read only the rows it changed after version");
    assertThat(modes())
        .containsEntry("src_movies", "up to date")
        .containsEntry("dim_movies", "up to date")
        .containsEntry("seed_movie_release_dates", "up to date")
        .containsEntry("fct_ratings", "merged")
        .containsEntry("mart_movie_releases", "merged");
    assertThat(Cli.runResults(home).get("src_ratings").get("rows_in").asLong())
        .as("only the line appended to ratings.csv is read")
        .isEqualTo(1);
    assertThat(Cli.runResults(home).get("fct_ratings").get("rows_inserted").asLong()).isEqualTo(1);
    assertThat(Cli.runResults(home).get("mart_movie_releases").get("rows_inserted").asLong())
        .isEqualTo(1);
    assertThat(operation("skip_mart/mart_movie_releases"))
        .as("a new user's rating reaches the mart as an append: no row of it has that key")
        .isEqualTo("WRITE");
    assertThat(version("skip_dim/dim_movies")).isEqualTo(dimMovies);
    assertThat(version("skip_fct/fct_ratings")).isEqualTo(fct + 1);

    // A movie changed: dim_movies is rebuilt, and fct_ratings, whose audit checks against it.
    file(
        src,
        "movies.csv",
        "\n",
        "movieId,title,genres",
        "1,Toy Story (1995),Animation",
        "2,Heat (1995),Crime|Drama");
    build(src);
    assertThat(modes())
        .containsEntry("dim_movies", "replaced")
        .containsEntry("fct_ratings", "merged")
        .containsEntry("src_ratings", "up to date");

    // ratings.csv rewritten in place (same length, a rating changed): read whole again.
    file(
        src,
        "ratings.csv",
        "\n",
        "userId,movieId,rating,timestamp",
        "1,1,2.0,1000000300",
        "2,2,3.5,1000000100",
        "3,1,5.0,1000000200");
    build(src);
    assertThat(Cli.runResults(home).get("src_ratings").get("rows_in").asLong())
        .as("a file whose first bytes changed is read whole")
        .isEqualTo(3);
    assertThat(Cli.runResults(home).get("fct_ratings").get("rows_updated").asLong()).isEqualTo(1);
    assertThat(ratingOf("skip_fct/fct_ratings", 1, 1)).isEqualTo(2.0);
    // The re-rating reaches the mart through the feed's update post-image.
    assertThat(modes()).containsEntry("mart_movie_releases", "merged");
    assertThat(operation("skip_mart/mart_movie_releases"))
        .as("a changed rating of a key the mart holds is merged")
        .isEqualTo("MERGE");
    assertThat(Cli.runResults(home).get("mart_movie_releases").get("rows_updated").asLong())
        .isEqualTo(1);
    assertThat(ratingOf("skip_mart/mart_movie_releases", 1, 1)).isEqualTo(2.0);

    // A changed seed: the mart's existing rows depend on it, so it is rebuilt whole, not merged.
    Path seeds = home.resolve("my-seeds");
    file(seeds, "seed_movie_release_dates.csv", "\n", "movie_id,release_date", "1,1995-10-20");
    build(src, "-Dseeds.path=" + seeds);
    assertThat(modes()).containsEntry("mart_movie_releases", "replaced");
    assertThat(
            table("skip_mart/mart_movie_releases")
                .where("movie_id = 2")
                .select("release_info_available")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList())
        .as("movie 2 has no release date in the new seed")
        .containsExactly("unknown");

    // fct_ratings rebuilt whole, the mart not: the feed shows every row removed and added again,
    // which a merge by key cannot follow, so the mart reads its look-back window and says so.
    Cli.Result rebuilt =
        Cli.run(
            home,
            "build",
            "--select",
            "+fct_ratings",
            "--full-refresh",
            "-Denv.name=skip",
            "-Dsource.path=" + src,
            "-Dseeds.path=" + seeds);
    assertThat(rebuilt.code()).as(rebuilt.out() + rebuilt.err()).isZero();
    Files.writeString(
        src.resolve("ratings.csv"), "4,2,2.5,1000000400\n", StandardOpenOption.APPEND);
    Cli.Result afterRebuild = build(src, "-Dseeds.path=" + seeds);
    assertThat(afterRebuild.out())
        .contains("fct_ratings: reads its look-back window: rows were removed from it after");
    assertThat(modes()).containsEntry("mart_movie_releases", "merged");
    assertRows(
        table("skip_mart/mart_movie_releases"),
        List.of("user_id", "movie_id", "rating", "rating_timestamp", "release_info_available"),
        List.of(
            row(1, 1, 2.0, Instant.ofEpochSecond(1000000300), "known"),
            row(2, 2, 3.5, Instant.ofEpochSecond(1000000100), "unknown"),
            row(3, 1, 5.0, Instant.ofEpochSecond(1000000200), "known"),
            row(4, 2, 2.5, Instant.ofEpochSecond(1000000400), "unknown")));

    // --full-refresh builds everything again, here from inputs the last recorded build did not
    // see (a new rating, the default seeds again), and records them: a build right after it, with
    // nothing changed, skips every model.
    Files.writeString(
        src.resolve("ratings.csv"), "5,1,3.0,1000000500\n", StandardOpenOption.APPEND);
    build(src, "--full-refresh");
    assertThat(modes().values()).doesNotContain("up to date");
    long fctRefreshed = version("skip_fct/fct_ratings");
    long martRefreshed = version("skip_mart/mart_movie_releases");
    Cli.Result afterRefresh = build(src);
    assertThat(modes())
        .as(afterRefresh.out())
        .containsOnly(
            Map.entry("src_movies", "up to date"),
            Map.entry("src_ratings", "up to date"),
            Map.entry("seed_movie_release_dates", "up to date"),
            Map.entry("dim_movies", "up to date"),
            Map.entry("fct_ratings", "up to date"),
            Map.entry("mart_movie_releases", "up to date"));
    assertThat(version("skip_fct/fct_ratings")).isEqualTo(fctRefreshed);
    assertThat(version("skip_mart/mart_movie_releases")).isEqualTo(martRefreshed);
  }
}
