package io.reelhouse.run;

import io.reelhouse.model.Model;

/**
 * How one kind of model ({@link io.reelhouse.model.Materialization}) is built and published: a
 * view, a table or seed, an incremental merge, a snapshot, or a SQL model built where the data
 * lives. The {@link RunPlan} picks one per model; ephemeral models have none (their readers inline
 * them).
 */
interface Materializer {

  /** Builds and publishes the model (the published table changes only if its audit passes). */
  ModelOutcome.Built build(Model m, RunScope run);

  /** After the model succeeded and its state was recorded: what its next run needs to know. */
  default void afterSuccess(Model m, RunScope run) {}
}
