package io.reelhouse.run;

import io.reelhouse.model.Materialization;
import io.reelhouse.model.Model;
import io.reelhouse.model.SqlModel;
import io.reelhouse.quality.AuditResult;
import io.reelhouse.warehouse.BuildsSqlInPlace;
import io.reelhouse.warehouse.TableId;
import io.reelhouse.warehouse.WriteResult;

/**
 * A SQL model with rules on a warehouse that runs SQL itself ({@link BuildsSqlInPlace}): built
 * there into a staging table, audited over that table (only the columns the rules read come to
 * Spark), swapped in if it passes, dropped if not. The published table is never half-written.
 * Quarantine needs the rows in Spark, so the plan refuses quarantining models here.
 */
final class InPlaceSqlMaterializer implements Materializer {
  private final BuildsSqlInPlace warehouse;

  InPlaceSqlMaterializer(BuildsSqlInPlace warehouse) {
    this.warehouse = warehouse;
  }

  @Override
  public ModelOutcome.Built build(Model m, RunScope run) {
    TableId table = run.tableOf(m);
    TableId stage = warehouse.stageQuery(table, run.ctx.sqlOf((SqlModel) m));
    boolean promoted = false;
    try {
      AuditResult audit =
          run.auditor.audit(
              m.name(),
              run.ctx.warehouse().read(stage),
              m.info().rules(),
              Publisher.options(m, run, Publisher.anomalyCheck(run, false)));
      if (audit.blocked()) {
        return Publisher.blocked(m, audit);
      }
      WriteResult w = warehouse.promote(stage, table);
      promoted = true;
      boolean refreshed =
          run.fullRefresh && m.info().materialization() == Materialization.INCREMENTAL;
      return Publisher.written(w, refreshed ? ModelOutcome.Action.FULL_REFRESH : null, audit);
    } finally {
      if (!promoted) {
        warehouse.drop(stage);
      }
    }
  }

  @Override
  public void afterSuccess(Model m, RunScope run) {
    if (m.info().materialization() == Materialization.INCREMENTAL) {
      run.state.recordMarks(m, run.ctx.marksReadBy(m));
      run.state.recordShape(m);
    }
  }
}
