package io.reelhouse.run;

import io.reelhouse.model.Model;
import io.reelhouse.model.SnapshotModel;
import io.reelhouse.scd.Scd2;
import io.reelhouse.scd.Snapshotter;
import io.reelhouse.warehouse.TableId;
import io.reelhouse.warehouse.WriteResult;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot: the model's current rows are compared with the open versions of its SCD2 history and
 * the changes applied in one atomic commit ({@link Snapshotter}). History cannot be rebuilt from
 * the source, so it starts over only on {@code --full-refresh-snapshots}.
 */
final class SnapshotMaterializer implements Materializer {
  @Override
  public ModelOutcome.Built build(Model model, RunScope run) {
    SnapshotModel m = (SnapshotModel) model;
    TableId table = run.tableOf(m);
    Snapshotter.Result r =
        new Snapshotter(run.ctx.warehouse())
            .apply(
                table,
                m.snapshot(),
                run.ctx.build(m),
                run.fullRefreshSnapshots,
                run.runStart,
                () -> {
                  // Changes are planned (built); snapshots have no rules, so audit is the same
                  // point. The commit comes next.
                  FaultHook.at(m.name(), "after-build");
                  FaultHook.at(m.name(), "after-audit");
                  FaultHook.armDuringPublish(run.ctx.spark(), m.name());
                });
    FaultHook.at(m.name(), "after-publish");
    Scd2.Counts c = r.counts();
    long rows =
        r.write()
            .map(WriteResult::rowsInTable)
            .filter(n -> n >= 0)
            .orElseGet(() -> run.ctx.warehouse().read(table).count());
    ModelOutcome.Action action =
        r.write()
            .map(
                w ->
                    run.fullRefreshSnapshots
                        ? ModelOutcome.Action.FULL_REFRESH
                        : w.version() == 0
                            ? ModelOutcome.Action.CREATED
                            : ModelOutcome.Action.SNAPSHOT)
            .orElse(ModelOutcome.Action.UNCHANGED);
    return new ModelOutcome.Built(
        action,
        new ModelOutcome.Rows(-1, 0, rows, r.inserted(), r.closed()),
        List.of(),
        Optional.of(
            new ModelOutcome.SnapshotChanges(
                c.newKeys(), c.changed(), c.unchanged(), c.late(), c.deleted(), c.returned())),
        null);
  }
}
