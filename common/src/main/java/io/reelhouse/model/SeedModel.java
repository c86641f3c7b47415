package io.reelhouse.model;

import org.apache.spark.sql.types.StructType;

/**
 * A static reference CSV from the seeds folder ({@code seeds.path}), loaded as it is with a
 * declared schema, like {@code dbt seed}.
 */
public interface SeedModel extends Model {
  /** File name inside the seeds folder. */
  default String fileName() {
    return name() + ".csv";
  }

  /** Columns of the file in file order, with their types. */
  StructType schema();
}
