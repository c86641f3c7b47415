package io.reelhouse.warehouse;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Delta Lake tables under one root folder (local disk or any Hadoop URI): table {@code s.t} lives
 * at {@code <root>/s/t}.
 *
 * <p>Guarantees: a replace is one Delta commit (overwrite with schema overwrite), so readers see
 * the old version or the new one; a merge is one Delta MERGE commit. Tables are also registered in
 * the session catalog as {@code schema.table}, so SQL can name them: each table as it is written,
 * and every table in the folders the first time SQL needs the names ({@link #sql}, {@link
 * #replaceWithQuery}, {@link #nameTables}). The catalog of a local session lives in memory, so that
 * is once per process. Not when the warehouse opens: registering is Delta's first use (its classes
 * load, each table's log is read), which runs that never name a table (a snapshot run, most
 * incremental builds) skip.
 */
public final class DeltaWarehouse implements Warehouse {
  private final SparkSession spark;
  private final String root;

  public DeltaWarehouse(SparkSession spark, String root) {
    this.spark = spark;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  private boolean named;

  /** Registers every table in the warehouse's folders in the session catalog, once. */
  @Override
  public void nameTables() {
    if (!named) {
      registerExisting();
      named = true;
    }
  }

  /** Whether the root can be reached and written: creates it if missing; says what it found. */
  public String probe() {
    try {
      var path = new org.apache.hadoop.fs.Path(root);
      var fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        fs.mkdirs(path);
        return "created (empty)";
      }
      long schemas =
          java.util.Arrays.stream(fs.listStatus(path))
              .filter(org.apache.hadoop.fs.FileStatus::isDirectory)
              .count();
      return "reachable, " + schemas + " schema folder(s)";
    } catch (java.io.IOException e) {
      throw io.reelhouse.source.StoreErrors.explain(root, e);
    }
  }

  @Override
  public Optional<String> stateFolder() {
    return Optional.of(root + "/_reelhouse/state");
  }

  public String pathOf(TableId table) {
    return root + "/" + table.schema() + "/" + table.name();
  }

  @Override
  public String describe(TableId table) {
    return table.qualified() + " at " + pathOf(table);
  }

  @Override
  public boolean exists(TableId table) {
    try {
      Path path = new Path(pathOf(table));
      return committed(path.getFileSystem(spark.sparkContext().hadoopConfiguration()), path);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the folder of " + describe(table) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether the folder holds a Delta table with at least one commit. An empty {@code _delta_log} (a
   * first write killed before it committed) is not one: Delta's own isDeltaTable says yes to it,
   * and registering or merging into it then fails.
   */
  private static boolean committed(FileSystem fs, Path table) throws IOException {
    Path log = new Path(table, "_delta_log");
    if (!fs.exists(log)) {
      return false;
    }
    // Usual cases in two lookups (exists() is on every model's path): the first commit, or a
    // checkpoint once log cleanup removed it. Listing the log is the fallback.
    if (fs.exists(new Path(log, "00000000000000000000.json"))
        || fs.exists(new Path(log, "_last_checkpoint"))) {
      return true;
    }
    for (FileStatus f : fs.listStatus(log)) {
      String name = f.getPath().getName();
      if (name.matches("\\d{20}\\.json") || name.matches("\\d{20}\\.checkpoint.*\\.parquet")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Dataset<Row> read(TableId table) {
    if (!exists(table)) {
      throw new IllegalStateException("table " + describe(table) + " has not been built yet");
    }
    return spark.read().format("delta").load(pathOf(table));
  }

  @Override
  public WriteResult replace(TableId table, Dataset<Row> rows) {
    rows.write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .option("overwriteSchema", "true")
        .save(pathOf(table));
    register(table);
    Commit c = lastCommit(table);
    long written = parse(c.metrics().get("numOutputRows"));
    return new WriteResult(written, 0, written, c.version());
  }

  @Override
  public WriteResult append(TableId table, Dataset<Row> rows) {
    long before = exists(table) ? latestVersion(table) : -1;
    rows.write()
        .format("delta")
        .mode(SaveMode.Append)
        .option("mergeSchema", "true")
        .save(pathOf(table));
    register(table);
    Commit c = lastCommit(table);
    // Delta commits nothing for no rows: the newest commit is then the one before, not this write.
    long written = c.version() > before ? parse(c.metrics().get("numOutputRows")) : 0;
    return new WriteResult(written, 0, -1, c.version());
  }

  @Override
  public WriteResult replaceWithQuery(TableId table, String sql) {
    nameTables();
    return replace(table, spark.sql(sql));
  }

  /**
   * Rows of {@code changes} whose key no row of the table holds are appended; otherwise one Delta
   * MERGE. Which it is comes from the key range of the changes ({@link KeyRange}): when no row of
   * the table falls inside it (a probe Delta answers from its file statistics when the files'
   * ranges do not overlap, as for new users appended to ratings) there is nothing to match, and a
   * MERGE would only insert them, at the cost of its own jobs (materializing its source, searching
   * the target, Delta's first-MERGE warm-up). The MERGE's condition carries the range too, so it
   * searches only the files that overlap it. Both are one commit; the probe and the append are not
   * one transaction, which is safe while a run holds the warehouse's lock (no other Reelhouse run
   * writes the table meanwhile).
   */
  @Override
  public WriteResult merge(TableId table, Dataset<Row> changes, List<String> uniqueKey) {
    if (uniqueKey.isEmpty()) {
      throw new IllegalArgumentException("unique key must not be empty to merge into " + table);
    }
    KeyRange range = KeyRange.of(changes, uniqueKey);
    Dataset<Row> target = read(table);
    // Delta answers count(*) from the log's file statistics, without scanning data.
    long before = target.count();
    if (range.rows() > 0 && target.where(range.within("")).isEmpty()) {
      changes.write().format("delta").mode(SaveMode.Append).save(pathOf(table));
      Commit c = lastCommit(table);
      long inserted = parse(c.metrics().get("numOutputRows"));
      return new WriteResult(inserted, 0, before + inserted, c.version());
    }
    List<String> others = new ArrayList<>();
    for (String c : changes.columns()) {
      if (!uniqueKey.contains(c)) {
        others.add(c);
      }
    }
    Column on = range.within("t.");
    for (String k : uniqueKey) {
      on = on.and(functions.col("t.`" + k + "`").equalTo(functions.col("s.`" + k + "`")));
    }
    var builder = DeltaTable.forPath(spark, pathOf(table)).as("t").merge(changes.as("s"), on);
    if (!others.isEmpty()) {
      // Only rewrite rows that really changed, so a rerun on the same input rewrites nothing.
      String changed =
          others.stream()
              .map(c -> "NOT (t.`" + c + "` <=> s.`" + c + "`)")
              .collect(Collectors.joining(" OR "));
      builder = builder.whenMatched(changed).updateAll();
    }
    builder.whenNotMatched().insertAll().execute();
    Commit c = lastCommit(table);
    long inserted = parse(c.metrics().get("numTargetRowsInserted"));
    long updated = parse(c.metrics().get("numTargetRowsUpdated"));
    return new WriteResult(inserted, updated, before + inserted, c.version());
  }

  @Override
  public WriteResult mergeVersions(
      TableId table,
      Dataset<Row> staged,
      String stagedKey,
      String targetKey,
      List<String> updateColumns) {
    Map<String, String> update = new java.util.LinkedHashMap<>();
    for (String c : updateColumns) {
      update.put("`" + c + "`", "s.`" + c + "`");
    }
    Map<String, String> insert = new java.util.LinkedHashMap<>();
    Dataset<Row> target = read(table);
    for (String c : target.columns()) {
      insert.put("`" + c + "`", "s.`" + c + "`");
    }
    // From the file statistics of the version merged into, whose state the caller has loaded: the
    // new version's would be loaded for this count alone.
    long before = target.count();
    DeltaTable.forPath(spark, pathOf(table))
        .as("t")
        .merge(staged.as("s"), "t.`" + targetKey + "` = s.`" + stagedKey + "`")
        .whenMatched()
        .updateExpr(update)
        .whenNotMatched()
        .insertExpr(insert)
        .execute();
    Commit c = lastCommit(table);
    long inserted = parse(c.metrics().get("numTargetRowsInserted"));
    long updated = parse(c.metrics().get("numTargetRowsUpdated"));
    return new WriteResult(inserted, updated, before + inserted, c.version());
  }

  @Override
  public Dataset<Row> sql(String query) {
    nameTables();
    return spark.sql(query);
  }

  /**
   * From the files' statistics in the Delta log when they decide it (see {@link
   * #maxFromStatistics}), else by reading the column.
   */
  @Override
  public Optional<Object> max(TableId table, String column) {
    Optional<Optional<Object>> fromStatistics = maxFromStatistics(table, column);
    if (fromStatistics.isPresent()) {
      return fromStatistics.get();
    }
    Row r = read(table).agg(functions.max(functions.col(column))).head();
    return r.isNullAt(0) ? Optional.empty() : Optional.of(r.get(0));
  }

  /**
   * The column's maximum as the largest of its files' maximums in the Delta log, without reading
   * data; empty when the statistics cannot decide it: a file with a deletion vector (its maximum
   * may be a deleted row's), a file without statistics for the column, or a type whose statistics
   * are not exact values (text is truncated). Delta's own metadata-only MAX (3.3,
   * OptimizeMetadataOnlyDeltaQuery) answers neither timestamps nor tables with deletion vectors, so
   * without this the watermark would be a read of every timestamp of the table. Delta keeps a
   * timestamp's maximum truncated to milliseconds: at most 1 ms below the data's, which only widens
   * the look-back. Reads Delta's parsed statistics (its internal Snapshot.withStats, the frame its
   * data skipping uses): on a Delta runtime without that method (another distribution), the column
   * is read instead.
   */
  Optional<Optional<Object>> maxFromStatistics(TableId table, String column) {
    if (!exists(table)) {
      return Optional.empty();
    }
    Dataset<Row> files;
    try {
      files = deltaState(table).withStats();
    } catch (LinkageError otherDelta) {
      return Optional.empty();
    }
    Optional<org.apache.spark.sql.types.DataType> type =
        nested(files.schema(), "stats", "maxValues", column);
    if (type.isEmpty() || !exactStatistics(type.get())) {
      return Optional.empty();
    }
    Column max = functions.col("stats.maxValues.`" + column + "`");
    Column nulls = functions.col("stats.nullCount.`" + column + "`");
    Column records = functions.col("stats.numRecords");
    // A file decides its part when it has a maximum, or holds nulls only.
    Column undecided =
        functions
            .col("deletionVector")
            .isNotNull()
            .or(records.isNull())
            .or(max.isNull().and(functions.coalesce(nulls.notEqual(records), functions.lit(true))));
    Row r = files.agg(functions.count(functions.when(undecided, 1)), functions.max(max)).head();
    if (r.getLong(0) > 0) {
      return Optional.empty();
    }
    return Optional.of(r.isNullAt(1) ? Optional.empty() : Optional.of(r.get(1)));
  }

  /**
   * The table's Delta state at its latest commit, through Delta's internal DeltaLog (the callers
   * fall back to public API when a Delta runtime lacks it).
   */
  private org.apache.spark.sql.delta.Snapshot deltaState(TableId table) {
    return org.apache.spark.sql.delta.DeltaLog.forTable(spark, pathOf(table))
        .update(false, scala.Option.empty(), scala.Option.empty());
  }

  /** The table's newest version: Delta's loaded state, else (another Delta runtime) its log. */
  private long latestVersion(TableId table) {
    try {
      return deltaState(table).version();
    } catch (LinkageError otherDelta) {
      return lastCommit(table).version();
    }
  }

  @Override
  public java.util.OptionalLong version(TableId table) {
    return exists(table)
        ? java.util.OptionalLong.of(latestVersion(table))
        : java.util.OptionalLong.empty();
  }

  private static final String CHANGE_FEED = "delta.enableChangeDataFeed";

  /** Sets {@code delta.enableChangeDataFeed} (one commit without data) when the table lacks it. */
  @Override
  public void recordChanges(TableId table) {
    if (!exists(table)) {
      return;
    }
    try {
      scala.Option<String> on = deltaState(table).metadata().configuration().get(CHANGE_FEED);
      if (on.isDefined() && "true".equalsIgnoreCase(on.get())) {
        return;
      }
    } catch (LinkageError otherDelta) {
      // Another Delta runtime: setting it again is harmless.
    }
    spark.sql(
        "ALTER TABLE delta.`" + pathOf(table) + "` SET TBLPROPERTIES (" + CHANGE_FEED + " = true)");
  }

  /**
   * From Delta's change data feed: inserts and updates' new images after the version, the newest
   * per key. Any removed row (a delete, or an overwrite, which the feed shows as every row deleted
   * and inserted again) makes the changes unknown: a row-by-row merge cannot follow it.
   */
  @Override
  public TableChanges changesAfter(TableId table, long version, List<String> key) {
    if (!exists(table)) {
      return TableChanges.unknown(describe(table) + " does not exist");
    }
    long now = latestVersion(table);
    if (version > now) {
      return TableChanges.unknown(
          "it is at version " + now + ", older than the recorded version " + version);
    }
    if (version == now) {
      return TableChanges.of(read(table).where(functions.lit(false)));
    }
    Dataset<Row> feed;
    try {
      feed =
          spark
              .read()
              .format("delta")
              .option("readChangeFeed", "true")
              .option("startingVersion", version + 1)
              .option("endingVersion", now)
              .load(pathOf(table));
      if (!feed.where(functions.col("_change_type").equalTo("delete")).isEmpty()) {
        return TableChanges.unknown(
            "rows were removed from it after version " + version + " (a rebuild or a delete)");
      }
    } catch (Exception noFeed) {
      // Delta's reason: the feed was not on for a version, or the version's log is gone.
      String why = String.valueOf(noFeed.getMessage()).lines().findFirst().orElse("");
      return TableChanges.unknown("no change feed after version " + version + ": " + why);
    }
    var newest =
        org.apache.spark.sql.expressions.Window.partitionBy(
                key.stream().map(functions::col).toArray(Column[]::new))
            .orderBy(functions.col("_commit_version").desc());
    Dataset<Row> rows =
        feed.where(functions.col("_change_type").isin("insert", "update_postimage"))
            .withColumn("_reelhouse_newest", functions.row_number().over(newest))
            .where(functions.col("_reelhouse_newest").equalTo(1))
            .select(
                java.util.Arrays.stream(read(table).columns())
                    .map(c -> functions.col("`" + c + "`"))
                    .toArray(Column[]::new));
    return TableChanges.of(rows);
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

  private record Commit(long version, Map<String, String> metrics) {}

  /**
   * The newest commit's version and operation metrics, read from its file in the Delta log with
   * Delta's own parser of log actions. DeltaTable.history(1) answers the same through a Spark job
   * per write; it is the fallback on a Delta runtime whose internals differ (another distribution).
   */
  private Commit lastCommit(TableId table) {
    try {
      var state = deltaState(table);
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
    } catch (LinkageError | IOException otherDeltaOrUnreadable) {
      // the history below reads the same commit
    }
    Row last =
        DeltaTable.forPath(spark, pathOf(table))
            .history(1)
            .select("version", "operationMetrics")
            .head();
    return new Commit(last.getLong(0), last.isNullAt(1) ? Map.of() : last.getJavaMap(1));
  }

  private static long parse(String v) {
    return v == null ? 0 : Long.parseLong(v);
  }

  /**
   * Registers {@code schema.table} in the session catalog, pointing at the table's folder. A name
   * registered by another warehouse root in this session is re-pointed (dropping a table registered
   * with a location never deletes its data).
   */
  private void register(TableId table) {
    String path = pathOf(table);
    if (spark.catalog().tableExists(table.schema(), table.name())) {
      if (sameLocation(registeredLocation(table), path)) {
        return;
      }
      spark.sql("DROP TABLE " + quoted(table));
    }
    spark.sql(
        "CREATE DATABASE IF NOT EXISTS `"
            + table.schema()
            + "` LOCATION '"
            + sqlString(root + "/" + table.schema())
            + "'");
    spark.sql(
        "CREATE TABLE IF NOT EXISTS "
            + quoted(table)
            + " USING DELTA LOCATION '"
            + sqlString(path)
            + "'");
  }

  /**
   * Where the catalog says a table is, from the catalog's own entry: DESCRIBE DETAIL would answer
   * the same but builds the table's Delta state first, for every table each time the warehouse
   * opens again in a session that has them registered (a notebook cell run twice, {@code debug}).
   * Null when the name is not registered.
   */
  private String registeredLocation(TableId table) {
    try {
      return spark
          .sessionState()
          .catalog()
          .getTableMetadata(
              new org.apache.spark.sql.catalyst.TableIdentifier(
                  table.name(), scala.Option.apply(table.schema())))
          .location()
          .toString();
    } catch (Exception gone) { // Spark's AnalysisException is checked, yet thrown unchecked
      return null;
    }
  }

  private boolean sameLocation(String a, String b) {
    if (a == null) {
      return false;
    }
    var conf = spark.sparkContext().hadoopConfiguration();
    try {
      Path pa = new Path(a);
      Path pb = new Path(b);
      return pa.getFileSystem(conf)
          .makeQualified(pa)
          .equals(pb.getFileSystem(conf).makeQualified(pb));
    } catch (IOException e) {
      return false;
    }
  }

  private static String quoted(TableId t) {
    return "`" + t.schema() + "`.`" + t.name() + "`";
  }

  private void registerExisting() {
    Path rootPath = new Path(root);
    try {
      FileSystem fs = rootPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.isDirectory(rootPath)) {
        return;
      }
      for (FileStatus schema : fs.listStatus(rootPath)) {
        if (!schema.isDirectory()) {
          continue;
        }
        for (FileStatus table : fs.listStatus(schema.getPath())) {
          // A table is a folder whose log has a commit. A first write killed before its commit
          // leaves data files and an empty _delta_log: not a table, and the next write of that
          // model creates it (the stray files are never referenced).
          if (table.isDirectory() && committed(fs, table.getPath())) {
            register(new TableId(schema.getPath().getName(), table.getPath().getName()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot list warehouse folder " + root + ": " + e.getMessage(), e);
    }
  }

  private static String sqlString(String s) {
    return s.replace("\\", "\\\\").replace("'", "\\'");
  }
}
