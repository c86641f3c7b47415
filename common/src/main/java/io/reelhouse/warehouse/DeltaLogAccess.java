package io.reelhouse.warehouse;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * A Delta table's newest version, its newest commit's operation metrics, whether its change feed is
 * on, and its files' statistics, each two ways side by side:
 *
 * <ul>
 *   <li>Delta's public API ({@code DeltaTable.history}, {@code DeltaTable.detail}), which every
 *       Delta runtime has; tables in a catalog (Unity Catalog, whose Delta is Databricks' own
 *       build) only ever use this;
 *   <li>for tables by path, Delta's internal {@code DeltaLog}, which answers from the state Delta
 *       already loaded: {@code history(1)} costs a Spark job (about 0.3 s of a 2-core run per
 *       write, a dozen writes in a build), and only the internal state has the files' statistics
 *       (the watermark without reading the column). A Delta runtime whose internals differ throws
 *       {@link LinkageError}, and the public way answers.
 * </ul>
 *
 * <p>This is the one class that names Delta's internal classes ({@code
 * org.apache.spark.sql.delta}). Test-only: with {@code -Dreelhouse.refuse-delta-internals=true} the
 * internal way throws, so a test shows which runs never use it.
 */
final class DeltaLogAccess {
  static final String REFUSE = "reelhouse.refuse-delta-internals";

  /** A commit's version and operation metrics ({@code numOutputRows}, ...). */
  record Commit(long version, Map<String, String> metrics) {}

  private final SparkSession spark;

  DeltaLogAccess(SparkSession spark) {
    this.spark = spark;
  }

  /** The newest commit. */
  Commit lastCommit(DeltaRef table) {
    if (table.byPath()) {
      try {
        return lastCommitInLog(table.path());
      } catch (LinkageError | IOException otherDeltaOrUnreadable) {
        // the history below reads the same commit
      }
    }
    Row last = table.table(spark).history(1).select("version", "operationMetrics").head();
    return new Commit(last.getLong(0), last.isNullAt(1) ? Map.of() : last.getJavaMap(1));
  }

  /** The newest version. */
  long version(DeltaRef table) {
    if (table.byPath()) {
      try {
        return state(table.path()).version();
      } catch (LinkageError otherDelta) {
        // below
      }
    }
    return table.table(spark).history(1).select("version").head().getLong(0);
  }

  /** Whether the table property {@code key} is {@code true}. */
  boolean propertyOn(DeltaRef table, String key) {
    if (table.byPath()) {
      try {
        scala.Option<String> on = state(table.path()).metadata().configuration().get(key);
        return on.isDefined() && "true".equalsIgnoreCase(on.get());
      } catch (LinkageError otherDelta) {
        // below
      }
    }
    Map<String, String> properties =
        table.table(spark).detail().select("properties").head().getJavaMap(0);
    return "true".equalsIgnoreCase(properties.get(key));
  }

  /**
   * One row per data file of the newest version with its parsed statistics ({@code stats} with
   * {@code numRecords}, {@code maxValues}, {@code nullCount}) and {@code deletionVector}; empty for
   * tables in a catalog, with column mapping, and on a Delta runtime without them (Delta's public
   * API has none).
   */
  Optional<Dataset<Row>> filesWithStatistics(DeltaRef table) {
    if (!table.byPath()) {
      return Optional.empty();
    }
    try {
      var state = state(table.path());
      // Under column mapping the statistics are kept by physical names, which a renamed column's
      // old files can share with a newer column of that name.
      if (state.metadata().columnMappingMode() != org.apache.spark.sql.delta.NoMapping$.MODULE$) {
        return Optional.empty();
      }
      return Optional.of(state.withStats());
    } catch (LinkageError otherDelta) {
      return Optional.empty();
    }
  }

