package io.reelhouse.run;

import io.reelhouse.model.Model;
import io.reelhouse.model.SqlModel;
import io.reelhouse.quality.AuditResult;
import io.reelhouse.quality.Auditor;
import io.reelhouse.quality.Level;
import io.reelhouse.spark.Kept;
import io.reelhouse.warehouse.TableId;
import io.reelhouse.warehouse.Warehouse;
import io.reelhouse.warehouse.WriteResult;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Audit, then publish: the rows a model built are checked against its rules, an error-level failure
 * leaves the published table exactly as it was, rows breaking row-level rules of a quarantining
 * model go to {@code <table>__quarantine}, and the rest replace the table or are merged into it.
 * Shared by the table, seed and incremental materializations.
 */
final class Publisher {
  private Publisher() {}

  /**
   * @param merge merge by the model's unique key (else replace the table)
   * @param action what to call a successful write; null for created or replaced, as it turns out
   */
  static ModelOutcome.Built publish(
      Model m, RunScope run, Changes changes, boolean merge, ModelOutcome.Action action) {
    TableId table = run.tableOf(m);
    boolean anomaly = anomalyCheck(run, merge);
    FaultHook.at(m.name(), "after-build");
    if (!run.quality.audit() || (m.info().rules().isEmpty() && !anomaly)) {
      FaultHook.at(m.name(), "after-audit");
      FaultHook.armDuringPublish(run.ctx.spark(), m.name());
      WriteResult w = write(m, run, changes, merge);
      FaultHook.at(m.name(), "after-publish");
      return written(w, action, null);
    }
    // The audit's passes and the write each build the rows. Rows that are a projection of a
    // parsed (cached) source or of published tables are built again, which costs less than
    // keeping a copy of them; rows that are the output of a grouping or a deduplication are kept
    // once built (at most as many as their groups; building them again would shuffle their input
    // again).
    boolean keep = Kept.regroups(changes.rows());
    Dataset<Row> rows = keep ? Kept.keep(changes.rows()) : changes.rows();
    try {
      AuditResult audit =
          run.auditor.audit(m.name(), rows, m.info().rules(), options(m, run, anomaly));
      FaultHook.at(m.name(), "after-audit");
      if (audit.blocked()) {
        return blocked(m, audit);
      }
      if (audit.quarantined().isPresent()) {
        run.quarantine.append(m, quarantineOf(table), audit.quarantined().get());
      }
      FaultHook.armDuringPublish(run.ctx.spark(), m.name());
      WriteResult w =
          merge
              ? merge(m, run, new Changes(audit.publishable(), changes.newKeysOnly()))
              : run.ctx.warehouse().replace(table, audit.publishable());
      FaultHook.at(m.name(), "after-publish");
      return written(w, action, audit);
    } finally {
      if (keep) {
        Kept.release(rows);
      }
    }
  }

  /** Whether the row-count anomaly check runs: on when configured, for models rebuilt whole. */
  static boolean anomalyCheck(RunScope run, boolean merge) {
    return run.quality.audit() && run.quality.anomalyEnabled() && !merge;
  }

  static Auditor.Options options(Model m, RunScope run, boolean anomaly) {
    Optional<Auditor.RowCountAnomaly> a =
        anomaly
            ? Optional.of(
                new Auditor.RowCountAnomaly(
                    run.quality.metricsPath(),
                    run.tableOf(m).qualified(),
                    run.runStart.toEpochMilli(),
                    run.quality.anomalyMinRatio(),
                    run.quality.anomalyMaxRatio(),
                    run.quality.anomalyError() ? Level.ERROR : Level.WARN))
            : Optional.empty();
    return new Auditor.Options(run.ctx.quarantines(m), run.quality.quarantineCeiling(), a);
  }

  /** A model whose error rules failed: nothing published. */
  static ModelOutcome.Built blocked(Model m, AuditResult audit) {
    return new ModelOutcome.Built(
        ModelOutcome.Action.NOT_PUBLISHED,
        rows(null, audit),
        audit.outcomes(),
        Optional.empty(),
        m.name()
            + " not published: "
            + audit.errors().size()
            + " error rule(s) failed, first "
            + audit.errors().get(0).describe());
  }

  /** A successful write; {@code audit} null when no rule ran. */
  static ModelOutcome.Built written(WriteResult w, ModelOutcome.Action action, AuditResult audit) {
    ModelOutcome.Action done =
        action != null
            ? action
            : w.version() == 0 ? ModelOutcome.Action.CREATED : ModelOutcome.Action.REPLACED;
    return new ModelOutcome.Built(
        done, rows(w, audit), audit == null ? List.of() : audit.outcomes(), Optional.empty(), null);
  }

  static TableId quarantineOf(TableId table) {
    return new TableId(table.schema(), table.name() + "__quarantine");
  }

  private static ModelOutcome.Rows rows(WriteResult w, AuditResult audit) {
    return new ModelOutcome.Rows(
        audit == null ? -1 : audit.rowsIn(),
        audit == null ? 0 : audit.rowsQuarantined(),
        w == null ? -1 : w.rowsInTable(),
        w == null ? 0 : w.rowsInserted(),
        w == null ? 0 : w.rowsUpdated());
  }

  private static WriteResult write(Model m, RunScope run, Changes changes, boolean merge) {
    if (merge) {
      return merge(m, run, changes);
    }
    Warehouse wh = run.ctx.warehouse();
    TableId table = run.tableOf(m);
    return m instanceof SqlModel sql
        ? wh.replaceWithQuery(table, run.ctx.sqlOf(sql))
        : wh.replace(table, changes.rows());
  }

  /**
   * Merges by the model's unique key; rows whose keys the table cannot hold ({@link
   * Changes#newKeysOnly}) are appended, which is what a merge would do with them, without its
   * search of the table.
   */
  private static WriteResult merge(Model m, RunScope run, Changes changes) {
    Warehouse wh = run.ctx.warehouse();
    TableId table = run.tableOf(m);
    if (!changes.newKeysOnly()) {
      return wh.merge(table, changes.rows(), m.info().uniqueKey());
    }
    long before = wh.rowCount(table);
    WriteResult w = wh.append(table, changes.rows());
    return new WriteResult(w.rowsInserted(), 0, before + w.rowsInserted(), w.version());
  }
}
