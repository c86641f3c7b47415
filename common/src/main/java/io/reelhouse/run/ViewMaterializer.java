package io.reelhouse.run;

import io.reelhouse.model.Model;

/**
 * A view: a Spark temp view of the model's rows, built once for the run and read by the models
 * after it; nothing is written. A view over append-only sources reads them from where its readers
 * in this run resume ({@link ChangePlanner#readFrom}).
 */
final class ViewMaterializer implements Materializer {
  @Override
  public ModelOutcome.Built build(Model m, RunScope run) {
    run.ctx.rowsFrom(m.name(), ChangePlanner.readFrom(m, run));
    return ModelOutcome.Built.done(ModelOutcome.Action.VIEW, ModelOutcome.Rows.NONE);
  }
}
