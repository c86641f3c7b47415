package io.reelhouse.movielens.fct;

import static io.reelhouse.quality.Rules.acceptedValues;
import static io.reelhouse.quality.Rules.expression;
import static io.reelhouse.quality.Rules.notNull;
import static io.reelhouse.quality.Rules.relationships;
import static io.reelhouse.quality.Rules.unique;
import static org.apache.spark.sql.functions.col;

import io.reelhouse.model.DeclaredDatasetModel;
import io.reelhouse.model.Materialization;
import io.reelhouse.model.ModelContext;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.movielens.Layers;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Ratings, loaded incrementally: each run merges by (user_id, movie_id) the ratings newer than the
 * table's latest rating_timestamp minus {@code incremental.look-back}, so late rows inside the
 * window are kept and re-sent rows are not doubled.
 */
public final class FctRatings extends DeclaredDatasetModel {
  public FctRatings() {
    super(
        ModelInfo.builder("fct_ratings", Layers.FCT, Materialization.INCREMENTAL)
            .tags("nightly", "pii")
            .refs("src_ratings")
            .incremental("rating_timestamp", "user_id", "movie_id")
            .description("One row per (user, movie) rating with a value.")
            .column("user_id", "MovieLens user id")
            .column("movie_id", "MovieLens movie id")
            .column("rating", "0.5 to 5.0 stars in halves")
            .column("rating_timestamp", "when the rating was given (UTC)")
            .rules(
                notNull("user_id"),
                notNull("movie_id"),
                notNull("rating"),
                relationships("movie_id", "dim_movies", "movie_id")
                    .because("a rating of a movie missing from movies.csv cannot be analysed"),
                unique("user_id", "movie_id"),
                acceptedValues(
                        "rating", "0.5", "1.0", "1.5", "2.0", "2.5", "3.0", "3.5", "4.0", "4.5",
                        "5.0")
                    .because("MovieLens ratings are half stars from 0.5 to 5.0"),
                expression(
                        "rating_timestamp BETWEEN TIMESTAMP '1995-01-01 00:00:00' AND current_timestamp()")
                    .because("MovieLens collects ratings since 1995: other times are clock errors"))
            .build());
  }

  @Override
  public Dataset<Row> build(ModelContext ctx) {
    return ctx.ref("src_ratings")
        .where(col("rating").isNotNull())
        .select(col("user_id"), col("movie_id"), col("rating"), col("rating_timestamp"));
  }
}
