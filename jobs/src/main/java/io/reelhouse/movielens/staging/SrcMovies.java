package io.reelhouse.movielens.staging;

import static org.apache.spark.sql.functions.col;

import io.reelhouse.model.DatasetModel;
import io.reelhouse.model.Materialization;
import io.reelhouse.model.ModelContext;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.movielens.Layers;
import io.reelhouse.movielens.MovieLensSources;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** movies.csv renamed to snake_case. */
public final class SrcMovies implements DatasetModel {
  private static final ModelInfo INFO =
      ModelInfo.builder("src_movies", Layers.STAGING, Materialization.VIEW)
          .sources(MovieLensSources.MOVIES)
          .description("One row per line of movies.csv, columns renamed to snake_case.")
          .column("movie_id", "MovieLens movie id")
          .column("title", "title as in the file, year in parentheses")
          .column("genres", "|-separated genres, or (no genres listed)")
          .build();

  @Override
  public ModelInfo info() {
    return INFO;
  }

  @Override
  public Dataset<Row> build(ModelContext ctx) {
    return ctx.source(MovieLensSources.MOVIES)
        .select(col("movieId").as("movie_id"), col("title"), col("genres"));
  }
}
