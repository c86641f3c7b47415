package io.reelhouse.scd;

import io.reelhouse.spark.Kept;
import io.reelhouse.warehouse.TableId;
import io.reelhouse.warehouse.Warehouse;
import io.reelhouse.warehouse.WriteResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Applies one batch to a snapshot table through the {@link Warehouse} contract: the first run
 * writes every row as a current version; later runs plan the changes with {@link Scd2} and apply
 * closes and inserts in one atomic MERGE, so a failure anywhere before the commit leaves the
 * snapshot as it was. A batch that changes nothing writes nothing (no new table version).
 */
public final class Snapshotter {
  private final Warehouse warehouse;

  public Snapshotter(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  /**
   * @param inserted versions added
   * @param closed versions closed
   * @param counts changes by kind
   * @param write what the warehouse committed; empty when nothing changed
   */
  public record Result(
      long inserted, long closed, Scd2.Counts counts, Optional<WriteResult> write) {}

  /**
   * @param fresh ignore the existing snapshot and start history over (--full-refresh-snapshots)
   * @param now the snapshot time
   * @param beforeCommit runs after change detection, before anything is written (tests inject
   *     faults here)
   */
  public Result apply(
      TableId table,
      SnapshotSpec spec,
      Dataset<Row> source,
      boolean fresh,
      Instant now,
      Runnable beforeCommit) {
    Scd2 scd = new Scd2(spec);
    Optional<Dataset<Row>> existing =
        !fresh && warehouse.exists(table) ? Optional.of(warehouse.read(table)) : Optional.empty();
    Scd2.Plan plan = scd.plan(source, existing, now);
    try {
      beforeCommit.run();
      if (plan.firstRun()) {
        WriteResult w = warehouse.replace(table, plan.inserts());
        long n = w.rowsInserted();
        return new Result(n, 0, new Scd2.Counts(n, 0, 0, 0, 0, 0), Optional.of(w));
      }
      if (plan.inserted() == 0 && plan.closed() == 0) {
        return new Result(0, 0, plan.counts(), Optional.empty());
      }
      WriteResult w =
          warehouse.mergeVersions(
              table,
              // Few staged rows go to each task whole: the MERGE then reads the table without
              // shuffling it to find the rows it closes.
              Kept.broadcastIfSmall(plan.staged(), plan.stagedRows()),
              Scd2.MERGE_KEY,
              spec.meta().scdId(),
              List.of(spec.meta().validTo()));
      return new Result(plan.inserted(), plan.closed(), plan.counts(), Optional.of(w));
    } finally {
      plan.release();
    }
  }
}
