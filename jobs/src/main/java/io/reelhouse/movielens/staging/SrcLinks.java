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

/** links.csv renamed. */
public final class SrcLinks implements DatasetModel {
  private static final ModelInfo INFO =
      ModelInfo.builder("src_links", Layers.STAGING, Materialization.VIEW)
          .sources(MovieLensSources.LINKS)
          .description("One row per line of links.csv: a movie's IMDb and TMDB ids.")
          .column("movie_id", "MovieLens movie id")
          .column("imdb_id", "IMDb id as a number (leading zeros dropped)")
          .column("tmdb_id", "TMDB id; null when the file has none")
          .build();

  @Override
  public ModelInfo info() {
    return INFO;
  }

  @Override
  public Dataset<Row> build(ModelContext ctx) {
    return ctx.source(MovieLensSources.LINKS)
        .select(
            col("movieId").as("movie_id"),
            col("imdbId").as("imdb_id"),
            col("tmdbId").as("tmdb_id"));
  }
}