  /**
   * The column's maximum as the largest of its files' maximums in the Delta log, without reading
   * data; empty when the statistics cannot decide it: a file with a deletion vector (its maximum
   * may be a deleted row's), a file without statistics for the column, or a type whose statistics
   * are not exact values (text is truncated). Delta's own metadata-only MAX (3.3,
   * OptimizeMetadataOnlyDeltaQuery) answers neither timestamps nor tables with deletion vectors, so
   * without this a watermark is a read of every timestamp of the table. Delta keeps a timestamp's
   * maximum truncated to milliseconds: at most 1 ms below the data's, which only widens the
   * look-back. Reads Delta's parsed statistics (its internal state, {@link #filesWithStatistics}):
   * empty in a catalog, or on a Delta runtime without them.
   */
  Optional<Optional<Object>> maxFromStatistics(DeltaRef table, String column) {
    Optional<Dataset<Row>> withStatistics = filesWithStatistics(table);
    if (withStatistics.isEmpty()) {
      return Optional.empty();
    }
    Dataset<Row> files = withStatistics.get();
    Optional<org.apache.spark.sql.types.DataType> type =
        nested(files.schema(), "stats", "maxValues", column);
    if (type.isEmpty() || !exactStatistics(type.get())) {
      return Optional.empty();
    }
    Column max = statistic("maxValues", column);
    // A file decides its part when it has a maximum, or holds nulls only.
    Column undecided =
        functions
            .col("deletionVector")
            .isNotNull()
            .or(records().isNull())
            .or(unlessOnlyNulls(max.isNull(), column));
    Row r = files.agg(functions.count(functions.when(undecided, 1)), functions.max(max)).head();
    if (r.getLong(0) > 0) {
      return Optional.empty();
    }
    return Optional.of(r.isNullAt(1) ? Optional.empty() : Optional.of(r.get(1)));
  }

  /**
   * Rows of the newest version, from its files' statistics (their record counts less the rows their
   * deletion vectors delete): one Spark job over the state Delta already loaded, where a count
   * plans a scan of the table first. Empty when a file has no record count, in a catalog, or on a
   * Delta runtime without the statistics.
   */
  Optional<Long> rowsFromStatistics(DeltaRef table) {
    Optional<Dataset<Row>> withStatistics = filesWithStatistics(table);
    if (withStatistics.isEmpty()) {
      return Optional.empty();
    }
    Column records = records();
    Row r =
        withStatistics
            .get()
            .agg(
                functions.count(functions.when(records.isNull(), 1)),
                functions.sum(records),
                functions.sum(functions.col("deletionVector.cardinality")))
            .head();
    if (r.getLong(0) > 0) {
      return Optional.empty();
    }
    return Optional.of((r.isNullAt(1) ? 0 : r.getLong(1)) - (r.isNullAt(2) ? 0 : r.getLong(2)));
  }

  /**
   * False when the files' statistics show that no row of the newest version has every ranged key
   * column within {@code range} (or null, with {@code nullsMatch}), as Delta's data skipping would
   * decide, without planning a scan; true when a file may hold one. Empty when the statistics
   * cannot decide: a key column whose statistics are not exact values (text, floating point,
   * timestamps kept to the millisecond), a file without statistics for it, in a catalog, or on a
   * Delta runtime without them.
   */
  Optional<Boolean> mayHoldKeysWithin(DeltaRef table, KeyRange range, boolean nullsMatch) {
    Optional<Dataset<Row>> withStatistics = filesWithStatistics(table);
    if (withStatistics.isEmpty()) {
      return Optional.empty();
    }
    Dataset<Row> files = withStatistics.get();
    Column undecided = records().isNull();
    Column may = functions.lit(true);
    for (int i = 0; i < range.columns().size(); i++) {
      String column = range.columns().get(i);
      Optional<org.apache.spark.sql.types.DataType> type =
          nested(files.schema(), "stats", "minValues", column);
      if (type.isEmpty()
          || !exactStatistics(type.get())
          || type.get() instanceof org.apache.spark.sql.types.TimestampType
          || type.get() instanceof org.apache.spark.sql.types.TimestampNTZType) {
        return Optional.empty();
      }
      Column min = statistic("minValues", column);
      Column max = statistic("maxValues", column);
      Column nulls = statistic("nullCount", column);
      undecided = undecided.or(unlessOnlyNulls(min.isNull().or(max.isNull()), column));
      Column overlaps =
          range.mins().get(i) == null
              ? functions.lit(false)
              : min.leq(functions.lit(range.maxes().get(i)))
                  .and(max.geq(functions.lit(range.mins().get(i))));
      may =
          may.and(
              nullsMatch
                  ? overlaps.or(functions.coalesce(nulls.gt(0), functions.lit(true)))
                  : overlaps);
    }
    Row r =
        files
            .agg(
                functions.count(functions.when(undecided, 1)),
                functions.count(functions.when(may, 1)))
            .head();
    return r.getLong(0) > 0 ? Optional.empty() : Optional.of(r.getLong(1) > 0);
  }

