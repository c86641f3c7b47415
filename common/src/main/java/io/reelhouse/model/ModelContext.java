package io.reelhouse.model;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What a {@link DatasetModel} may read while it builds: its declared refs and sources. */
public interface ModelContext {
  SparkSession spark();

  /** The rows of a declared upstream model (a published table, a view or an ephemeral). */
  Dataset<Row> ref(String model);

  /** The rows of a declared raw source, with its declared schema. */
  Dataset<Row> source(String name);
}
