package io.reelhouse.movielens.staging;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.timestamp_seconds;

import io.reelhouse.model.Materialization;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.model.SourceView;
import io.reelhouse.movielens.Layers;
import io.reelhouse.movielens.MovieLensSources;

/** tags.csv renamed, epoch seconds cast to a UTC timestamp. */
public final class SrcTags extends SourceView {
  public SrcTags() {
    super(
        ModelInfo.builder("src_tags", Layers.STAGING, Materialization.VIEW)
            .tags("pii")
            .sources(MovieLensSources.TAGS)
            .description("One row per line of tags.csv: a free-text tag a user put on a movie.")
            .column("user_id", "MovieLens user id")
            .column("movie_id", "MovieLens movie id")
            .column("tag", "the tag as typed")
            .column("tag_timestamp", "when the tag was set (UTC)")
            .build(),
        col("userId").as("user_id"),
        col("movieId").as("movie_id"),
        col("tag"),
        timestamp_seconds(col("timestamp")).as("tag_timestamp"));
  }
}
