package io.reelhouse.movielens.dim;

import static io.reelhouse.quality.Rules.notNull;
import static io.reelhouse.quality.Rules.unique;
import static org.apache.spark.sql.functions.col;

import io.reelhouse.model.DeclaredDatasetModel;
import io.reelhouse.model.Materialization;
import io.reelhouse.model.ModelContext;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.movielens.Layers;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Every user who rated or tagged a movie. Incremental: a run merges the users of the lines added to
 * ratings.csv since the last run (and of tags.csv if it changed); a user never leaves.
 */
public final class DimUsers extends DeclaredDatasetModel {
  public DimUsers() {
    super(
        ModelInfo.builder("dim_users", Layers.DIM, Materialization.INCREMENTAL)
            .tags("nightly", "pii")
            .refs("src_ratings", "src_tags")
            .incremental(null, "user_id")
            .description("One row per user who rated or tagged at least one movie.")
            .column("user_id", "MovieLens user id (unique)")
            .rules(
                notNull("user_id"),
                unique("user_id").because("a repeated user id would count that user twice"))
            .build());
  }

  @Override
  public Dataset<Row> build(ModelContext ctx) {
    return ctx.ref("src_ratings")
        .select(col("user_id"))
        .union(ctx.ref("src_tags").select(col("user_id")))
        .distinct();
  }
}
