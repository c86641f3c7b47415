package io.reelhouse.run;

import io.reelhouse.model.Model;
import io.reelhouse.spark.Kept;

/**
 * An incremental model: the rows that are new or changed since its last run ({@link
 * ChangePlanner#changes}) are merged into its table by unique key; rebuilt whole when there is no
 * table yet, on a full refresh, or when what its rows depend on changed ({@link
 * ChangePlanner#whyNotMerged}). After a success it records how far it read each source and which
 * version of a {@code changesOf} ref it read up to.
 */
final class IncrementalMaterializer implements Materializer {
  @Override
  public ModelOutcome.Built build(Model m, RunScope run) {
    String notMerged = ChangePlanner.whyNotMerged(m, run);
    if (notMerged != null) {
      if (ChangePlanner.SHAPE_CHANGED.equals(notMerged)) {
        run.note(m, "rebuilt whole: " + ChangePlanner.SHAPE_CHANGED);
      }
      return TableMaterializer.whole(
          m, run, run.fullRefresh ? ModelOutcome.Action.FULL_REFRESH : null);
    }
    return TableMaterializer.readingPublishedTables(
        m,
        run,
        () -> {
          Changes changes = ChangePlanner.changes(m, run);
          try {
            return Publisher.publish(m, run, changes, true, ModelOutcome.Action.MERGED);
          } finally {
            Kept.release(changes.rows());
          }
        });
  }

  @Override
  public void afterSuccess(Model m, RunScope run) {
    run.state.recordMarks(m, run.ctx.marksReadBy(m));
    run.state.recordShape(m);
    ChangeFeedReads.recordRead(m, run);
  }
}
