package io.reelhouse.movielens.staging;

import static org.apache.spark.sql.functions.col;

import io.reelhouse.model.Materialization;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.model.SourceView;
import io.reelhouse.movielens.Layers;
import io.reelhouse.movielens.MovieLensSources;

/** movies.csv renamed to snake_case. */
public final class SrcMovies extends SourceView {
  public SrcMovies() {
    super(
        ModelInfo.builder("src_movies", Layers.STAGING, Materialization.VIEW)
            .sources(MovieLensSources.MOVIES)
            .description("One row per line of movies.csv, columns renamed to snake_case.")
            .column("movie_id", "MovieLens movie id")
            .column("title", "title as in the file, year in parentheses")
            .column("genres", "|-separated genres, or (no genres listed)")
            .build(),
        col("movieId").as("movie_id"),
        col("title"),
        col("genres"));
  }
}
