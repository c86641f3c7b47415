package io.reelhouse.movielens.staging;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.timestamp_seconds;

import io.reelhouse.model.Materialization;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.model.SourceView;
import io.reelhouse.movielens.Layers;
import io.reelhouse.movielens.MovieLensSources;

/** ratings.csv renamed, epoch seconds cast to a UTC timestamp. */
public final class SrcRatings extends SourceView {
  public SrcRatings() {
    super(
        ModelInfo.builder("src_ratings", Layers.STAGING, Materialization.VIEW)
            .tags("pii")
            .sources(MovieLensSources.RATINGS)
            .description("One row per line of ratings.csv: a user's rating of a movie.")
            .column("user_id", "MovieLens user id")
            .column("movie_id", "MovieLens movie id")
            .column("rating", "0.5 to 5.0 stars in halves")
            .column("rating_timestamp", "when the rating was given (UTC)")
            .build(),
        col("userId").as("user_id"),
        col("movieId").as("movie_id"),
        col("rating"),
        timestamp_seconds(col("timestamp")).as("rating_timestamp"));
  }
}
