package io.reelhouse.run;

import io.reelhouse.model.Model;
import io.reelhouse.quality.Level;
import io.reelhouse.quality.RuleOutcome;
import java.io.PrintStream;
import java.util.Locale;
import org.apache.commons.lang3.StringUtils;

/**
 * The {@code test} command as dbt users read it on the console: one line per rule with its status
 * (PASS, WARN, FAIL, or ERROR when the model's rules could not run) and what was observed, then
 * {@code Finished running N tests} and the {@code Done. PASS= WARN= ERROR=} summary.
 */
public final class TestConsole implements TestListener {
  private static final int LINE_WIDTH = 72;

  private final PrintStream out;
  private int pass;
  private int warn;

  public TestConsole(PrintStream out) {
    this.out = out;
  }

  @Override
  public void testsStarted(int tests, int models) {
    out.printf(Locale.ROOT, "Running %d tests on %d models%n", tests, models);
  }

  @Override
  public void ruleTested(int index, int total, Model model, RuleOutcome o) {
    String status;
    if (o.passed()) {
      pass++;
      status = "PASS";
    } else if (o.level() == Level.WARN) {
      warn++;
      status = "WARN";
    } else {
      status = "FAIL";
    }
    String head = index + " of " + total + " " + status + " " + model.name() + " " + o.rule() + " ";
    out.println(StringUtils.rightPad(head, LINE_WIDTH, '.') + " " + o.observed());
  }

  @Override
  public void modelFailed(int lastIndex, int total, Model model, String message) {
    out.printf(Locale.ROOT, "%d of %d ERROR %s: %s%n", lastIndex, total, model.name(), message);
  }

  @Override
  public void testsFinished(RunReport report, int tests) {
    out.printf(Locale.ROOT, "Finished running %d tests in %.1fs.%n", tests, report.seconds());
    out.printf(
        Locale.ROOT,
        "Done. PASS=%d WARN=%d ERROR=%d SKIP=0 NO-OP=0 TOTAL=%d%n",
        pass,
        warn,
        tests - pass - warn, // failed rules and the rules of models that could not be tested
        tests);
  }
}
