package io.reelhouse.movielens.fct;

import static io.reelhouse.quality.Rules.expression;
import static io.reelhouse.quality.Rules.noNullsInAnyColumn;
import static io.reelhouse.quality.Rules.notNull;
import static io.reelhouse.quality.Rules.unique;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.round;

import io.reelhouse.model.DeclaredDatasetModel;
import io.reelhouse.model.Materialization;
import io.reelhouse.model.ModelContext;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.movielens.Layers;
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
            col("movie_id"),
            col("tag_id"),
            // Through decimal first: the double 0.02875 is a hair below 0.02875 in binary, and
            // the file says 0.02875, which rounds half-up to 0.0288.
            round(col("relevance").cast(DataTypes.createDecimalType(20, 10)), 4)
                .cast(DataTypes.createDecimalType(9, 4))
                .as("relevance_score"));
  }
}
