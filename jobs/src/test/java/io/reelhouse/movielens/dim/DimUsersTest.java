package io.reelhouse.movielens.dim;

import static io.reelhouse.testing.Fixtures.rows;
import static io.reelhouse.testing.RowAssert.assertRows;
import static io.reelhouse.testing.RowAssert.row;

import io.reelhouse.testing.FakeContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class DimUsersTest {
  @Test
  void everyUserWhoRatedOrTaggedOnce() {
    var ratings = rows("user_id INT", row(1), row(1), row(2));
    var tags = rows("user_id INT", row(2), row(3), row(3));
    assertRows(
        new DimUsers().build(new FakeContext().ref("src_ratings", ratings).ref("src_tags", tags)),
        List.of("user_id"),
        List.of(row(1), row(2), row(3)));
  }

  @Test
  void aUserWhoOnlyTaggedIsAUser() {
    var ratings = rows("user_id INT");
    var tags = rows("user_id INT", row(9));
    assertRows(
        new DimUsers().build(new FakeContext().ref("src_ratings", ratings).ref("src_tags", tags)),
        List.of("user_id"),
        List.of(row(9)));
  }
}
