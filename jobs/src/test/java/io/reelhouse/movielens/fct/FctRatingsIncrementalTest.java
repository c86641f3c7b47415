package io.reelhouse.movielens.fct;

import static io.reelhouse.testing.Fixtures.file;
import static io.reelhouse.testing.RowAssert.assertRows;
import static io.reelhouse.testing.RowAssert.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.model.RunContext;
import io.reelhouse.movielens.MovieLensProject;
import io.reelhouse.run.ConsoleListener;
import io.reelhouse.run.ModelOutcome;
import io.reelhouse.run.RunReport;
import io.reelhouse.run.Runner;
import io.reelhouse.source.CsvReader;
import io.reelhouse.testing.TestSpark;
import io.reelhouse.warehouse.DeltaWarehouse;
import io.reelhouse.warehouse.SchemaNaming;
import io.reelhouse.warehouse.TableId;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fct_ratings is incremental: merged by (user_id, movie_id) after the target's latest
 * rating_timestamp minus a 3-day look-back. Whatever the loads, it must end equal to a full refresh
 * over all the data.
 */
class FctRatingsIncrementalTest {
  private static final Duration LOOK_BACK = Duration.ofDays(3);
  private static final long DAY = 86_400;
  private static final long T0 = 1_500_000_000L; // 2017-07-14T02:40:00Z

  /** userId, movieId, rating, epoch seconds; users 1-2 rate early and late, user 3 in between. */
  private static final long[][] RATINGS = {
    {1, 10, 8, T0},
    {1, 11, 7, T0 + DAY},
    {1, 12, 10, T0 + 5 * DAY},
    {2, 10, 6, T0 + 2 * DAY},
    {2, 13, 9, T0 + 6 * DAY},
    {3, 10, 5, T0 + 4 * DAY}, // older than users 1-2's latest, but inside the look-back
    {3, 14, 1, T0 + 5 * DAY + 3_600},
  };

  @TempDir Path dir;

  private Path load(String name, Predicate<long[]> keep) {
    List<String> lines = new ArrayList<>(List.of("userId,movieId,rating,timestamp"));
    for (long[] r : RATINGS) {
      if (keep.test(r)) {
        lines.add(r[0] + "," + r[1] + "," + (r[2] / 2.0) + "," + r[3]);
      }
    }
    Path folder = dir.resolve(name);
    file(folder, "ratings.csv", "\n", lines.toArray(String[]::new));
    movies(folder);
    return folder;
  }

  /** The movies rated above, for fct_ratings' relationships rule. */
  private static void movies(Path folder) {
    file(
        folder,
        "movies.csv",
        "\n",
        "movieId,title,genres",
        "10,A,Drama",
        "11,B,Drama",
        "12,C,Drama",
        "13,D,Drama",
        "14,E,Drama");
  }

  /** Builds dim_movies and fct_ratings over the files in {@code source}; returns fct_ratings'. */
  private ModelOutcome run(Path source, String env, boolean fullRefresh) {
    var spark = TestSpark.session();
    var ctx =
        new RunContext(
            spark,
            MovieLensProject.create(),
            new DeltaWarehouse(spark, dir.resolve("warehouse").toString()),
            new SchemaNaming(env, false),
            new CsvReader(spark, source.toString()),
            new CsvReader(spark, dir.resolve("seeds").toString()));
    RunReport report =
        new Runner(
                ctx,
                LOOK_BACK,
                TestSpark.settings(dir).quality(),
                new ConsoleListener(new PrintStream(OutputStream.nullOutputStream())))
            .run(
                "run",
                List.of("src_movies", "dim_movies", "src_ratings", "fct_ratings"),
                fullRefresh);
    assertThat(report.results())
        .allMatch(r -> r.status() == ModelOutcome.Status.SUCCESS, "all succeeded");
    return report.results().get(3);
  }

  private Dataset<Row> table(String env) {
    var spark = TestSpark.session();
    return new DeltaWarehouse(spark, dir.resolve("warehouse").toString())
        .read(new TableId(env + "_fct", "fct_ratings"));
  }

