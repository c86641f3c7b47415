package io.reelhouse.quality;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Audits a model's rows against its rules before they are published (write-audit-publish).
 *
 * <p>Guarantees: every rule is a Deequ check, and all of them run in one Deequ {@code
 * VerificationSuite}, so the data is scanned once; unique keys of integral columns are counted by
 * {@link UniqueKeys} instead (exactly, without Deequ's shuffle when rows come clustered by key),
 * falling back to Deequ where it cannot decide; a relationship's keys are flagged found by Deequ's
 * {@code ReferentialIntegrity} (a join with the other model's keys) and the flag is checked in the
 * same pass. Failing-row counts are exact: they come from Deequ's ratios times its row count. With
 * quarantine on, rows that break a row-level rule (not null, accepted values, expression, no nulls
 * in any column) are split off with the names of the rules they broke, using Deequ's row-level
 * results, and the rest can be published; more quarantined rows than the ceiling allows is an
 * error.
 *
 * <p>Knobs: {@link Options#quarantine()}, {@link Options#quarantineCeiling()} (a fraction of rows),
 * {@link Options#anomaly()} (row count compared with the previous run, through Deequ's metrics
 * repository).
 */
public final class Auditor {
  /** Column of quarantined rows that lists the rules a row broke. */
  public static final String REASONS = "quarantine_reasons";

  /** Prefix of the columns that flag, during the audit, whether a relationship's key is found. */
  private static final String FOUND = "_reelhouse_found_";

  private final SparkSession spark;
  private final BiFunction<String, String, Dataset<Row>> modelColumn;

  /**
   * @param modelColumn one column of another model's rows, for relationships (model, column); an
   *     IllegalArgumentException when it has no such column
   */
  public Auditor(SparkSession spark, BiFunction<String, String, Dataset<Row>> modelColumn) {
    this.spark = spark;
    this.modelColumn = modelColumn;
  }

  /**
   * @param quarantine split off rows that break row-level rules instead of failing the model
   * @param quarantineCeiling largest fraction of rows that may be quarantined
   * @param anomaly compare the row count with earlier runs
   */
  public record Options(
      boolean quarantine, double quarantineCeiling, Optional<RowCountAnomaly> anomaly) {
    public static Options strict() {
      return new Options(false, 0, Optional.empty());
    }
  }

  /**
   * @param repositoryPath Deequ metrics repository file (JSON), on any Hadoop file system
   * @param model the model whose history is compared (a tag of the stored metrics)
   * @param runTime the run's time, the key of this run's metrics
   * @param minRatio lowest accepted ratio of rows to the previous run's
   * @param maxRatio highest accepted ratio
   * @param level what a breach is
   */
  public record RowCountAnomaly(
      String repositoryPath,
      String model,
      long runTime,
      double minRatio,
      double maxRatio,
      Level level) {}

  public AuditResult audit(String model, Dataset<Row> rows, List<Rule> rules, Options options) {
    List<Rule> checks =
        rules.stream().filter(r -> !(r.assertion() instanceof Assertion.Relationship)).toList();
    var anomaly =
        options
            .anomaly()
            .map(
                a ->
                    new DeequAdapter.Anomaly(
                        a.repositoryPath(),
                        Map.of("model", a.model()),
                        a.runTime(),
                        a.minRatio(),
                        a.maxRatio(),
                        a.level()));
    // Unique keys are counted without Deequ's shuffle where they can be (see UniqueKeys).
    Map<String, Long> sharingKey = new java.util.HashMap<>();
    List<Rule> forDeequ = new ArrayList<>();
    for (Rule r : checks) {
      Optional<Long> sharing =
          r.assertion() instanceof Assertion.Unique u
              ? UniqueKeys.rowsSharingKey(rows, u.columns())
              : Optional.empty();
      sharing.ifPresentOrElse(f -> sharingKey.put(r.name(), f), () -> forDeequ.add(r));
    }
    // Relationships are checked in the same pass: each key is flagged found (or null) by a join
    // with the other model's keys first. A rule that cannot be flagged fails after the pass.
    Dataset<Row> flagged = rows;
    List<DeequAdapter.Found> found = new ArrayList<>();
    Map<Rule, String> cannotRun = new java.util.LinkedHashMap<>();
    for (Rule r : rules) {
      if (r.assertion() instanceof Assertion.Relationship rel) {
        Dataset<Row> parent;
        try {
          parent = modelColumn.apply(rel.toModel(), rel.toColumn());
        } catch (IllegalArgumentException noSuchColumn) {
          cannotRun.put(r, rel.toModel() + " has no column " + rel.toColumn());
          continue;
        }
        String flag = FOUND + found.size();
        try {
          flagged = DeequAdapter.flagFound(flagged, rel.column(), parent, rel.toColumn(), flag);
          found.add(new DeequAdapter.Found(r, rel.column(), flag));
        } catch (IllegalStateException e) {
          cannotRun.put(r, e.getMessage());
        }
      }
    }
    DeequAdapter.Verified v =
        DeequAdapter.verify(spark, flagged, rows.columns(), forDeequ, found, anomaly);
    long n = v.rows();
    List<RuleOutcome> outcomes = new ArrayList<>();
    List<Rule> quarantinable = new ArrayList<>();
    for (Rule r : checks) {
      boolean empty = n == 0 && !(r.assertion() instanceof Assertion.RowCount);
      Long sharing = sharingKey.get(r.name());
      if (sharing != null) {
        boolean unique = sharing == 0;
        outcomes.add(
            new RuleOutcome(
                model,
                r.name(),
                r.level(),
                unique,
                sharing,
                empty ? "no rows" : observed(r, sharing, n, unique)));
        continue;
      }
      boolean passed = empty || v.passedByRule().getOrDefault(r.name(), false);
      Double metric = v.metricByRule().get(r.name());
      if (!passed && metric == null && !(r.assertion() instanceof Assertion.RowCount)) {
        // Deequ could not compute the rule (bad SQL, missing column): report its reason.
        String why = v.messageByRule().getOrDefault(r.name(), "Deequ could not evaluate the rule");
        outcomes.add(new RuleOutcome(model, r.name(), r.level(), false, n, why));
        continue;
      }
      long failing = passed ? 0 : failingRows(r, metric, n);
      if (!passed && options.quarantine() && r.assertion().rowLevel() && failing > 0) {
        quarantinable.add(r);
        continue;
      }
      outcomes.add(
          new RuleOutcome(
              model,
              r.name(),
              r.level(),
              passed,
              failing,
              empty ? "no rows" : observed(r, failing, n, passed)));
    }
    Map<Rule, RuleOutcome> orphans = new java.util.LinkedHashMap<>();
    for (Rule r : rules) {
      if (r.assertion() instanceof Assertion.Relationship rel) {
        RuleOutcome o = relationship(model, r, rel, v, cannotRun.get(r));
        // A row whose key has no parent is a row-level failure too: quarantined like the others,
        // unless the check itself could not run (then failing counts every row).
        if (!o.passed() && options.quarantine() && o.failingRows() > 0 && o.failingRows() < n) {
          orphans.put(r, o);
        } else {
          outcomes.add(o);
        }
      }
    }
    v.anomalyPassed()
        .ifPresent(
            ok ->
                outcomes.add(
                    new RuleOutcome(
                        model,
                        "row_count_anomaly",
                        options.anomaly().get().level(),
                        ok,
                        ok ? 0 : n,
                        ok
                            ? n + " rows, in line with the previous run"
                            : n
                                + " rows: "
                                + v.anomalyMessage()
                                    .orElse("outside the accepted change from the previous run"))));
    if (quarantinable.isEmpty() && orphans.isEmpty()) {
      return new AuditResult(n, List.copyOf(outcomes), rows, Optional.empty(), 0);
    }
    return quarantine(model, rows, flagged, n, v, quarantinable, orphans, outcomes, options);
  }

  private AuditResult quarantine(
      String model,
      Dataset<Row> rows,
      Dataset<Row> verified,
      long n,
      DeequAdapter.Verified v,
      List<Rule> broken,
      Map<Rule, RuleOutcome> orphans,
      List<RuleOutcome> outcomes,
      Options options) {
    // Deequ's row-level outcome of each rule, a boolean column named by the rule (relationships
    // included: theirs is the found flag the pass checked).
    Dataset<Row> flagged = DeequAdapter.rowLevel(spark, v.raw(), verified);
    List<Column> reasons = new ArrayList<>();
    for (Rule r : broken) {
      reasons.add(when(col("`" + r.name() + "`").equalTo(false), lit(r.name())));
    }
    for (Rule r : orphans.keySet()) {
      reasons.add(when(col("`" + r.name() + "`").equalTo(false), lit(r.name())));
    }
    Column brokenRules = filter(array(reasons.toArray(Column[]::new)), x -> x.isNotNull());
    Column[] original = new Column[rows.columns().length];
    for (int i = 0; i < original.length; i++) {
      original[i] = col("`" + rows.columns()[i] + "`");
    }
    Dataset<Row> withReasons = flagged.withColumn(REASONS, brokenRules);
    Dataset<Row> good = withReasons.where(size(col(REASONS)).equalTo(0)).select(original);
    List<Column> badColumns = new ArrayList<>(List.of(original));
    badColumns.add(col(REASONS));
    Dataset<Row> bad =
        withReasons.where(size(col(REASONS)).gt(0)).select(badColumns.toArray(Column[]::new));
    long quarantined = bad.count();
    List<RuleOutcome> all = new ArrayList<>(outcomes);
    for (Rule r : broken) {
      long failing = failingRows(r, v.metricByRule().get(r.name()), n);
      all.add(
          new RuleOutcome(
              model,
              r.name(),
              r.level(),
              true,
              failing,
              observed(r, failing, n, false) + ", quarantined"));
    }
    orphans.values().forEach(o -> all.add(o.quarantined()));
    long ceiling = (long) Math.floor(options.quarantineCeiling() * n);
    if (quarantined > ceiling) {
      all.add(
          new RuleOutcome(
              model,
              "quarantine_ceiling",
              Level.ERROR,
              false,
              quarantined,
              String.format(
                  Locale.ROOT,
                  "%,d of %,d rows would be quarantined (%.2f%%), above the ceiling of %.2f%% (quality.quarantine-ceiling)",
                  quarantined,
                  n,
                  100.0 * quarantined / Math.max(1, n),
                  100 * options.quarantineCeiling())));
    }
    return new AuditResult(n, List.copyOf(all), good, Optional.of(bad), quarantined);
  }

  /**
   * The outcome of a relationships rule from the verification pass: Deequ's compliance of its found
   * flag (null keys count as found, as dbt's relationships test ignores nulls; not_null rules are
   * there for those) and the completeness of its column.
   *
   * @param cannotRun why the rule could not be checked, or null
   */
  private RuleOutcome relationship(
      String model, Rule r, Assertion.Relationship rel, DeequAdapter.Verified v, String cannotRun) {
    long n = v.rows();
    if (n == 0) {
      return new RuleOutcome(model, r.name(), r.level(), true, 0, "no values to check");
    }
    Long values = v.valuesByRule().get(r.name());
    Double foundOrNull = v.metricByRule().get(r.name());
    if (cannotRun == null && (values == null || foundOrNull == null)) {
      cannotRun =
          v.messageByRule().getOrDefault(r.name(), "Deequ could not evaluate the relationship");
    }
    if (cannotRun != null) {
      return new RuleOutcome(model, r.name(), r.level(), false, n, cannotRun);
    }
    if (values == 0) {
      return new RuleOutcome(model, r.name(), r.level(), true, 0, "no values to check");
    }
    long missing = Math.round((1 - foundOrNull) * n);
    if (missing == 0) {
      return new RuleOutcome(
          model,
          r.name(),
          r.level(),
          true,
          0,
          String.format(Locale.ROOT, "all %,d values found", values));
    }
    return new RuleOutcome(
        model,
        r.name(),
        r.level(),
        false,
        missing,
        String.format(
            Locale.ROOT,
            "%,d rows whose %s is not in %s.%s",
            missing,
            rel.column(),
            rel.toModel(),
            rel.toColumn()));
  }

  /** Rows that broke a rule, from Deequ's metric (a fraction of rows) and the row count. */
  private static long failingRows(Rule r, Double metric, long n) {
    if (r.assertion() instanceof Assertion.RowCount) {
      return n;
    }
    return metric == null ? n : Math.round((1 - metric) * n);
  }

  private static String observed(Rule r, long failing, long n, boolean passed) {
    Assertion a = r.assertion();
    if (a instanceof Assertion.RowCount rc) {
      String range = rc.min() + ".." + (rc.max() == Long.MAX_VALUE ? "" : rc.max());
      return String.format(Locale.ROOT, "%,d rows, expected %s", n, range);
    }
    if (passed) {
      return String.format(Locale.ROOT, "0 failing of %,d rows", n);
    }
    if (a instanceof Assertion.NotNull nn) {
      return String.format(
          Locale.ROOT, "%,d null values of %s in %,d rows", failing, nn.column(), n);
    }
    if (a instanceof Assertion.Unique) {
      return String.format(Locale.ROOT, "%,d rows share their key with another row", failing);
    }
    if (a instanceof Assertion.AcceptedValues av) {
      return String.format(
          Locale.ROOT, "%,d rows with %s outside %s", failing, av.column(), av.shown());
    }
    if (a instanceof Assertion.Expression x) {
      return String.format(Locale.ROOT, "%,d rows where %s is not true", failing, x.sql());
    }
    return String.format(Locale.ROOT, "%,d rows with a null in some column", failing);
  }
}
