package io.reelhouse.run;

import io.reelhouse.model.Errors;
import io.reelhouse.model.Model;
import io.reelhouse.source.CheckedSource;
import io.reelhouse.warehouse.TableId;
import java.util.Locale;

/**
 * The malformed lines of the raw files a model read (each file once per run, when first read) go to
 * the quarantine table of the staging model that reads the file; more than {@code
 * quality.quarantine-ceiling} of a file's lines fail the model.
 */
final class SourceQuarantine {
  private SourceQuarantine() {}

  /** {@code outcome}, with the reading model's line counts and failed if a file is too broken. */
  static ModelOutcome record(Model m, RunScope run, ModelOutcome outcome) {
    ModelOutcome r = outcome;
    for (CheckedSource src : run.ctx.takeUnrecordedSources()) {
      try {
        CheckedSource.Counts c = src.counts();
        Model reader = run.ctx.readerOf(src.spec());
        if (reader.name().equals(m.name())) {
          r = r.withSource(c.lines(), c.malformed());
        }
        if (c.malformed() == 0) {
          continue;
        }
        TableId q = Publisher.quarantineOf(run.tableOf(reader));
        run.quarantine.append(m, q, src.malformed());
        run.note(
            m,
            String.format(
                Locale.ROOT,
                "%s: %,d of %,d lines malformed, quarantined in %s",
                src.spec().fileName(),
                c.malformed(),
                c.lines(),
                q));
        double ceiling = run.quality.quarantineCeiling();
        if (c.malformed() > Math.floor(ceiling * c.lines())) {
          r =
              r.failedBecause(
                  String.format(
                      Locale.ROOT,
                      "%s: %,d of %,d lines malformed (%.2f%%), above the ceiling of %.2f%%"
                          + " (quality.quarantine-ceiling)",
                      src.spec().fileName(),
                      c.malformed(),
                      c.lines(),
                      100.0 * c.malformed() / c.lines(),
                      100 * ceiling));
        }
      } catch (Exception e) { // Spark's AnalysisException is checked, yet thrown unchecked
        r = r.failedBecause(m.name() + " failed: " + Errors.oneLine(e));
      }
    }
    return r;
  }
}
