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
}
