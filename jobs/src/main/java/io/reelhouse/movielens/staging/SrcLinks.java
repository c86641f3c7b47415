package io.reelhouse.movielens.staging;

import static org.apache.spark.sql.functions.col;

import io.reelhouse.model.Materialization;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.model.SourceView;
import io.reelhouse.movielens.Layers;
import io.reelhouse.movielens.MovieLensSources;

/** links.csv renamed. */
public final class SrcLinks extends SourceView {
  public SrcLinks() {
    super(
        ModelInfo.builder("src_links", Layers.STAGING, Materialization.VIEW)
            .sources(MovieLensSources.LINKS)
            .description("One row per line of links.csv: a movie's IMDb and TMDB ids.")
            .column("movie_id", "MovieLens movie id")
            .column("imdb_id", "IMDb id as a number (leading zeros dropped)")
            .column("tmdb_id", "TMDB id; null when the file has none")
            .build(),
        col("movieId").as("movie_id"),
        col("imdbId").as("imdb_id"),
        col("tmdbId").as("tmdb_id"));
  }
}
