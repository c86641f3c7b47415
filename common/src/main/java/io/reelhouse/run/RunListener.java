package io.reelhouse.run;

import io.reelhouse.model.Model;
import java.time.Instant;
import java.util.List;

/**
 * Hears a run as it goes: the console's lines, {@code run_results.json} and the run history are
 * each a listener, so a new output is a new listener, not an edit of the {@link Runner}. Calls come
 * from the thread that runs the models, in run order.
 */
public interface RunListener {

  /** Before the first model. */
  default void runStarted(RunPlan plan) {}

  /**
   * Before the first model, with the invocation's id and start (what {@code manifest.json} carries,
   * written then as dbt does); by default {@link #runStarted(RunPlan)}.
   */
  default void runStarted(RunPlan plan, String invocationId, Instant startedAt) {
    runStarted(plan);
  }

  /** Before a model is built ({@code index} counts from 1). */
  default void nodeStarted(int index, int total, Model model) {}

  /** Something worth telling about the model being built (what it read, why it was rebuilt). */
  default void note(Model model, String line) {}

  /** After a model is built, skipped or left as it was. */
  default void nodeFinished(int index, int total, ModelOutcome outcome) {}

  /** After the last model. */
  default void runFinished(RunReport report) {}

  /** All of {@code listeners}, in order. */
  static RunListener all(List<RunListener> listeners) {
    List<RunListener> each = List.copyOf(listeners);
    return new RunListener() {
      @Override
      public void runStarted(RunPlan plan) {
        each.forEach(l -> l.runStarted(plan));
      }

      @Override
      public void runStarted(RunPlan plan, String invocationId, Instant startedAt) {
        each.forEach(l -> l.runStarted(plan, invocationId, startedAt));
      }

      @Override
      public void nodeStarted(int index, int total, Model model) {
        each.forEach(l -> l.nodeStarted(index, total, model));
      }

      @Override
      public void note(Model model, String line) {
        each.forEach(l -> l.note(model, line));
      }

      @Override
      public void nodeFinished(int index, int total, ModelOutcome outcome) {
        each.forEach(l -> l.nodeFinished(index, total, outcome));
      }

      @Override
      public void runFinished(RunReport report) {
        each.forEach(l -> l.runFinished(report));
      }
    };
  }
}
