package io.reelhouse.warehouse;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Where published tables live. Models never see a concrete warehouse: the runner publishes through
 * this contract, and it is chosen by configuration ({@code warehouse.type}).
 *
 * <p>What only some warehouses can do is an interface of its own ({@link BuildsSqlInPlace}, {@link
 * ChangeFeed}), which the run's plan looks for.
 *
 * <p>Every write is atomic: a reader sees the old table or the new one, never a mix, and a failed
 * write leaves the old table as it was.
 */
public interface Warehouse extends AutoCloseable {

  /** Whether the table has been published. */
  boolean exists(TableId table);

  /** The table's rows; filters and column selections on the result are pushed to the store. */
  Dataset<Row> read(TableId table);

  /**
   * Some of the table's columns, for a reader that needs only those (a relationship's keys).
   *
   * @throws IllegalArgumentException naming a column the table does not have
   */
  default Dataset<Row> read(TableId table, List<String> columns) {
    return select(read(table), columns);
  }

  /** {@code rows}' columns named, after checking that each is there. */
  static Dataset<Row> select(Dataset<Row> rows, List<String> columns) {
    List<String> have = List.of(rows.columns());
    for (String c : columns) {
      if (!have.contains(c)) {
        throw new IllegalArgumentException("no column " + c + " (columns: " + have + ")");
      }
    }
    return rows.select(
        columns.stream()
            .map(c -> rows.col("`" + c + "`"))
            .toArray(org.apache.spark.sql.Column[]::new));
  }

  /** Replaces the table's content (and schema) with {@code rows} in one atomic commit. */
  WriteResult replace(TableId table, Dataset<Row> rows);

  /** Appends rows to the table (created on first use) in one atomic commit. */
  WriteResult append(TableId table, Dataset<Row> rows);

  /**
   * Builds the table from a SQL query over warehouse tables, where the data lives, and replaces it
   * atomically.
   */
  WriteResult replaceWithQuery(TableId table, String sql);

  /**
   * Upserts {@code changes} by {@code uniqueKey} in one atomic commit: matching rows whose other
   * columns differ are updated, new keys inserted. {@code changes} must hold each key once.
   */
  WriteResult merge(TableId table, Dataset<Row> changes, List<String> uniqueKey);

  /**
   * Applies staged versions in one atomic MERGE (the SCD2 pattern): a staged row whose {@code
   * stagedKey} equals a target row's {@code targetKey} updates that row's {@code updateColumns}; a
   * staged row matching nothing (a null key) is inserted with the target's columns.
   */
  WriteResult mergeVersions(
      TableId table,
      Dataset<Row> staged,
      String stagedKey,
      String targetKey,
      List<String> updateColumns);

  /** Rows in the table. */
  default long rowCount(TableId table) {
    return read(table).count();
  }

  /**
   * Whether a row of the table has every ranged key column within {@code range} (or null, with
   * {@code nullsMatch}: {@link KeyRange#withinOrNull}; else {@link KeyRange#within}). An
   * implementation may answer true when it cannot rule it out, never false when there is one.
   */
  default boolean mayHoldKeysWithin(TableId table, KeyRange range, boolean nullsMatch) {
    return !read(table).where(nullsMatch ? range.withinOrNull("") : range.within("")).isEmpty();
  }

  /**
   * Makes every published table nameable ({@link TableId#qualified()}) in the Spark session's own
   * SQL, for code that runs {@code spark.sql} itself (notebook cells); {@link #sql} needs no call.
   * Nothing to do where the names live in the warehouse.
   */
  default void nameTables() {}

  /**
   * How the warehouse's SQL names the table: {@link TableId#qualified()}, or with the catalog in
   * front where tables live in one ({@code catalog.schema.table}).
   */
  default String sqlName(TableId table) {
    return table.qualified();
  }

  /**
   * The name this run's queries read the table by: {@link #sqlName}, or a temporary view of the
   * rows where the warehouse reads the table itself as {@link #read} does (a small Delta table).
   */
  default String readName(TableId table) {
    return sqlName(table);
  }

  /**
   * Creates the schemas a run will write, before any model runs, where the warehouse needs them
   * made first (a catalog); fails naming the schema that cannot be created.
   */
  default void createSchemas(java.util.Collection<String> schemas) {}

  /** Runs a query where the data lives; table names are {@link TableId#qualified()}. */
  Dataset<Row> sql(String query);

  /** The column's maximum in the table (the watermark of incremental models); empty if none. */
  Optional<Object> max(TableId table, String column);

  /** Where a table lives, for messages (a path or a fully qualified name). */
  String describe(TableId table);

  @Override
  default void close() {}

  /**
   * A folder (any Hadoop URI) beside the tables where Reelhouse may keep what each table was last
   * built from, so a build can skip a table whose inputs have not changed; empty when the warehouse
   * keeps its tables where such a folder cannot follow them (every table is rebuilt).
   */
  default Optional<String> stateFolder() {
    return Optional.empty();
  }
}
