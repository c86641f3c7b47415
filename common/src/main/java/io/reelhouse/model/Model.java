package io.reelhouse.model;

/**
 * A unit of the pipeline: one class per model. A model is one of {@link DatasetModel} (built as a
 * Spark {@code Dataset}), {@link SqlModel} (a SQL text the warehouse runs where the data lives) or
 * {@link SeedModel} (a static CSV).
 */
public interface Model {
  ModelInfo info();

  default String name() {
    return info().name();
  }
}
