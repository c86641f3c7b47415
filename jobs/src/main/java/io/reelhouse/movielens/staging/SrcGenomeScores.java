package io.reelhouse.movielens.staging;

import static org.apache.spark.sql.functions.col;

import io.reelhouse.model.Materialization;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.model.SourceView;
import io.reelhouse.movielens.Layers;
import io.reelhouse.movielens.MovieLensSources;

/** genome-scores.csv renamed; empty when the file is absent. */
public final class SrcGenomeScores extends SourceView {
  public SrcGenomeScores() {
    super(
        ModelInfo.builder("src_genome_scores", Layers.STAGING, Materialization.VIEW)
            .tags("genome")
            .sources(MovieLensSources.GENOME_SCORES)
            .description(
                "One row per line of genome-scores.csv: how relevant a genome tag is to a movie.")
            .column("movie_id", "MovieLens movie id")
            .column("tag_id", "genome tag id")
            .column("relevance", "relevance in [0, 1]")
            .build(),
        col("movieId").as("movie_id"),
        col("tagId").as("tag_id"),
        col("relevance"));
  }
}
