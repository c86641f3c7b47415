package io.reelhouse.movielens.staging;

import static org.apache.spark.sql.functions.col;

import io.reelhouse.model.Materialization;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.model.SourceView;
import io.reelhouse.movielens.Layers;
import io.reelhouse.movielens.MovieLensSources;

/** genome-tags.csv renamed; empty when the file is absent. */
public final class SrcGenomeTags extends SourceView {
  public SrcGenomeTags() {
    super(
        ModelInfo.builder("src_genome_tags", Layers.STAGING, Materialization.VIEW)
            .tags("genome")
            .sources(MovieLensSources.GENOME_TAGS)
            .description("One row per line of genome-tags.csv: a tag of the tag genome.")
            .column("tag_id", "genome tag id")
            .column("tag", "the tag's text")
            .build(),
        col("tagId").as("tag_id"),
        col("tag"));
  }
}
