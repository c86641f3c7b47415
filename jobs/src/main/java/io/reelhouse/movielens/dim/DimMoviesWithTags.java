package io.reelhouse.movielens.dim;

import static org.apache.spark.sql.functions.col;

import io.reelhouse.model.DeclaredDatasetModel;
import io.reelhouse.model.Materialization;
import io.reelhouse.model.ModelContext;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.movielens.Layers;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Movies with their genome tags and scores; inlined into whatever reads it. */
public final class DimMoviesWithTags extends DeclaredDatasetModel {
  public DimMoviesWithTags() {
    super(
        ModelInfo.builder("dim_movies_with_tags", Layers.DIM, Materialization.EPHEMERAL)
            .tags("genome")
            .refs("dim_movies", "fct_genome_scores", "dim_genome_tags")
            .description(
                "One row per (movie, genome tag) with a score; one row with null tag columns for a"
                    + " movie without scores.")
            .column("movie_id", "MovieLens movie id")
            .column("movie_title", "title from dim_movies")
            .column("genres", "genres from dim_movies")
            .column("tag_name", "genome tag name; null for a movie without scores")
            .column("relevance_score", "relevance of the tag to the movie, 4 decimals")
            .build());
  }

  @Override
  public Dataset<Row> build(ModelContext ctx) {
    Dataset<Row> movies = ctx.ref("dim_movies").as("m");
    Dataset<Row> scores = ctx.ref("fct_genome_scores").as("s");
    Dataset<Row> tags = ctx.ref("dim_genome_tags").as("t");
    return movies
        .join(scores, col("m.movie_id").equalTo(col("s.movie_id")), "left")
        .join(tags, col("s.tag_id").equalTo(col("t.tag_id")), "left")
        .select(
            col("m.movie_id"),
            col("m.movie_title"),
            col("m.genres"),
            col("t.tag_name"),
            col("s.relevance_score"));
  }
}
