package io.reelhouse.warehouse;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.functions;

/**
 * One Delta table as Delta's public API addresses it: by its folder ({@code path}), or by its name
 * in a catalog ({@code name}, e.g. {@code `main`.`core`.`customers`}). Exactly one is set.
 *
 * @param sessionName the name without its catalog ({@code `core`.`customers`}) when the catalog is
 *     Spark's session catalog, for {@code DeltaTable.forName}, which parses at most two parts in
 *     OSS Delta 3.3; null otherwise
 */
record DeltaRef(String path, String name, String sessionName) {

  static DeltaRef atPath(String path) {
    return new DeltaRef(path, null, null);
  }

  static DeltaRef named(String name, String sessionName) {
    return new DeltaRef(null, name, sessionName);
  }

  boolean byPath() {
    return path != null;
  }

  DeltaTable table(SparkSession spark) {
    if (byPath()) {
      return DeltaTable.forPath(spark, path);
    }
    return DeltaTable.forName(spark, sessionName != null ? sessionName : name);
  }

  /** How SQL names it: {@code delta.`<path>`} or the catalog name. */
  String sql() {
    return byPath() ? "delta.`" + path.replace("`", "``") + "`" : name;
  }

  Dataset<Row> read(DataFrameReader reader) {
    return byPath() ? reader.format("delta").load(path) : reader.table(name);
  }

  /**
   * Replaces the table's rows and schema in one commit, keeping its properties: an overwrite of the
   * folder, or of the catalog's table ({@code writeTo(name).overwrite(true)}); a table not in the
   * catalog yet is created with its rows ({@code CREATE TABLE ... AS SELECT}). Not {@code CREATE OR
   * REPLACE}: OSS Delta 3.3 fails it on Spark 3.5.6 and later ("does not support truncate in batch
   * mode", delta-io/delta issue 4671), and it would drop the table's properties (the change feed).
   * A folder without a table is written as a first commit (an append): an overwrite would first
   * list the files of the table it replaces, running queries over an empty state.
   */
  void replace(Dataset<Row> rows, boolean exists) {
    if (byPath() && !exists) {
      rows.write().format("delta").mode(SaveMode.Append).save(path);
    } else if (byPath()) {
      rows.write()
          .format("delta")
          .mode(SaveMode.Overwrite)
          .option("overwriteSchema", "true")
          .save(path);
    } else if (!exists) {
      create(rows);
    } else {
      try {
        rows.writeTo(name).option("overwriteSchema", "true").overwrite(functions.lit(true));
      } catch (NoSuchTableException e) {
        throw dropped(e);
      }
    }
  }

  /**
   * Appends rows in one commit (creating the table if missing); with {@code mergeSchema}, new
   * columns are added to the table.
   */
  void append(Dataset<Row> rows, boolean mergeSchema, boolean exists) {
    if (byPath()) {
      rows.write()
          .format("delta")
          .mode(SaveMode.Append)
          .option("mergeSchema", String.valueOf(mergeSchema))
          .save(path);
    } else if (!exists) {
      create(rows);
    } else {
      try {
        rows.writeTo(name).option("mergeSchema", String.valueOf(mergeSchema)).append();
      } catch (NoSuchTableException e) {
        throw dropped(e);
      }
    }
  }

  private void create(Dataset<Row> rows) {
    try {
      rows.writeTo(name).using("delta").create();
    } catch (TableAlreadyExistsException e) {
      throw new IllegalStateException(
          "table " + name + " was created by someone else during the run", e);
    }
  }

  private IllegalStateException dropped(NoSuchTableException e) {
    return new IllegalStateException("table " + name + " was dropped during the run", e);
  }
}