  private static List<Row> allRows() {
    List<Row> rows = new ArrayList<>();
    for (long[] r : RATINGS) {
      rows.add(row((int) r[0], (int) r[1], r[2] / 2.0, Instant.ofEpochSecond(r[3])));
    }
    return rows;
  }

  private static final List<String> COLUMNS =
      List.of("user_id", "movie_id", "rating", "rating_timestamp");

  /** RDDs kept in memory, but for the tables' states Delta caches ("Delta Table State ..."). */
  private static long keptNotByDelta() {
    return scala.collection.JavaConverters.asJavaCollection(
            TestSpark.session().sparkContext().getPersistentRDDs().values())
        .stream()
        .filter(rdd -> rdd.name() == null || !rdd.name().startsWith("Delta Table State"))
        .count();
  }

  @Test
  void aSecondRunOnTheSameDataAddsAndChangesNothing() {
    run(load("all", r -> true), "same", false);
    // The same rows in another file: a changed input, so the merge runs (an unchanged file would
    // leave the table as it is without reading it: SkipUnchangedTest).
    // Delta keeps each table's state cached; what a merge kept of its own must be gone after it.
    long keptBefore = keptNotByDelta();
    ModelOutcome second = run(load("all-again", r -> true), "same", false);
    assertThat(keptNotByDelta())
        .as("what the merge kept in memory is released")
        .isEqualTo(keptBefore);
    assertThat(second.action()).isEqualTo(ModelOutcome.Action.MERGED);
    assertThat(second.rows().inserted()).as("inserted").isZero();
    assertThat(second.rows().updated()).as("updated").isZero();
    assertThat(second.rows().inTable()).isEqualTo(RATINGS.length);
    assertRows(table("same"), COLUMNS, allRows());
  }

  @Test
  void twoLoadsInTimeOrderEqualAFullRefresh() {
    run(load("first", r -> r[3] < T0 + 3 * DAY), "bytime", false);
    ModelOutcome second = run(load("all", r -> true), "bytime", false);
    assertThat(second.rows().inserted()).isEqualTo(4);
    run(load("all", r -> true), "bytime_full", true);
    assertRows(table("bytime"), COLUMNS, table("bytime_full").collectAsList());
    assertRows(table("bytime"), COLUMNS, allRows());
  }

  @Test
  void lateRowsOfAnotherUserInsideTheLookBackAreNotLost() {
    // First load: users 1 and 2 only; their latest rating is at T0 + 6 days.
    run(load("first", r -> r[0] <= 2), "byuser", false);
    // Second load adds user 3, rated at T0 + 4 days: older than the target's maximum, but
    // within the 3-day look-back. The seed's strict "newer than max" would drop it.
    ModelOutcome second = run(load("all", r -> true), "byuser", false);
    assertThat(second.rows().inserted()).isEqualTo(2);
    run(load("all", r -> true), "byuser_full", true);
    assertRows(table("byuser"), COLUMNS, table("byuser_full").collectAsList());
    assertRows(table("byuser"), COLUMNS, allRows());
  }

  @Test
  void aReRatingReplacesTheOldValueInsteadOfAddingARow() {
    run(load("first", r -> true), "rerate", false);
    Path changed = dir.resolve("changed");
    file(
        changed,
        "ratings.csv",
        "\n",
        "userId,movieId,rating,timestamp",
        "2,13,1.0," + (T0 + 7 * DAY));
    movies(changed);
    ModelOutcome second = run(changed, "rerate", false);
    assertThat(second.rows().updated()).isEqualTo(1);
    assertThat(second.rows().inserted()).isZero();
    List<Row> expected = new ArrayList<>(allRows());
    expected.removeIf(r -> r.getInt(0) == 2 && r.getInt(1) == 13);
    expected.add(row(2, 13, 1.0, Instant.ofEpochSecond(T0 + 7 * DAY)));
    assertRows(table("rerate"), COLUMNS, expected);
  }
}
