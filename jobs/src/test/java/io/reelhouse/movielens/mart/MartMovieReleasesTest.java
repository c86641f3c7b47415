package io.reelhouse.movielens.mart;

import static io.reelhouse.testing.Fixtures.file;
import static io.reelhouse.testing.Fixtures.rows;
import static io.reelhouse.testing.RowAssert.assertRows;
import static io.reelhouse.testing.RowAssert.row;

import io.reelhouse.movielens.seeds.SeedMovieReleaseDates;
import io.reelhouse.source.CsvReader;
import io.reelhouse.source.SourceSpec;
import io.reelhouse.testing.TestSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MartMovieReleasesTest {
  @TempDir Path dir;

  @Test
  void releaseInfoIsKnownOnlyWhenTheSeedHasADate() {
    Instant t = Instant.parse("2001-01-01T00:00:00Z");
    rows(
            "user_id INT, movie_id INT, rating DOUBLE, rating_timestamp TIMESTAMP",
            row(1, 1, 4.0, t),
            row(2, 1, 3.5, t),
            row(1, 2, 5.0, t),
            row(1, 3, 2.0, t))
        .createOrReplaceTempView("mart_test_ratings");
    // The seed as a file: movie 2's date is empty, movie 3 is absent.
    var seed = new SeedMovieReleaseDates();
    file(dir, seed.fileName(), "\n", "movie_id,release_date", "1,1995-10-20", "2,");
    new CsvReader(TestSpark.session(), dir.toString())
        .read(new SourceSpec(seed.name(), seed.fileName(), seed.schema(), true))
        .createOrReplaceTempView("mart_test_seed");
    var tables =
        Map.of("fct_ratings", "mart_test_ratings", "seed_movie_release_dates", "mart_test_seed");

    String sql = new MartMovieReleases().sql(tables::get);

    assertRows(
        TestSpark.session().sql(sql),
        List.of("user_id", "movie_id", "rating", "rating_timestamp", "release_info_available"),
        List.of(
            row(1, 1, 4.0, t, "known"),
            row(2, 1, 3.5, t, "known"),
            row(1, 2, 5.0, t, "unknown"),
            row(1, 3, 2.0, t, "unknown")));
  }
}
