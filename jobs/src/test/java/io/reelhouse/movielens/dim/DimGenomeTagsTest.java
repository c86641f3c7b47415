package io.reelhouse.movielens.dim;

import static io.reelhouse.testing.Fixtures.rows;
import static io.reelhouse.testing.RowAssert.assertRows;
import static io.reelhouse.testing.RowAssert.row;

import io.reelhouse.testing.FakeContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class DimGenomeTagsTest {
  @Test
  void tagNamesAreTrimmedAndTitleCased() {
    var src =
        rows(
            "tag_id INT, tag STRING",
            row(1, "007 (series)"),
            row(2, "  based on a book "),
            row(3, "sci-fi"),
            row(4, "oscar (best actor)"));
    assertRows(
        new DimGenomeTags().build(new FakeContext().ref("src_genome_tags", src)),
        List.of("tag_id", "tag_name"),
        List.of(
            row(1, "007 (Series)"),
            row(2, "Based On A Book"),
            row(3, "Sci-Fi"),
            row(4, "Oscar (Best Actor)")));
  }
}
