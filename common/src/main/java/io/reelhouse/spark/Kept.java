package io.reelhouse.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
import org.apache.spark.sql.catalyst.plans.logical.Deduplicate;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Window;
import org.apache.spark.sql.execution.LogicalRDD;
import scala.Function1;

/**
 * Rows computed once and kept in memory (spilling to disk) for several passes, cut loose from the
 * tables they were computed from: Spark's local checkpoint, not {@code persist()}.
 *
 * <p>Why: a persisted Dataset stays tied to its plan, and after every write to a table, Spark
 * re-plans each cached plan that reads it (its cache manager's recacheByPlan, run by Delta's writes
 * and MERGE). A batch of changes computed against the table it is then written into is such a plan:
 * re-planning it makes Delta list and filter the table's files again after each commit, for data
 * nobody reads again, and a later read of it would be computed again against the new version. A
 * local checkpoint's plan is the kept data itself.
 */
public final class Kept {
  private Kept() {}

  /** Computes the rows now (one job) and keeps them. */
  public static Dataset<Row> keep(Dataset<Row> rows) {
    return rows.localCheckpoint(true);
  }

  /**
   * Whether building the rows groups, deduplicates or windows their input (an aggregate, a
   * distinct, a window in the optimized plan): rows worth keeping for a second pass, since building
   * them again would shuffle their input again.
   */
  public static boolean regroups(Dataset<Row> rows) {
    LogicalPlan plan = rows.queryExecution().optimizedPlan();
    Function1<LogicalPlan, Object> regroups =
        p -> p instanceof Aggregate || p instanceof Deduplicate || p instanceof Window;
    return plan.find(regroups).isDefined();
  }

  /** Frees what {@link #keep} kept; a Dataset it did not make is left as it is. */
  public static void release(Dataset<Row> kept) {
    if (kept.queryExecution().logical() instanceof LogicalRDD l) {
      l.rdd().unpersist(false);
    }
  }
}
