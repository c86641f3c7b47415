package io.reelhouse.model;

import java.util.Objects;

/**
 * A {@link DatasetModel} whose declaration is handed to its constructor, so that a model class
 * holds only what it declares and how it builds.
 *
 * <pre>{@code
 * public final class Customers extends DeclaredDatasetModel {
 *   public Customers() {
 *     super(ModelInfo.builder("customers", "core", Materialization.TABLE)
 *         .refs("orders")
 *         .description("One row per customer.")
 *         .build());
 *   }
 *
 *   public Dataset<Row> build(ModelContext ctx) {
 *     return ctx.ref("orders").select("customer_id").distinct();
 *   }
 * }
 * }</pre>
 */
public abstract class DeclaredDatasetModel implements DatasetModel {
  private final ModelInfo info;

  protected DeclaredDatasetModel(ModelInfo info) {
    this.info = Objects.requireNonNull(info, "info");
  }

  @Override
  public final ModelInfo info() {
    return info;
  }
}
