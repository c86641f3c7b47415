package io.reelhouse.model;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A staging model: one source's rows with its columns renamed or cast, nothing else (business logic
 * starts one layer up). It is declared as data: its {@link ModelInfo}, which names exactly one
 * source, and the columns it selects.
 *
 * <pre>{@code
 * public final class StgOrders extends SourceView {
 *   public StgOrders() {
 *     super(ModelInfo.builder("stg_orders", "staging", Materialization.VIEW)
 *             .sources("orders")
 *             .description("One row per line of orders.csv.")
 *             .build(),
 *         col("orderId").as("order_id"),
 *         col("amount"));
 *   }
 * }
 * }</pre>
 */
public abstract class SourceView extends DeclaredDatasetModel {
  private final List<Column> columns;

  protected SourceView(ModelInfo info, Column... columns) {
    super(info);
    if (info.sources().size() != 1) {
      throw new IllegalArgumentException(
          "staging model " + info.name() + " reads one source, got " + info.sources());
    }
    if (columns.length == 0) {
      throw new IllegalArgumentException("staging model " + info.name() + " selects no column");
    }
    this.columns = List.of(columns);
  }

  @Override
  public final Dataset<Row> build(ModelContext ctx) {
    return ctx.source(info().sources().get(0)).select(columns.toArray(Column[]::new));
  }
}
