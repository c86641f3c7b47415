package io.reelhouse.movielens.staging;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.timestamp_seconds;

import io.reelhouse.model.DatasetModel;
import io.reelhouse.model.Materialization;
import io.reelhouse.model.ModelContext;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.movielens.Layers;
import io.reelhouse.movielens.MovieLensSources;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** tags.csv renamed, epoch seconds cast to a UTC timestamp. */
public final class SrcTags implements DatasetModel {
  private static final ModelInfo INFO =
      ModelInfo.builder("src_tags", Layers.STAGING, Materialization.VIEW)
          .tags("pii")
          .sources(MovieLensSources.TAGS)
          .description("One row per line of tags.csv: a free-text tag a user put on a movie.")
          .column("user_id", "MovieLens user id")
          .column("movie_id", "MovieLens movie id")
          .column("tag", "the tag as typed")
          .column("tag_timestamp", "when the tag was set (UTC)")
          .build();

  @Override
  public ModelInfo info() {
    return INFO;
  }

  @Override
  public Dataset<Row> build(ModelContext ctx) {
    return ctx.source(MovieLensSources.TAGS)
        .select(
            col("userId").as("user_id"),
            col("movieId").as("movie_id"),
            col("tag"),
            timestamp_seconds(col("timestamp")).as("tag_timestamp"));
  }
}
