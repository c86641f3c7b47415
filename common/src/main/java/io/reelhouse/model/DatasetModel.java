package io.reelhouse.model;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A model built in Spark from its refs and sources.
 *
 * <pre>{@code
 * public Dataset<Row> build(ModelContext ctx) {
 *   return ctx.ref("stg_orders").select("customer_id").distinct();
 * }
 * }</pre>
 *
 * <p>Incremental models return every candidate row; the runner keeps those after the watermark.
 */
public interface DatasetModel extends Model {
  Dataset<Row> build(ModelContext ctx);
}
