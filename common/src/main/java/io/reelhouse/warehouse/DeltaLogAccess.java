package io.reelhouse.warehouse;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>The files' statistics themselves are read with Delta Kernel (no Spark job) for the version the
 * internal state names, else collected from that state in Spark.
 *
 * <p>A small table's rows are read by Delta Kernel too ({@link #local}, {@link KernelRows}).
 *
 * <p>This and {@link KernelRows} are the classes that name Delta's internal classes ({@code
 * org.apache.spark.sql.delta}, and Kernel's {@code ScanImpl}, {@code InternalScanFileUtils} and
 * {@code ScanStateRow}). Test-only: with {@code -Dreelhouse.refuse-delta-internals=true} the
 * internal way throws, so a test shows which runs never use it.
 */
final class DeltaLogAccess {
  static final String REFUSE = "reelhouse.refuse-delta-internals";

  private static final Logger LOG = LoggerFactory.getLogger(DeltaLogAccess.class);

  /** Test-only: with it set, file statistics come from Delta's state in Spark, not Delta Kernel. */
  static final String REFUSE_KERNEL = "reelhouse.refuse-delta-kernel";

  /** A commit's version and operation metrics ({@code numOutputRows}, ...). */
  record Commit(long version, Map<String, String> metrics) {}

  private final SparkSession spark;

  /** Delta Kernel's engine over the session's Hadoop settings, made at its first use. */
  private io.delta.kernel.engine.Engine kernel;

  /**
   * The statistics of the tables asked about last, by path: of which version, and what they are.
   */
  private final Map<String, Map.Entry<Long, FileStatistics>> collected = recent(16);

  /**
   * The tables read or refused last by {@link #local}, by path and columns: of which version, and
   * their rows (empty when not read locally).
   */
  private final Map<String, Map.Entry<Long, Optional<LocalRelation>>> local = recent(32);

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
   * The statistics of the newest version's data files ({@link FileStatistics}), collected once per
   * version of a table; empty for tables in a catalog, with column mapping, and on a Delta runtime
   * without them (Delta's public API has none).
   */
  synchronized Optional<FileStatistics> statistics(DeltaRef table) {
    if (!table.byPath()) {
      return Optional.empty();
    }
    try {
      return statistics(table, state(table.path()), true);
    } catch (LinkageError otherDelta) {
      return Optional.empty();
    }
  }

  /**
   * @param orInSpark where Kernel does not read the log, collect the statistics from Delta's state
   *     in Spark (a Spark job); else none
   */
  private Optional<FileStatistics> statistics(
      DeltaRef table, org.apache.spark.sql.delta.Snapshot state, boolean orInSpark) {
    // Under column mapping the statistics are kept by physical names, which a renamed column's
    // old files can share with a newer column of that name.
    if (state.metadata().columnMappingMode() != org.apache.spark.sql.delta.NoMapping$.MODULE$) {
      return Optional.empty();
    }
    var known = collected.get(table.path());
    if (known == null || known.getKey() != state.version()) {
      Optional<List<FileStatistics.File>> files = kernelFiles(table.path(), state.version());
      if (files.isEmpty() && !orInSpark) {
        return Optional.empty();
      }
      boolean javaTime =
          Boolean.parseBoolean(spark.conf().get("spark.sql.datetime.java8API.enabled", "false"));
      known =
          Map.entry(
              state.version(),
              new FileStatistics(
                  files.orElseGet(() -> sparkFiles(state)), state.metadata().schema(), javaTime));
      collected.put(table.path(), known);
    }
    return Optional.of(known.getValue());
  }

  /** Tables up to this many rows, in files of up to {@link #LOCAL_BYTES}, are read locally. */
  static final long LOCAL_ROWS = 100_000;

  static final long LOCAL_BYTES = 8L << 20;

  /**
   * The newest version's rows in a local relation, read by Delta Kernel in the driver ({@link
   * KernelRows}), when its checksum and its files' statistics (Kernel's) count at most {@link
   * #LOCAL_BYTES} and {@link #LOCAL_ROWS}: Delta in Spark would first load the table's state in
   * Spark jobs (its files, with their statistics, and an aggregate of them), which for a small
   * table in a fresh JVM costs seconds, where reading the rows takes milliseconds. Read once per
   * version; each call gives the rows new columns, as a new read of the files would (two reads
   * joined are two relations). Empty for a larger table, one in a catalog, or one Kernel cannot
   * read (then Delta reads it).
   *
   * @param schema the table's columns as Delta in Spark reads them, or some of them
   */
  synchronized Optional<Dataset<Row>> local(DeltaRef table, StructType schema) {
    if (!table.byPath() || Boolean.getBoolean(REFUSE_KERNEL)) {
      return Optional.empty();
    }
    try {
      var state = state(table.path());
      String key = table.path() + "\n" + String.join("\n", schema.fieldNames());
      var known = local.get(key);
      if (known == null || known.getKey() != state.version()) {
        known = Map.entry(state.version(), readLocally(table, state, schema));
        local.put(key, known);
      }
      return known.getValue().map(rows -> Dataset.ofRows(spark, rows.newInstance()));
    } catch (RuntimeException | LinkageError unreadableByKernel) {
      LOG.debug("{} is read by Delta in Spark", table.path(), unreadableByKernel);
      return Optional.empty();
    }
  }

  private Optional<LocalRelation> readLocally(
      DeltaRef table, org.apache.spark.sql.delta.Snapshot state, StructType schema) {
    scala.Option<org.apache.spark.sql.delta.VersionChecksum> checksum = state.checksumOpt();
    boolean small =
        (checksum.isEmpty() || checksum.get().tableSizeBytes() <= LOCAL_BYTES)
            && statistics(table, state, false)
                .flatMap(FileStatistics::rows)
                .filter(r -> r <= LOCAL_ROWS)
                .isPresent();
    try {
      return small
          ? KernelRows.read(kernel(), table.path(), state.version(), schema, LOCAL_BYTES)
              .map(
                  r -> (LocalRelation) spark.createDataFrame(r, schema).queryExecution().analyzed())
          : Optional.empty();
    } catch (RuntimeException | LinkageError unreadableByKernel) {
      LOG.debug("{} is read by Delta in Spark", table.path(), unreadableByKernel);
      return Optional.empty();
    }
  }

  /** A map that keeps its {@code size} entries used last. */
  private static <K, V> Map<K, V> recent(int size) {
    return new java.util.LinkedHashMap<>(size, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > size;
      }
    };
  }

