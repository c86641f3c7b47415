package io.reelhouse.run;

import io.reelhouse.model.Materialization;
import io.reelhouse.model.Model;
import io.reelhouse.quality.Level;
import io.reelhouse.quality.RuleOutcome;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.lang3.StringUtils;

/**
 * The run as dbt users read it on the console: a START line before each model, an OK, WARN, ERROR
 * or SKIP line after it with what was done, the notes and failed rules below that line, and the
 * {@code Done. PASS= WARN= ERROR= SKIP= NO-OP= TOTAL=} summary.
 */
public final class ConsoleListener implements RunListener {
  private static final int LINE_WIDTH = 60;

  private final PrintStream out;
  private final List<String> notes = new ArrayList<>();

  public ConsoleListener(PrintStream out) {
    this.out = out;
  }

  @Override
  public void runStarted(RunPlan plan) {
    out.printf(Locale.ROOT, "Running %d models%n", plan.steps().size());
  }

  @Override
  public void nodeStarted(int index, int total, Model model) {
    out.println(
        dotted(
                index
                    + " of "
                    + total
                    + " START "
                    + model.info().materialization().label()
                    + " "
                    + model.name()
                    + " ")
            + " [RUN]");
  }

  @Override
  public void note(Model model, String line) {
    notes.add("    " + line);
  }

  @Override
  public void nodeFinished(int index, int total, ModelOutcome r) {
    out.println(progressLine(index, total, r));
    notes.forEach(out::println);
    notes.clear();
    for (RuleOutcome o : r.rules()) {
      if (!o.passed()) {
        out.println("    " + o.level().name() + " " + o.describe());
      }
    }
    if (r.rows().quarantined() > 0 && r.node().relation() != null) {
      out.printf(
          Locale.ROOT,
          "    %,d of %,d rows quarantined in %s__quarantine%n",
          r.rows().quarantined(),
          r.rows().in(),
          r.node().relation());
    }
    if (r.status() == ModelOutcome.Status.ERROR
        && r.rules().stream().noneMatch(o -> !o.passed() && o.level() == Level.ERROR)) {
      out.println("    " + r.message());
    }
  }

  @Override
  public void runFinished(RunReport report) {
    out.printf(
        Locale.ROOT,
        "Finished running %d models in %.1fs.%n",
        report.results().size(),
        report.seconds());
    out.println(summary(report));
  }

  /** {@code Done. PASS=13 WARN=1 ERROR=0 SKIP=0 NO-OP=1 TOTAL=15}, as dbt ends a run. */
  static String summary(RunReport report) {
    long warn = report.warned();
    return String.format(
        Locale.ROOT,
        "Done. PASS=%d WARN=%d ERROR=%d SKIP=%d NO-OP=%d TOTAL=%d",
        report.count(ModelOutcome.Status.SUCCESS) - warn,
        warn,
        report.count(ModelOutcome.Status.ERROR),
        report.count(ModelOutcome.Status.SKIPPED),
        report.count(ModelOutcome.Status.NO_OP),
        report.results().size());
  }

  /** {@code 3 of 14 OK table customers ........ 9,742 rows in 2.1s}. */
  static String progressLine(int i, int n, ModelOutcome r) {
    String status =
        switch (r.status()) {
          case SUCCESS -> r.warned() ? "WARN" : "OK";
          case NO_OP -> "NO-OP";
          case ERROR -> "ERROR";
          case SKIPPED -> "SKIP";
        };
    return dotted(
            i
                + " of "
                + n
                + " "
                + status
                + " "
                + r.materialization().label()
                + " "
                + r.name()
                + " ")
        + " "
        + detail(r);
  }

  private static String detail(ModelOutcome r) {
    double s = r.timing().seconds();
    ModelOutcome.Rows rows = r.rows();
    return switch (r.status()) {
      case SKIPPED -> r.message();
      case NO_OP -> String.format(Locale.ROOT, "up to date (inputs unchanged) in %.1fs", s);
      case ERROR ->
          String.format(
              Locale.ROOT,
              "%s in %.1fs",
              r.action() == ModelOutcome.Action.NOT_PUBLISHED ? "not published" : "failed",
              s);
      case SUCCESS -> {
        if (r.materialization() == Materialization.VIEW) {
          yield rows.in() >= 0
              ? String.format(Locale.ROOT, "%,d lines read in %.1fs", rows.in(), s)
              : String.format(Locale.ROOT, "view created in %.1fs", s);
        }
        if (r.materialization() == Materialization.SNAPSHOT) {
          yield String.format(
              Locale.ROOT,
              "%,d new versions, %,d closed, %,d late ignored, %,d rows in %.1fs",
              rows.inserted(),
              rows.updated(),
              r.snapshot().map(ModelOutcome.SnapshotChanges::lateIgnored).orElse(0L),
              rows.inTable(),
              s);
        }
        if (r.action() == ModelOutcome.Action.MERGED) {
          yield String.format(
              Locale.ROOT,
              "%,d new, %,d changed, %,d rows in %.1fs",
              rows.inserted(),
              rows.updated(),
              rows.inTable(),
              s);
        }
        yield String.format(Locale.ROOT, "%,d rows in %.1fs", rows.inTable(), s);
      }
    };
  }

  private static String dotted(String head) {
    return StringUtils.rightPad(head, LINE_WIDTH, '.');
  }
}
