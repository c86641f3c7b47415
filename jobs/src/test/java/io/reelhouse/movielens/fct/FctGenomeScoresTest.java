package io.reelhouse.movielens.fct;

import static io.reelhouse.testing.Fixtures.rows;
import static io.reelhouse.testing.RowAssert.assertRows;
import static io.reelhouse.testing.RowAssert.row;

import io.reelhouse.testing.FakeContext;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class FctGenomeScoresTest {
  @Test
  void relevanceIsRoundedHalfUpToFourDecimalsZerosAreLeftOutAndBrokenValuesKeptForTheRules() {
    var src =
        rows(
            "movie_id INT, tag_id INT, relevance DOUBLE",
            row(1, 1, 0.02875),
            row(1, 2, 0.00025),
            row(1, 3, 0.12344),
            row(1, 4, 0.99995),
            row(1, 5, 1.0),
            row(1, 6, 0.0),
            row(1, 7, 0.0006499999999999999),
            row(1, 8, -0.2),
            row(1, 9, null),
            row(2, 1, 0.5));
    assertRows(
        new FctGenomeScores().build(new FakeContext().ref("src_genome_scores", src)),
        List.of("movie_id", "tag_id", "relevance_score"),
        List.of(
            row(1, 1, new BigDecimal("0.0288")),
            row(1, 2, new BigDecimal("0.0003")),
            row(1, 3, new BigDecimal("0.1234")),
            row(1, 4, new BigDecimal("1.0000")),
            row(1, 5, new BigDecimal("1.0000")),
            // Binary noise in the file is noise: 0.0006499999999999999 is the tie 0.00065.
            row(1, 7, new BigDecimal("0.0007")),
            // Not scores: kept, so the rules quarantine them with a reason.
            row(1, 8, new BigDecimal("-0.2000")),
            row(1, 9, null),
            row(2, 1, new BigDecimal("0.5000"))));
  }
}
