package io.reelhouse.movielens.fct;

import static io.reelhouse.testing.Fixtures.rows;
import static io.reelhouse.testing.RowAssert.assertRows;
import static io.reelhouse.testing.RowAssert.row;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.round;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.testing.FakeContext;
import io.reelhouse.testing.TestSpark;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
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

  @Test
  void theRoundingInDoublesEqualsSparksRoundingThroughDecimalsForEveryKindOfValue() {
    List<Double> values = new ArrayList<>();
    java.util.Random random = new java.util.Random(7);
    for (int k = 0; k <= 100_000; k++) {
      double quarter = k * 0.00025; // the genome file's grid: every other value a tie
      double tie = (k + 0.5) / 10_000 - 5e-11; // the tie of the rounding to 10 decimals
      values.addAll(List.of(quarter, -quarter, tie, Math.nextUp(tie), Math.nextDown(tie)));
      values.add(random.nextDouble());
      values.add(random.nextDouble() * 20 - 10);
    }
    values.addAll(
        List.of(
            0.0006499999999999999,
            0.00004999999996,
            9.99995,
            9.999999999999998,
            10.0,
            -10.00005,
            12.34565,
            1e-11,
            Double.MIN_VALUE,
            1e300,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY));
    List<Row> rows = new ArrayList<>();
    for (Double v : values) {
      rows.add(RowFactory.create(v));
    }
    rows.add(RowFactory.create((Object) null));
    Dataset<Row> data =
        TestSpark.session()
            .createDataFrame(rows, new StructType().add("relevance", DataTypes.DoubleType));
    // Spark's own rounding of the file's number, through its decimal text: the oracle.
    Column spark =
        round(col("relevance").cast(DataTypes.createDecimalType(20, 10)), 4)
            .cast(DataTypes.createDecimalType(9, 4));
    Dataset<Row> differing =
        data.where(not(FctGenomeScores.relevanceScore(col("relevance")).eqNullSafe(spark)));
    assertThat(differing.count()).as("values rounded differently").isZero();
    assertThat(data.count()).isEqualTo(values.size() + 1L);
  }
}
