package io.reelhouse.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
import org.apache.spark.sql.catalyst.plans.logical.Deduplicate;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.Sort;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;

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
   * Whether the rows are the output of a grouping or a deduplication (an aggregate or a distinct at
   * the top of the optimized plan, under projections, filters and sorts): at most as many rows as
   * groups, worth keeping for a second pass, since building them again would shuffle their input
   * again. A join of a large table with grouped rows is not (it would keep the large table), nor is
   * a window (as many rows as its input).
   */
  public static boolean regroups(Dataset<Row> rows) {
    LogicalPlan plan = rows.queryExecution().optimizedPlan();
    while (plan instanceof Project || plan instanceof Filter || plan instanceof Sort) {
      plan = plan.children().head();
    }
    return plan instanceof Aggregate || plan instanceof Deduplicate;
  }

  /**
   * The rows, marked for broadcast to the other side of a join when {@code count} of them fit
   * Spark's broadcast threshold ({@code spark.sql.autoBroadcastJoinThreshold}, bytes; -1 never),
   * sized as Spark sizes rows it has counted (its columns' default sizes, plus 8 bytes a row). Rows
   * made from kept rows are counted by their caller, never by Spark, whose estimate of them is that
   * of the plan they were computed from: a join of a large table with a few thousand of them would
   * shuffle the table instead.
   */
  public static Dataset<Row> broadcastIfSmall(Dataset<Row> rows, long count) {
    long threshold = rows.sparkSession().sessionState().conf().autoBroadcastJoinThreshold();
    long perRow = 8;
    for (StructField f : rows.schema().fields()) {
      perRow += f.dataType().defaultSize();
    }
    return threshold >= 0 && count <= threshold / perRow ? functions.broadcast(rows) : rows;
  }

  /** Frees what {@link #keep} kept; a Dataset it did not make is left as it is. */
  public static void release(Dataset<Row> kept) {
    if (kept.queryExecution().logical() instanceof LogicalRDD l) {
      l.rdd().unpersist(false);
    }
  }
}
