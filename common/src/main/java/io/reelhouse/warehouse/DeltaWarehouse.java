package io.reelhouse.warehouse;

import io.reelhouse.spark.Sessions;
import io.reelhouse.warehouse.DeltaLogAccess.Commit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Delta Lake tables, in one of two layouts:
 *
 * <ul>
 *   <li>by path (the local default): table {@code s.t} lives at {@code <root>/s/t}, and is also
 *       registered in the session catalog as {@code s.t} so SQL can name it: each table as it is
 *       written, the tables a query names when it runs ({@link #sql}, {@link #replaceWithQuery}),
 *       and every table in the folders when asked ({@link #nameTables}, for a notebook's own SQL).
 *       The catalog of a local session lives in memory, so that is once per process; not when the
 *       warehouse opens, since registering is Delta's first use, which runs that never name a table
 *       skip;
 *   <li>in a catalog ({@link #inCatalog}; Unity Catalog on Databricks, {@code spark_catalog}
 *       locally): schemas are created with {@code CREATE SCHEMA IF NOT EXISTS catalog.schema}
 *       without a location, tables are managed by the catalog and named {@code
 *       catalog.schema.table}, and versions, commits and properties come from Delta's public API
 *       only ({@link DeltaLogAccess}). The root then holds only Reelhouse's own files (run state).
 * </ul>
 *
 * <p>Guarantees: a replace is one Delta commit (an overwrite of the folder, or a replace of the
 * catalog's table), so readers see the old version or the new one; a merge is one Delta MERGE
 * commit.
 */
public final class DeltaWarehouse implements Warehouse, ChangeFeed {
  private final SparkSession spark;
  private final String root;
  private final CatalogTables catalog;
  private final DeltaLogAccess log;
  private final PathTables paths;

  /** Tables by path under {@code root}. */
  public DeltaWarehouse(SparkSession spark, String root) {
    this(spark, root, null);
  }

  private DeltaWarehouse(SparkSession spark, String root, CatalogTables catalog) {
    this.spark = spark;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    this.catalog = catalog;
    this.log = new DeltaLogAccess(spark);
    this.paths = new PathTables(spark, this.root);
  }

  /**
   * Tables in {@code catalog}, Reelhouse's own files under {@code root}; fails before any table is
   * touched when either is missing ({@link CatalogTables#open}).
   */
  public static DeltaWarehouse inCatalog(SparkSession spark, String root, String catalog) {
    return new DeltaWarehouse(spark, root, CatalogTables.open(spark, root, catalog));
  }

  /** Whether tables live in a catalog rather than by path. */
  public boolean catalogued() {
    return catalog != null;
  }

  private DeltaRef ref(TableId table) {
    return catalogued() ? catalog.ref(table) : DeltaRef.atPath(pathOf(table));
  }

  @Override
  public String sqlName(TableId table) {
    return catalogued() ? catalog.nameOf(table) : table.qualified();
  }

  /** In a catalog, {@link CatalogTables#createSchemas}; nothing by path (a write makes folders). */
  @Override
  public void createSchemas(java.util.Collection<String> schemas) {
    if (catalogued()) {
      catalog.createSchemas(schemas);
    }
  }

  private boolean named;

  /**
   * Registers every table in the warehouse's folders in the session catalog, once; nothing in a
   * catalog, whose tables have their names.
   */
  @Override
  public void nameTables() {
    if (!named && !catalogued()) {
      paths.registerExisting();
      named = true;
    }
  }

  /** Registers the tables {@code query} names; every table when they cannot be told. */
  private void nameTablesIn(String query) {
    if (!named && !catalogued() && !paths.registerNamedIn(query)) {
      nameTables();
    }
  }

  /** Whether the root can be reached and written: creates it if missing; says what it found. */
  public String probe() {
    return paths.probe();
  }

  @Override
  public Optional<String> stateFolder() {
    return Optional.of(root + "/_reelhouse/state");
  }

  public String pathOf(TableId table) {
    return paths.pathOf(table);
  }

  @Override
  public String describe(TableId table) {
    return catalogued()
        ? catalog.name() + "." + table.qualified()
        : table.qualified() + " at " + pathOf(table);
  }

  @Override
  public boolean exists(TableId table) {
    if (catalogued()) {
      return spark.catalog().tableExists(catalog.nameOf(table));
    }
    try {
      Path path = new Path(pathOf(table));
      return PathTables.committed(
          path.getFileSystem(spark.sparkContext().hadoopConfiguration()), path);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the folder of " + describe(table) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Dataset<Row> read(TableId table) {
    Dataset<Row> rows = deltaRead(table);
    return local(table, rows).orElse(rows);
  }

  /** Only these columns: a small table's are read in the driver without the others. */
  @Override
  public Dataset<Row> read(TableId table, List<String> columns) {
    Dataset<Row> rows = Warehouse.select(deltaRead(table), columns);
    return local(table, rows).orElse(rows);
  }

  private Dataset<Row> deltaRead(TableId table) {
    if (!exists(table)) {
      throw new IllegalStateException("table " + describe(table) + " has not been built yet");
    }
    return ref(table).read(spark.read());
  }

  /** A small table's rows read in the driver ({@link DeltaLogAccess#local}), by a view's name. */
  @Override
  public String readName(TableId table) {
    Optional<Dataset<Row>> rows =
        exists(table) ? local(table, ref(table).read(spark.read())) : Optional.empty();
    if (rows.isEmpty()) {
      return sqlName(table);
    }
    // The schema's length in the name: schema "a__b" and table "c" do not meet schema "a", "b__c".
    String view =
        "reelhouse_local_" + table.schema().length() + "_" + table.schema() + "_" + table.name();
    rows.get().createOrReplaceTempView(view);
    return view;
  }

  private Optional<Dataset<Row>> local(TableId table, Dataset<Row> delta) {
    return catalogued() ? Optional.empty() : log.local(ref(table), delta.schema());
  }

  @Override
  public WriteResult replace(TableId table, Dataset<Row> rows) {
    createSchemas(List.of(table.schema()));
    ref(table).replace(rows, exists(table));
    if (!catalogued()) {
      paths.register(table);
    }
    Commit c = lastCommit(table);
    long written = parse(c.metrics().get("numOutputRows"));
    return new WriteResult(written, 0, written, c.version());
  }

  @Override
  public WriteResult append(TableId table, Dataset<Row> rows) {
    long before = exists(table) ? log.version(ref(table)) : -1;
    createSchemas(List.of(table.schema()));
    ref(table).append(rows, true, before >= 0);
    if (!catalogued()) {
      paths.register(table);
    }
    Commit c = lastCommit(table);
    // Delta commits nothing for no rows: the newest commit is then the one before, not this write.
    long written = c.version() > before ? parse(c.metrics().get("numOutputRows")) : 0;
    return new WriteResult(written, 0, -1, c.version());
  }

  @Override
  public WriteResult replaceWithQuery(TableId table, String sql) {
    nameTablesIn(sql);
    return replace(table, spark.sql(sql));
  }

  /**
   * Rows of {@code changes} whose key no row of the table holds are appended; otherwise one Delta
   * MERGE. Which it is comes from the key range of the changes ({@link KeyRange}): when no row of
   * the table falls inside it (a probe the files' statistics answer when the files' ranges do not
   * overlap, as for new keys appended above the existing ones) there is nothing to match, and a
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
    long before = rowCount(table);
    if (range.rows() > 0 && !mayHoldKeysWithin(table, range, false)) {
      ref(table).append(changes, false, true);
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
    var builder = ref(table).table(spark).as("t").merge(changes.as("s"), on);
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
    for (String c : ref(table).read(spark.read()).columns()) {
      insert.put("`" + c + "`", "s.`" + c + "`");
    }
    // From the statistics of the version merged into (the caller loaded it), not the new one's.
    long before = rowCount(table);
    var merge =
        ref(table)
            .table(spark)
            .as("t")
            .merge(staged.as("s"), "t.`" + targetKey + "` = s.`" + stagedKey + "`")
            .whenMatched()
            .updateExpr(update)
            .whenNotMatched()
            .insertExpr(insert);
    // Its outer join keeping the staged side cannot broadcast them: hashed, not the table sorted.
    Sessions.withHashJoins(spark, merge::execute);
    Commit c = lastCommit(table);
    long inserted = parse(c.metrics().get("numTargetRowsInserted"));
    long updated = parse(c.metrics().get("numTargetRowsUpdated"));
    return new WriteResult(inserted, updated, before + inserted, c.version());
  }

  @Override
  public Dataset<Row> sql(String query) {
    nameTablesIn(query);
    return spark.sql(query);
  }

  /** From the files' statistics when they decide it ({@link #maxFromStatistics}), else read. */
  @Override
  public Optional<Object> max(TableId table, String column) {
    Optional<Optional<Object>> fromStatistics = maxFromStatistics(table, column);
    if (fromStatistics.isPresent()) {
      return fromStatistics.get();
    }
    Row r = read(table).agg(functions.max(functions.col(column))).head();
    return r.isNullAt(0) ? Optional.empty() : Optional.of(r.get(0));
  }

  /** From the files' statistics ({@link DeltaLogAccess#rowsFromStatistics}), else Delta's count. */
  @Override
  public long rowCount(TableId table) {
    return rowsFromStatistics(table).orElseGet(() -> read(table).count());
  }

  /**
   * False when the files' statistics rule every row out ({@link DeltaLogAccess#mayHoldKeysWithin},
   * no scan planned); else Delta reads the files its data skipping leaves.
   */
  @Override
  public boolean mayHoldKeysWithin(TableId table, KeyRange range, boolean nullsMatch) {
    return !keysFromStatistics(table, range, nullsMatch).equals(Optional.of(false))
        && Warehouse.super.mayHoldKeysWithin(table, range, nullsMatch);
  }

  Optional<Long> rowsFromStatistics(TableId table) {
    return catalogued() ? Optional.empty() : log.rowsFromStatistics(ref(table));
  }

  Optional<Boolean> keysFromStatistics(TableId table, KeyRange range, boolean nullsMatch) {
    return catalogued() ? Optional.empty() : log.mayHoldKeysWithin(ref(table), range, nullsMatch);
  }

  /**
   * The column's maximum from the files' statistics ({@link DeltaLogAccess#maxFromStatistics});
   * empty when they do not decide it, and always in a catalog, whose tables' statistics Delta's
   * public API does not expose.
   */
  Optional<Optional<Object>> maxFromStatistics(TableId table, String column) {
    if (catalogued() || !exists(table)) {
      return Optional.empty();
    }
    return log.maxFromStatistics(ref(table), column);
  }

  @Override
  public java.util.OptionalLong version(TableId table) {
    return exists(table)
        ? java.util.OptionalLong.of(log.version(ref(table)))
        : java.util.OptionalLong.empty();
  }

  private static final String CHANGE_FEED = "delta.enableChangeDataFeed";

  /** Sets {@code delta.enableChangeDataFeed} (one commit without data) when the table lacks it. */
  @Override
  public void recordChanges(TableId table) {
    if (!exists(table)) {
      return;
    }
    if (log.propertyOn(ref(table), CHANGE_FEED)) {
      return;
    }
    spark.sql(
        "ALTER TABLE " + ref(table).sql() + " SET TBLPROPERTIES (" + CHANGE_FEED + " = true)");
  }

  /** From Delta's change data feed ({@link DeltaChangeFeed}). */
  @Override
  public TableChanges changesAfter(TableId table, long version, List<String> key) {
    if (!exists(table)) {
      return TableChanges.unknown(describe(table) + " does not exist");
    }
    long now = log.version(ref(table));
    if (version > now) {
      return TableChanges.unknown(
          "it is at version " + now + ", older than the recorded version " + version);
    }
    return DeltaChangeFeed.after(spark, ref(table), version, now, key);
  }

  private Commit lastCommit(TableId table) {
    return log.lastCommit(ref(table));
  }

  private static long parse(String v) {
    return v == null ? 0 : Long.parseLong(v);
  }
}
