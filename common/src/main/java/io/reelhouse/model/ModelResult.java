package io.reelhouse.model;

import io.reelhouse.quality.RuleOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one model in a run, as written to {@code run_results.json}.
 *
 * @param name model name
 * @param materialization how it was materialized
 * @param status success, error or skipped
 * @param relation the published table ({@code schema.table}), or null for views
 * @param rowsIn rows the model built (for merges: the changed rows), -1 when not counted
 * @param rowsQuarantined rows set aside for breaking row-level rules
 * @param rules outcome of each quality rule
 * @param rowsInTable rows the table holds after the run, -1 when not known (views)
 * @param rowsInserted rows added by this run
 * @param rowsUpdated rows changed by this run (incremental merges)
 * @param mode what was done: created, replaced, merged, full-refresh, skipped
 * @param startedAt when the model started
 * @param seconds wall time
 * @param message error cause, or why it was skipped; null on success
 * @param changes snapshots: versions by kind of change (new, changed, unchanged, late, deleted,
 *     returned)
 */
public record ModelResult(
    String name,
    Materialization materialization,
    Status status,
    String relation,
    long rowsIn,
    long rowsQuarantined,
    List<RuleOutcome> rules,
    long rowsInTable,
    long rowsInserted,
    long rowsUpdated,
    String mode,
    Instant startedAt,
    double seconds,
    String message,
    Map<String, Long> changes) {

  public ModelResult {
    changes = changes == null ? Map.of() : Map.copyOf(changes);
  }

  /** Outcome of a model. */
  public enum Status {
    SUCCESS,
    ERROR,
    SKIPPED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** This result with the line counts of the raw source the model read. */
  ModelResult withSourceCounts(long lines, long malformed) {
    return new ModelResult(
        name,
        materialization,
        status,
        relation,
        lines,
        malformed,
        rules,
        rowsInTable,
        rowsInserted,
        rowsUpdated,
        mode,
        startedAt,
        seconds,
        message,
        changes);
  }

  /** This result, failed for the given reason. */
  ModelResult failedBecause(String why) {
    return new ModelResult(
        name,
        materialization,
        Status.ERROR,
        relation,
        rowsIn,
        rowsQuarantined,
        rules,
        rowsInTable,
        rowsInserted,
        rowsUpdated,
        "error",
        startedAt,
        seconds,
        why,
        changes);
  }

  /** A model left as it is: its inputs have not changed since it was last published. */
  static ModelResult upToDate(Model m, String relation, double seconds) {
    return new ModelResult(
        m.name(),
        m.info().materialization(),
        Status.SUCCESS,
        relation,
        -1,
        0,
        List.of(),
        -1,
        0,
        0,
        UP_TO_DATE,
        Instant.now(),
        seconds,
        "inputs unchanged since it was last built",
        Map.of());
  }

  /** The mode of a model whose inputs have not changed. */
  public static final String UP_TO_DATE = "up to date";

  static ModelResult skipped(Model m, String why) {
    return new ModelResult(
        m.name(),
        m.info().materialization(),
        Status.SKIPPED,
        null,
        -1,
        0,
        List.of(),
        -1,
        0,
        0,
        "skipped",
        Instant.now(),
        0,
        why,
        Map.of());
  }
}