  /** Delta's state in Spark collected to the driver: a Spark job over the table's state. */
  private static List<FileStatistics.File> sparkFiles(org.apache.spark.sql.delta.Snapshot state) {
    List<FileStatistics.File> files = new ArrayList<>();
    for (Row f :
        state
            .allFiles()
            .toDF()
            .select(
                col("stats"), col("deletionVector").isNotNull(), col("deletionVector.cardinality"))
            .collectAsList()) {
      files.add(
          FileStatistics.File.of(
              f.isNullAt(0) ? null : f.getString(0), f.getBoolean(1), (Long) f.get(2)));
    }
    return files;
  }

  private io.delta.kernel.engine.Engine kernel() {
    if (kernel == null) {
      kernel =
          io.delta.kernel.defaults.engine.DefaultEngine.create(
              spark.sparkContext().hadoopConfiguration());
    }
    return kernel;
  }

  /**
   * The data files of a version, with their statistics as the log keeps them, read by Delta Kernel:
   * in the driver, without a Spark job (in a fresh JVM the first Spark job over a table's state is
   * planned and compiled cold). Empty where Kernel is refused or does not read the log.
   */
  private Optional<List<FileStatistics.File>> kernelFiles(String path, long version) {
    if (Boolean.getBoolean(REFUSE_KERNEL)) {
      return Optional.empty();
    }
    try {
      return Optional.of(filesByKernel(path, version));
    } catch (RuntimeException | LinkageError unreadableByKernel) {
      LOG.debug("Delta Kernel did not read the log of {}", path, unreadableByKernel);
      return Optional.empty();
    }
  }

  private List<FileStatistics.File> filesByKernel(String path, long version) {
    io.delta.kernel.engine.Engine kernel = kernel();
    io.delta.kernel.Scan scan =
        io.delta.kernel.Table.forPath(kernel, path)
            .getSnapshotAsOfVersion(kernel, version)
            .getScanBuilder(kernel)
            .build();
    List<FileStatistics.File> files = new ArrayList<>();
    // The scan's files with their statistics (Kernel's public getScanFiles leaves them out).
    try (var batches = ((io.delta.kernel.internal.ScanImpl) scan).getScanFiles(kernel, true)) {
      while (batches.hasNext()) {
        try (var rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            io.delta.kernel.data.Row add = rows.next().getStruct(0);
            int stats = add.getSchema().indexOf("stats");
            int dv = add.getSchema().indexOf("deletionVector");
            boolean hasDv = !add.isNullAt(dv);
            files.add(
                FileStatistics.File.of(
                    stats < 0 || add.isNullAt(stats) ? null : add.getString(stats),
                    hasDv,
                    hasDv ? cardinality(add.getStruct(dv)) : 0L));
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return files;
  }

  private static long cardinality(io.delta.kernel.data.Row deletionVector) {
    int at = deletionVector.getSchema().indexOf("cardinality");
    return deletionVector.isNullAt(at) ? 0 : deletionVector.getLong(at);
  }

  /**
   * The column's maximum as the largest of its files' maximums in the Delta log, without reading
   * data ({@link FileStatistics#max}). Delta's own metadata-only MAX (3.3,
   * OptimizeMetadataOnlyDeltaQuery) answers neither timestamps nor tables with deletion vectors, so
   * without this a watermark is a read of every timestamp of the table. Delta keeps a timestamp's
   * maximum truncated to milliseconds: at most 1 ms below the data's, which only widens the
   * look-back.
   */
  Optional<Optional<Object>> maxFromStatistics(DeltaRef table, String column) {
    return statistics(table).flatMap(s -> s.max(column));
  }

  /**
   * Rows of the newest version, from its files' statistics ({@link FileStatistics#rows}), where a
   * count plans a scan of the table first.
   */
  Optional<Long> rowsFromStatistics(DeltaRef table) {
    return statistics(table).flatMap(FileStatistics::rows);
  }

  /**
   * Whether a row of the newest version may have every ranged key column within {@code range}, as
   * Delta's data skipping would decide, without planning a scan ({@link
   * FileStatistics#mayHoldKeysWithin}).
   */
  Optional<Boolean> mayHoldKeysWithin(DeltaRef table, KeyRange range, boolean nullsMatch) {
    return statistics(table).flatMap(s -> s.mayHoldKeysWithin(range, nullsMatch));
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
