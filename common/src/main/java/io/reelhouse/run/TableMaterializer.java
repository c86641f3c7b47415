package io.reelhouse.run;

import io.reelhouse.model.Model;
import io.reelhouse.model.SqlModel;
import io.reelhouse.spark.Sessions;

/**
 * A table or a seed: built whole, audited, and put in place of the published table in one atomic
 * commit (the table is created on first use).
 */
final class TableMaterializer implements Materializer {
  @Override
  public ModelOutcome.Built build(Model m, RunScope run) {
    return whole(m, run, null);
  }

  /** Builds the model whole and replaces its table; {@code action} names a successful write. */
  static ModelOutcome.Built whole(Model m, RunScope run, ModelOutcome.Action action) {
    return readingPublishedTables(
        m,
        run,
        () -> Publisher.publish(m, run, new Changes(run.ctx.build(m), false), false, action));
  }

  /**
   * Runs {@code build} with small file splits for a SQL model: it reads published tables, written
   * one file per task, which Spark would pack into too few 128 MB splits to keep every core busy.
   */
  static ModelOutcome.Built readingPublishedTables(
      Model m, RunScope run, java.util.function.Supplier<ModelOutcome.Built> build) {
    return m instanceof SqlModel
        ? Sessions.withFineFileSplits(run.ctx.spark(), build)
        : build.get();
  }
}
