package io.reelhouse.warehouse;

import static io.reelhouse.testing.Fixtures.rows;
import static io.reelhouse.testing.RowAssert.assertRows;
import static io.reelhouse.testing.RowAssert.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class KeyRangeTest {
  private static final String DDL = "user_id INT, movie_id INT, tag STRING";

  private final Dataset<Row> table =
      rows(
          DDL,
          row(1, 10, "a"),
          row(2, 20, "b"),
          row(3, 30, "c"),
          row(4, 40, "d"),
          row(null, 20, "n"));

  @Test
  void rowsOutsideTheBatchsRangeOfAnyKeyColumnAreLeftOut() {
    KeyRange r =
        KeyRange.of(rows(DDL, row(2, 30, "x"), row(3, 20, "y")), List.of("user_id", "movie_id"));
    assertThat(r.rows()).isEqualTo(2);
    assertRows(
        table.where(r.within("")),
        List.of("user_id", "movie_id", "tag"),
        List.of(row(2, 20, "b"), row(3, 30, "c")));
    assertRows(
        table.where(r.withinOrNull("")),
        List.of("user_id", "movie_id", "tag"),
        List.of(row(2, 20, "b"), row(3, 30, "c"), row(null, 20, "n")));
  }

  @Test
  void aKeyColumnNullInEveryRowOfTheBatchMatchesOnlyNullSafely() {
    KeyRange r = KeyRange.of(rows(DDL, row(null, 20, "x")), List.of("user_id", "movie_id"));
    assertThat(table.where(r.within("")).count()).isZero();
    assertRows(
        table.where(r.withinOrNull("")),
        List.of("user_id", "movie_id", "tag"),
        List.of(row(null, 20, "n")));
  }

  @Test
  void textKeysAreRangedToo() {
    KeyRange r = KeyRange.of(rows(DDL, row(9, 9, "b"), row(9, 9, "c")), List.of("tag"));
    assertRows(
        table.where(r.within("")),
        List.of("user_id", "movie_id", "tag"),
        List.of(row(2, 20, "b"), row(3, 30, "c")));
  }

  @Test
  void anEmptyBatchHasNoRows() {
    KeyRange r = KeyRange.of(rows(DDL), List.of("user_id"));
    assertThat(r.rows()).isZero();
    assertThat(table.where(r.within("")).count()).isZero();
  }

  @Test
  void theRangeOfRowsKeptIsObservedInThePassThatKeepsThem() {
    Dataset<Row> batch =
        rows(
            "user_id INT, movie_id INT, tag STRING, rated_at TIMESTAMP",
            row(7, 30, "x", java.time.Instant.parse("2020-01-02T00:00:00Z")),
            row(null, 20, "b", java.time.Instant.parse("2020-01-01T00:00:00Z")),
            row(5, 40, "y", null));
    KeyRange.Observed observed =
        KeyRange.observed(batch, List.of("user_id", "movie_id", "tag", "rated_at"));
    Dataset<Row> kept = io.reelhouse.spark.Kept.keep(observed.rows());
    try {
      KeyRange r = observed.range(kept);
      assertThat(r.rows()).isEqualTo(3);
      assertThat(r.columns()).containsExactly("user_id", "movie_id", "tag", "rated_at");
      assertThat(r.mins())
          .containsExactly(5, 20, "b", java.time.Instant.parse("2020-01-01T00:00:00Z"));
      assertThat(r.maxes())
          .containsExactly(7, 40, "y", java.time.Instant.parse("2020-01-02T00:00:00Z"));
      assertThat(kept.count()).isEqualTo(3);
    } finally {
      io.reelhouse.spark.Kept.release(kept);
    }
  }

  @Test
  void anEmptyBatchKeptHasNoRowsAndNoBounds() {
    KeyRange.Observed observed = KeyRange.observed(rows(DDL), List.of("user_id"));
    Dataset<Row> kept = io.reelhouse.spark.Kept.keep(observed.rows());
    try {
      KeyRange r = observed.range(kept);
      assertThat(r.rows()).isZero();
      assertThat(r.mins()).containsExactly((Object) null);
      assertThat(table.where(r.within("")).count()).isZero();
    } finally {
      io.reelhouse.spark.Kept.release(kept);
    }
  }

  @Test
  void aRangeSparkNeverDeliversIsComputedFromTheRowsInstead() {
    KeyRange.Observed observed = KeyRange.observed(table, List.of("user_id"));
    // The observed rows are never acted on: no metrics will come.
    KeyRange r =
        observed.range(
            rows(DDL, row(8, 1, "p"), row(6, 2, "q")),
            scala.concurrent.duration.Duration.create(
                200, java.util.concurrent.TimeUnit.MILLISECONDS));
    assertThat(r.rows()).isEqualTo(2);
    assertThat(r.mins()).containsExactly(6);
    assertThat(r.maxes()).containsExactly(8);
  }
}
