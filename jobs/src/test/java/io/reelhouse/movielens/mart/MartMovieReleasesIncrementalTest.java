package io.reelhouse.movielens.mart;

import static io.reelhouse.testing.Fixtures.file;
import static io.reelhouse.testing.RowAssert.assertRows;
import static io.reelhouse.testing.RowAssert.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.model.ModelResult;
import io.reelhouse.model.RunContext;
import io.reelhouse.model.RunReport;
import io.reelhouse.model.Runner;
import io.reelhouse.movielens.MovieLensProject;
import io.reelhouse.source.CsvReader;
import io.reelhouse.testing.TestSpark;
import io.reelhouse.warehouse.DeltaWarehouse;
import io.reelhouse.warehouse.SchemaNaming;
import io.reelhouse.warehouse.TableId;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mart_movie_releases merges the rows built from what fct_ratings changed since the mart's last run
 * (fct_ratings' change feed); where the feed cannot tell (fct_ratings rebuilt whole) it reads the
 * look-back window. Either way it ends with one row per rating, as a full build would.
 */
class MartMovieReleasesIncrementalTest {
  private static final long DAY = 86_400;
  private static final long T0 = 1_500_000_000L; // 2017-07-14T02:40:00Z
  private static final List<String> ALL =
      List.of(
          "src_movies",
          "dim_movies",
          "src_ratings",
          "fct_ratings",
          "seed_movie_release_dates",
          "mart_movie_releases");
  private static final List<String> COLUMNS =
      List.of("user_id", "movie_id", "rating", "rating_timestamp", "release_info_available");

  @TempDir Path dir;

  /** A source folder with these ratings lines (userId,movieId,rating,epoch seconds). */
  private Path ratings(String name, String... lines) {
    Path folder = dir.resolve(name);
    String[] all = new String[lines.length + 1];
    all[0] = "userId,movieId,rating,timestamp";
    System.arraycopy(lines, 0, all, 1, lines.length);
    file(folder, "ratings.csv", "\n", all);
    file(folder, "movies.csv", "\n", "movieId,title,genres", "10,A,Drama", "11,B,Drama");
    return folder;
  }

  /** Runs the models; returns what the run printed (its notes) and the mart's result. */
  private String run(Path source, List<String> models, boolean fullRefresh) {
    var spark = TestSpark.session();
    // Written once: a rewritten seed is a changed input, and the mart would be rebuilt whole.
    if (!java.nio.file.Files.exists(dir.resolve("seeds"))) {
      file(
          dir.resolve("seeds"),
          "seed_movie_release_dates.csv",
          "\n",
          "movie_id,release_date",
          "10,1995-10-20");
    }
    var ctx =
        new RunContext(
            spark,
            MovieLensProject.create(),
            new DeltaWarehouse(spark, dir.resolve("warehouse").toString()),
            new SchemaNaming("cdf", false),
            new CsvReader(spark, source.toString()),
            new CsvReader(spark, dir.resolve("seeds").toString()),
            new PrintStream(OutputStream.nullOutputStream()));
    var out = new ByteArrayOutputStream();
    RunReport report =
        new Runner(
                ctx,
                Duration.ofDays(3),
                TestSpark.settings(dir).quality(),
                new PrintStream(out, true, StandardCharsets.UTF_8))
            .run("run", models, fullRefresh);
    assertThat(report.results())
        .allMatch(r -> r.status() == ModelResult.Status.SUCCESS, "all succeeded: " + out);
    last = report.results().get(report.results().size() - 1);
    return out.toString(StandardCharsets.UTF_8);
  }

  private ModelResult last;

  private Dataset<Row> mart() {
    var spark = TestSpark.session();
    return new DeltaWarehouse(spark, dir.resolve("warehouse").toString())
        .read(new TableId("cdf_mart", "mart_movie_releases"));
  }

  private static Row rating(int user, int movie, double stars, long time, String known) {
    return row(user, movie, stars, Instant.ofEpochSecond(time), known);
  }

  @Test
  void mergesWhatFctRatingsChangedAndReadsTheLookBackWhenItWasRebuilt() {
    String first = run(ratings("first", "1,10,4.0," + T0, "2,11,3.0," + (T0 + DAY)), ALL, false);
    assertThat(first).doesNotContain("change feed");

    // A new rating and a re-rating: the mart's merge reads only those two rows of fct_ratings.
    String second =
        run(
            ratings(
                "second",
                "1,10,4.0," + T0,
                "2,11,1.0," + (T0 + 2 * DAY + 60),
                "3,10,5.0," + (T0 + 2 * DAY)),
            ALL,
            false);
    assertThat(second)
        .as("the mart read fct_ratings' change feed")
        .contains("fct_ratings: read only the rows it changed after version");
    assertThat(last.rowsInserted()).as("inserted: " + second).isEqualTo(1);
    assertThat(last.rowsUpdated()).as("updated: " + second).isEqualTo(1);
    List<Row> afterSecond =
        List.of(
            rating(1, 10, 4.0, T0, "known"),
            rating(2, 11, 1.0, T0 + 2 * DAY + 60, "unknown"),
            rating(3, 10, 5.0, T0 + 2 * DAY, "known"));
    assertRows(mart(), COLUMNS, afterSecond);

    // fct_ratings rebuilt whole: its feed shows every row removed and added again, which a merge
    // by key cannot follow; the mart reads the look-back window instead and says so.
    Path third =
        ratings(
            "third",
            "1,10,4.0," + T0,
            "2,11,1.0," + (T0 + 2 * DAY + 60),
            "3,10,5.0," + (T0 + 2 * DAY),
            "4,11,2.5," + (T0 + 3 * DAY));
    run(third, List.of("src_ratings", "fct_ratings"), true);
    String fourth = run(third, ALL, false);
    assertThat(fourth)
        .contains("fct_ratings: reads its look-back window: rows were removed from it after");
    List<Row> afterFourth = new java.util.ArrayList<>(afterSecond);
    afterFourth.add(rating(4, 11, 2.5, T0 + 3 * DAY, "unknown"));
    assertRows(mart(), COLUMNS, afterFourth);
  }
}
