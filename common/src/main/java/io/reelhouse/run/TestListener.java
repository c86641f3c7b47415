package io.reelhouse.run;

import io.reelhouse.model.Model;
import io.reelhouse.quality.RuleOutcome;

/**
 * Hears a {@code test} invocation as it goes ({@link Tester}): the console's lines are one listener
 * ({@link TestConsole}); {@code run_results.json} is written from the {@link RunReport} the tester
 * returns.
 */
public interface TestListener {

  /** Before the first rule: how many rules of how many models will run. */
  default void testsStarted(int tests, int models) {}

  /** A rule's outcome ({@code index} counts from 1 over all rules). */
  default void ruleTested(int index, int total, Model model, RuleOutcome outcome) {}

  /** The model's rules could not run (its table is missing or unreadable). */
  default void modelFailed(int lastIndex, int total, Model model, String message) {}

  /** After the last rule. */
  default void testsFinished(RunReport report, int tests) {}
}
