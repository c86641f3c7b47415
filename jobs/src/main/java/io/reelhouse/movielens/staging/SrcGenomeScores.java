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

/** genome-scores.csv renamed; empty when the file is absent. */
public final class SrcGenomeScores implements DatasetModel {
  private static final ModelInfo INFO =
      ModelInfo.builder("src_genome_scores", Layers.STAGING, Materialization.VIEW)
          .tags("genome")
          .sources(MovieLensSources.GENOME_SCORES)
          .description(
              "One row per line of genome-scores.csv: how relevant a genome tag is to a movie.")
          .column("movie_id", "MovieLens movie id")
          .column("tag_id", "genome tag id")
          .column("relevance", "relevance in [0, 1]")
          .build();

  @Override
  public ModelInfo info() {
    return INFO;
  }

  @Override
  public Dataset<Row> build(ModelContext ctx) {
    return ctx.source(MovieLensSources.GENOME_SCORES)
        .select(col("movieId").as("movie_id"), col("tagId").as("tag_id"), col("relevance"));
  }
}
