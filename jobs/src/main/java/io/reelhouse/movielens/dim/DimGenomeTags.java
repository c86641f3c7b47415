package io.reelhouse.movielens.dim;

import static io.reelhouse.quality.Rules.notNull;
import static io.reelhouse.quality.Rules.unique;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.trim;

import io.reelhouse.model.DeclaredDatasetModel;
import io.reelhouse.model.Materialization;
import io.reelhouse.model.ModelContext;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.movielens.Layers;
import io.reelhouse.spark.SnowflakeFunctions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The tag genome's tags with title-cased names. */
public final class DimGenomeTags extends DeclaredDatasetModel {
  public DimGenomeTags() {
    super(
        ModelInfo.builder("dim_genome_tags", Layers.DIM, Materialization.TABLE)
            .tags("genome")
            .refs("src_genome_tags")
            .description("One row per genome tag.")
            .column("tag_id", "genome tag id (unique)")
            .column("tag_name", "tag trimmed and title-cased as Snowflake's INITCAP does")
            .rules(
                notNull("tag_id"),
                notNull("tag_name"),
                unique("tag_id").because("a repeated tag id would count its scores twice in joins"))
            .build());
  }

  @Override
  public Dataset<Row> build(ModelContext ctx) {
    return ctx.ref("src_genome_tags")
        .select(col("tag_id"), SnowflakeFunctions.initcap(trim(col("tag"))).as("tag_name"));
  }
}
