package io.reelhouse.movielens.fct;

import static io.reelhouse.quality.Rules.expression;
import static io.reelhouse.quality.Rules.noNullsInAnyColumn;
import static io.reelhouse.quality.Rules.notNull;
import static io.reelhouse.quality.Rules.unique;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;

import io.reelhouse.model.DeclaredDatasetModel;
import io.reelhouse.model.Materialization;
import io.reelhouse.model.ModelContext;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.movielens.Layers;
import java.math.BigDecimal;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/** Relevance of genome tags to movies, rounded to 4 decimals; zero scores dropped. */
public final class FctGenomeScores extends DeclaredDatasetModel {
  public FctGenomeScores() {
    super(
        ModelInfo.builder("fct_genome_scores", Layers.FCT, Materialization.TABLE)
            .tags("genome")
            .refs("src_genome_scores")
            .description("One row per (movie, genome tag) with a relevance above zero.")
            .column("movie_id", "MovieLens movie id")
            .column("tag_id", "genome tag id")
            .column("relevance_score", "relevance rounded half-up to 4 decimals (decimal(9,4))")
            .rules(
                notNull("movie_id"),
                notNull("tag_id"),
                notNull("relevance_score"),
                unique("movie_id", "tag_id"),
                expression("relevance_score > 0")
                    .because(
                        "a relevance of 0 means the tag does not apply; below 0 is a broken file"),
                expression("relevance_score <= 1")
                    .because("genome relevance is a score in [0, 1]: more is a broken file"),
                noNullsInAnyColumn()
                    .because("a score without its movie, tag or value cannot be used"))
            .build());
  }

  @Override
  public Dataset<Row> build(ModelContext ctx) {
    return ctx.ref("src_genome_scores")
        // The seed keeps relevance > 0; zeros are "no relevance" and left out. A negative or
        // missing relevance is a broken row: kept here so the rules quarantine it, not dropped.
        .where(col("relevance").isNull().or(col("relevance").notEqual(0)))
        .select(
            col("movie_id"), col("tag_id"), relevanceScore(col("relevance")).as("relevance_score"));
  }

  /**
   * The relevance rounded half-up to 4 decimals as a decimal(9,4): exactly {@code
   * round(cast(relevance AS decimal(20,10)), 4)}, the rounding of the number the file wrote (the
   * double 0.02875 is a hair below 0.02875 in binary, and the file says 0.02875, which rounds up to
   * 0.0288), to 10 decimals first, then to 4.
   *
   * <p>Why not that expression as it is: Spark turns each double into a {@code BigDecimal} through
   * its text (Double.toString), about 1.7 s per 15.6M scores in each pass over them (the audit's
   * and the write's). The same result in double arithmetic, for |relevance| < 10: with k the
   * ten-thousandths below it, the result is k + 1 exactly when the value reaches the decimal (k +
   * 0.5) / 10^4 less 5 x 10^-11 (where its rounding to 10 decimals reaches the tie). That decimal
   * has at most 12 digits, so the double nearest it (one correctly rounded division of exact
   * integers) is on the same side of the file's number as the double read from it. Other values
   * (NaN, infinities, |relevance| >= 10: broken rows) take Spark's expression.
   */
  static Column relevanceScore(Column relevance) {
    Column magnitude = abs(relevance);
    Column k = floor(magnitude.multiply(10_000d));
    Column tie = k.multiply(10_000_000L).plus(4_999_995L).cast(DataTypes.DoubleType).divide(1e11);
    Column units = k.plus(when(magnitude.geq(tie), 1L).otherwise(0L));
    Column signed = when(relevance.lt(0), units.multiply(-1L)).otherwise(units);
    Column fast =
        signed
            .cast(DataTypes.createDecimalType(9, 0))
            .multiply(lit(new BigDecimal("0.0001")))
            .cast(DataTypes.createDecimalType(9, 4));
    Column exact =
        round(relevance.cast(DataTypes.createDecimalType(20, 10)), 4)
            .cast(DataTypes.createDecimalType(9, 4));
    return when(magnitude.lt(10), fast).otherwise(exact);
  }
}
