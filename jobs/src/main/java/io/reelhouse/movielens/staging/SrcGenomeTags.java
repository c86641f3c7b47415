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

/** genome-tags.csv renamed; empty when the file is absent. */
public final class SrcGenomeTags implements DatasetModel {
  private static final ModelInfo INFO =
      ModelInfo.builder("src_genome_tags", Layers.STAGING, Materialization.VIEW)
          .tags("genome")
          .sources(MovieLensSources.GENOME_TAGS)
          .description("One row per line of genome-tags.csv: a tag of the tag genome.")
          .column("tag_id", "genome tag id")
          .column("tag", "the tag's text")
          .build();

  @Override
  public ModelInfo info() {
    return INFO;
  }

  @Override
  public Dataset<Row> build(ModelContext ctx) {
    return ctx.source(MovieLensSources.GENOME_TAGS).select(col("tagId").as("tag_id"), col("tag"));
  }
}
