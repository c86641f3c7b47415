package io.reelhouse.run;

import io.reelhouse.model.Materialization;
import io.reelhouse.model.Model;
import io.reelhouse.quality.Level;
import io.reelhouse.quality.RuleOutcome;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What happened to one model in a run: the listeners print it, write it to {@code run_results.json}
 * and keep it in the run history.
 *
 * @param node the model and where it was published
 * @param status success, error or skipped (dbt's node statuses)
 * @param action what was done to the published table
 * @param rows row counts
 * @param rules outcome of each quality rule that ran
 * @param snapshot versions by kind of change, for snapshots
 * @param timing when the model started and how long it took
 * @param message the cause of an error, or why the model was skipped or left as it was
 */
public record ModelOutcome(
    Node node,
    Status status,
    Action action,
    Rows rows,
    List<RuleOutcome> rules,
    Optional<SnapshotChanges> snapshot,
    Timing timing,
    String message) {

  public ModelOutcome {
    rules = List.copyOf(rules);
  }

  /** dbt's node statuses. */
  public enum Status {
    SUCCESS,
    ERROR,
    SKIPPED,
    /** Left as it was: nothing it reads changed since it was published. */
    NO_OP;

    /** As run_results.json spells it. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** What a run did to a model's table (or view). */
  public enum Action {
    CREATED("created"),
    REPLACED("replaced"),
    MERGED("merged"),
    FULL_REFRESH("full-refresh"),
    SNAPSHOT("snapshot"),
    /** A snapshot whose source had no change: nothing committed. */
    UNCHANGED("unchanged"),
    UP_TO_DATE("up to date"),
    VIEW("view"),
    TESTED("tested"),
    NOT_PUBLISHED("not published"),
    FAILED("error"),
    SKIPPED("skipped");

    private final String label;

    Action(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * @param name model name
   * @param materialization how it is materialized
   * @param relation its table ({@code schema.table}), or null for views
   */
  public record Node(String name, Materialization materialization, String relation) {}

  /**
   * Row counts; -1 where not counted.
   *
   * @param in rows the model built (for merges: the changed rows; for staging models: lines read)
   * @param quarantined rows set aside for breaking row-level rules (or malformed lines)
   * @param inTable rows the table holds after the run
   * @param inserted rows added by this run
   * @param updated rows changed by this run (merges; snapshots: versions closed)
   */
  public record Rows(long in, long quarantined, long inTable, long inserted, long updated) {
    /** Nothing counted. */
    public static final Rows NONE = new Rows(-1, 0, -1, 0, 0);

    /** These counts with the lines read from a raw source and the malformed among them. */
    Rows withSource(long lines, long malformed) {
      return new Rows(lines, malformed, inTable, inserted, updated);
    }
  }

  /** A snapshot's versions by kind of change. */
  public record SnapshotChanges(
      long newKeys, long changed, long unchanged, long lateIgnored, long deleted, long returned) {
    /** By the names run_results.json uses. */
    public Map<String, Long> asMap() {
      Map<String, Long> m = new LinkedHashMap<>();
      m.put("new", newKeys);
      m.put("changed", changed);
      m.put("unchanged", unchanged);
      m.put("late_ignored", lateIgnored);
      m.put("deleted", deleted);
      m.put("returned", returned);
      return m;
    }
  }

  /**
   * @param startedAt when the model started
   * @param seconds wall time
   */
  public record Timing(Instant startedAt, double seconds) {
    /** From {@code startedAt} (and {@code t0}, its {@link System#nanoTime()}) to now. */
    static Timing since(Instant startedAt, long t0) {
      return new Timing(startedAt, (System.nanoTime() - t0) / 1e9);
    }
  }

  /**
   * What a materialization did, before the runner adds the node and the timing.
   *
   * @param error why the model failed; null when it did not
   */
  public record Built(
      Action action,
      Rows rows,
      List<RuleOutcome> rules,
      Optional<SnapshotChanges> snapshot,
      String error) {

    static Built done(Action action, Rows rows) {
      return new Built(action, rows, List.of(), Optional.empty(), null);
    }

    ModelOutcome of(Node node, Timing timing) {
      return new ModelOutcome(
          node,
          error == null ? Status.SUCCESS : Status.ERROR,
          action,
          rows,
          rules,
          snapshot,
          timing,
          error);
    }
  }

  public String name() {
    return node.name();
  }

  public Materialization materialization() {
    return node.materialization();
  }

  /** Whether a warn-level rule failed on a model that was published. */
  public boolean warned() {
    return status == Status.SUCCESS
        && rules.stream().anyMatch(o -> !o.passed() && o.level() == Level.WARN);
  }

  /** This outcome with the lines read from a raw source and the malformed among them. */
  ModelOutcome withSource(long lines, long malformed) {
    return new ModelOutcome(
        node, status, action, rows.withSource(lines, malformed), rules, snapshot, timing, message);
  }

  /** This outcome, timed anew (its work went on after the materialization returned). */
  ModelOutcome timed(Timing again) {
    return new ModelOutcome(node, status, action, rows, rules, snapshot, again, message);
  }

  /** This outcome, failed for the given reason. */
  ModelOutcome failedBecause(String why) {
    return new ModelOutcome(node, Status.ERROR, Action.FAILED, rows, rules, snapshot, timing, why);
  }

  static ModelOutcome upToDate(Node node, Timing timing) {
    return new ModelOutcome(
        node,
        Status.NO_OP,
        Action.UP_TO_DATE,
        Rows.NONE,
        List.of(),
        Optional.empty(),
        timing,
        "inputs unchanged since it was last built");
  }

  static ModelOutcome skipped(Model m, String why) {
    return new ModelOutcome(
        new Node(m.name(), m.info().materialization(), null),
        Status.SKIPPED,
        Action.SKIPPED,
        Rows.NONE,
        List.of(),
        Optional.empty(),
        new Timing(Instant.now(), 0),
        why);
  }

  static ModelOutcome failed(Node node, Timing timing, String why) {
    return new ModelOutcome(
        node, Status.ERROR, Action.FAILED, Rows.NONE, List.of(), Optional.empty(), timing, why);
  }
}
