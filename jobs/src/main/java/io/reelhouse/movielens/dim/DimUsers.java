package io.reelhouse.movielens.dim;

import static io.reelhouse.quality.Rules.notNull;
import static io.reelhouse.quality.Rules.unique;
import static org.apache.spark.sql.functions.col;

import io.reelhouse.model.DatasetModel;
import io.reelhouse.model.Materialization;
import io.reelhouse.model.ModelContext;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.movielens.Layers;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Every user who rated or tagged a movie. */
public final class DimUsers implements DatasetModel {
  private static final ModelInfo INFO =
      ModelInfo.builder("dim_users", Layers.DIM, Materialization.TABLE)
          .refs("src_ratings", "src_tags")
          .description("One row per user who rated or tagged at least one movie.")
          .column("user_id", "MovieLens user id (unique)")
          .rules(
              notNull("user_id"),
              unique("user_id").because("enabled here; commented out in the seed"))
          .build();

  @Override
  public ModelInfo info() {
    return INFO;
  }

  @Override
  public Dataset<Row> build(ModelContext ctx) {
    return ctx.ref("src_ratings")
        .select(col("user_id"))
        .union(ctx.ref("src_tags").select(col("user_id")))
        .distinct();
  }
}