  private static Column records() {
    return functions.col("stats.numRecords");
  }

  /** A file's statistic of a column: {@code minValues}, {@code maxValues} or {@code nullCount}. */
  private static Column statistic(String kind, String column) {
    return functions.col("stats." + kind + ".`" + column + "`");
  }

  /**
   * Files where {@code missing} (a bound of the column absent) leaves them undecided: all but those
   * whose rows are all null there (null count = record count), which have no bound to keep.
   */
  private static Column unlessOnlyNulls(Column missing, String column) {
    return missing.and(
        functions.coalesce(
            statistic("nullCount", column).notEqual(records()), functions.lit(true)));
  }

  private static boolean exactStatistics(org.apache.spark.sql.types.DataType t) {
    // Not float and double: Spark orders NaN above every number, Delta's statistics skip it.
    return t instanceof org.apache.spark.sql.types.IntegerType
        || t instanceof org.apache.spark.sql.types.LongType
        || t instanceof org.apache.spark.sql.types.ShortType
        || t instanceof org.apache.spark.sql.types.ByteType
        || t instanceof org.apache.spark.sql.types.DecimalType
        || t instanceof org.apache.spark.sql.types.DateType
        || t instanceof org.apache.spark.sql.types.TimestampType
        || t instanceof org.apache.spark.sql.types.TimestampNTZType;
  }

  private static Optional<org.apache.spark.sql.types.DataType> nested(
      org.apache.spark.sql.types.StructType struct, String... names) {
    org.apache.spark.sql.types.DataType at = struct;
    for (String n : names) {
      if (!(at instanceof org.apache.spark.sql.types.StructType s)
          || !List.of(s.fieldNames()).contains(n)) {
        return Optional.empty();
      }
      at = s.apply(n).dataType();
    }
    return Optional.of(at);
  }

  private org.apache.spark.sql.delta.Snapshot state(String path) {
    if (Boolean.getBoolean(REFUSE)) {
      throw new IllegalStateException(
          "Delta internals used for " + path + " while " + REFUSE + " is set");
    }
    return org.apache.spark.sql.delta.DeltaLog.forTable(spark, path)
        .update(false, scala.Option.empty(), scala.Option.empty());
  }

  /** The newest commit's file in the log, read with Delta's own parser of log actions. */
  private Commit lastCommitInLog(String path) throws IOException {
    var state = state(path);
    long version = state.version();
    Path file = new Path(state.deltaLog().logPath(), String.format("%020d.json", version));
    FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
    try (var in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                fs.open(file), java.nio.charset.StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("{\"commitInfo\"")
            && org.apache.spark.sql.delta.actions.Action.fromJson(line)
                instanceof org.apache.spark.sql.delta.actions.CommitInfo info) {
          return new Commit(
              version,
              info.operationMetrics().isEmpty()
                  ? Map.of()
                  : scala.collection.JavaConverters.mapAsJavaMap(info.operationMetrics().get()));
        }
      }
    }
    throw new IOException("no commitInfo in " + file);
  }
}
