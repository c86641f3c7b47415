package io.reelhouse.movielens.fct;

import static io.reelhouse.testing.Fixtures.rows;
import static io.reelhouse.testing.RowAssert.assertRows;
import static io.reelhouse.testing.RowAssert.row;

import io.reelhouse.testing.FakeContext;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FctRatingsTest {
  @Test
  void keepsRatingsWithAValue() {
    Instant t = Instant.parse("2015-03-09T22:52:09Z");
    var src =
        rows(
            "user_id INT, movie_id INT, rating DOUBLE, rating_timestamp TIMESTAMP",
            row(1, 10, 4.5, t),
            row(1, 11, null, t),
            row(2, 10, 0.5, t));
    assertRows(
        new FctRatings().build(new FakeContext().ref("src_ratings", src)),
        List.of("user_id", "movie_id", "rating", "rating_timestamp"),
        List.of(row(1, 10, 4.5, t), row(2, 10, 0.5, t)));
  }
}
