package io.reelhouse.warehouse;

/**
 * What a warehouse that runs SQL itself can do (Snowflake): a SQL model is built there into a
 * staging table, audited over the stage, and swapped in, instead of being computed in Spark and
 * written back. The run's plan gives SQL models the in-place materialization when the warehouse
 * implements this.
 */
public interface BuildsSqlInPlace {

  /** Builds {@code sql} into a new staging table beside {@code table}; returns the stage's id. */
  TableId stageQuery(TableId table, String sql);

  /** Puts a staged table in place of {@code table} in one atomic step; drops what it replaced. */
  WriteResult promote(TableId stage, TableId table);

  /** Drops a table if it exists (a staging table left by a blocked audit). */
  void drop(TableId table);
}
