package io.reelhouse.movielens.snapshots;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.md5;

import io.reelhouse.model.DeclaredSnapshotModel;
import io.reelhouse.model.Materialization;
import io.reelhouse.model.ModelContext;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.movielens.Layers;
import io.reelhouse.scd.SnapshotSpec;
import io.reelhouse.scd.SnapshotSpec.HardDeletes;
import io.reelhouse.scd.SnapshotSpec.MetaColumns;
import io.reelhouse.scd.SnapshotSpec.Strategy;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * History of every tag (the seed snapshots an arbitrary 100; this keeps all, deterministically):
 * timestamp strategy on tag_timestamp, a tag that disappears is closed (invalidate).
 */
public final class SnapTags extends DeclaredSnapshotModel {
  /** dbt_utils.generate_surrogate_key's stand-in for a null part. */
  static final String NULL_PART = "_dbt_utils_surrogate_key_null_";

  public SnapTags() {
    super(
        ModelInfo.builder("snap_tags", Layers.SNAPSHOTS, Materialization.SNAPSHOT)
            .tags("nightly", "pii")
            .refs("src_tags")
            .description("One row per version of a (user, movie, tag): SCD type 2 history of tags.")
            .column("row_key", "md5 of user_id-movie_id-tag, as dbt_utils.generate_surrogate_key")
            .column("user_id", "MovieLens user id")
            .column("movie_id", "MovieLens movie id")
            .column("tag", "the tag as typed")
            .column("tag_timestamp", "when the tag was set (UTC); the snapshot's updated_at")
            .column("dbt_scd_id", "md5 of user_id|movie_id|tag|dbt_valid_from")
            .column("dbt_updated_at", "tag_timestamp of this version")
            .column("dbt_valid_from", "when this version became current")
            .column("dbt_valid_to", "when it stopped being current; null while current")
            .build(),
        new SnapshotSpec(
            List.of("user_id", "movie_id", "tag"),
            new Strategy.Timestamp("tag_timestamp"),
            HardDeletes.INVALIDATE,
            MetaColumns.DBT));
  }

  @Override
  public Dataset<Row> build(ModelContext ctx) {
    Column rowKey =
        md5(concat_ws("-", part(col("user_id")), part(col("movie_id")), part(col("tag"))));
    return ctx.ref("src_tags")
        .select(
            rowKey.as("row_key"),
            col("user_id"),
            col("movie_id"),
            col("tag"),
            col("tag_timestamp"));
  }

  private static Column part(Column c) {
    return coalesce(c.cast("string"), lit(NULL_PART));
  }
}
