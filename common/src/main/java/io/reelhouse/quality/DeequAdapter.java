package io.reelhouse.quality;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationRunBuilder;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.anomalydetection.AnomalyDetectionStrategy;
import com.amazon.deequ.anomalydetection.RelativeRateOfChangeStrategy;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.checks.CheckStatus;
import com.amazon.deequ.comparison.ComparisonFailed;
import com.amazon.deequ.comparison.ReferentialIntegrity;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.repository.MetricsRepository;
import com.amazon.deequ.repository.ResultKey;
import com.amazon.deequ.repository.fs.FileSystemMetricsRepository;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The one place Scala types meet Reelhouse: turns rules into Deequ {@link Check}s (one check per
 * rule, all in one {@link VerificationSuite}, so one pass over the data), flags relationships' keys
 * with Deequ's {@link ReferentialIntegrity} so that they are checked in that same pass, and hands
 * back plain Java values.
 */
final class DeequAdapter {
  private static final Option<String> NONE = Option.empty();
  private static final Function1<Object, Object> IS_ONE = v -> ((Double) v) == 1.0;

  private DeequAdapter() {}

  /** What one verification pass found. */
  record Verified(
      long rows,
      Map<String, Double> metricByRule,
      Map<String, Long> valuesByRule,
      Map<String, Boolean> passedByRule,
      Map<String, String> messageByRule,
      Optional<Boolean> anomalyPassed,
      Optional<String> anomalyMessage,
      VerificationResult raw) {}

  /** Row-count anomaly settings: allowed ratio of this run's rows to the previous run's. */
  record Anomaly(
      String repositoryPath,
      Map<String, String> tags,
      long runTime,
      double minRatio,
      double maxRatio,
      Level level) {}

  /**
   * A relationships rule checked in the verification pass: {@code flag} is a boolean column of the
   * rows (from {@link #flagFound}), true where the key is found or null.
   */
  record Found(Rule rule, String column, String flag) {}

  /**
   * Runs every rule on {@code rows} in one pass.
   *
   * @param rows the model's rows, with the flag column of each {@code found}
   * @param columns the model's own columns (what a no-nulls-in-any-column rule checks)
   * @param found relationships, as flag columns: each is a Deequ compliance check of its flag
   *     (failing rows: keys not found), with the completeness of its key column beside it (how many
   *     values there were to look up)
   */
  static Verified verify(
      SparkSession spark,
      Dataset<Row> rows,
      String[] columns,
      List<Rule> rules,
      List<Found> found,
      Optional<Anomaly> anomaly) {
    VerificationRunBuilder suite =
        new VerificationSuite()
            .onData(rows)
            .addRequiredAnalyzer(
                DeequAdapter.<com.amazon.deequ.analyzers.Analyzer<?, Metric<?>>>size());
    for (Rule r : rules) {
      suite = suite.addCheck(check(r, columns, rows.schema()));
    }
    Map<String, Completeness> completenessByRule = new LinkedHashMap<>();
    for (Found f : found) {
      Check c =
          new Check(level(f.rule().level()), f.rule().name(), seq(List.of()))
              .satisfies(
                  "`" + f.flag() + "`",
                  f.rule().name(),
                  IS_ONE,
                  NONE,
                  scala.collection.immutable.List.empty(),
                  Option.empty());
      Completeness values = new Completeness(f.column(), Option.empty(), Option.empty());
      completenessByRule.put(f.rule().name(), values);
      suite =
          suite
              .addCheck(c)
              .addRequiredAnalyzer(
                  DeequAdapter.<com.amazon.deequ.analyzers.Analyzer<?, Metric<?>>>analyzer(values));
    }
    String anomalyName = "row_count_anomaly";
    if (anomaly.isPresent()) {
      Anomaly a = anomaly.get();
      MetricsRepository repo = new FileSystemMetricsRepository(spark, a.repositoryPath());
      // Deequ's anomaly check needs a previous run; the first run only records its metrics.
      boolean hasHistory = !repo.load().withTagValues(toScala(a.tags())).get().isEmpty();
      AnomalyDetectionStrategy strategy =
          new RelativeRateOfChangeStrategy(
              Option.apply(a.minRatio()), Option.apply(a.maxRatio()), 1);
      var config =
          new com.amazon.deequ.AnomalyCheckConfig(
              level(a.level()), anomalyName, toScala(a.tags()), Option.empty(), Option.empty());
      var withRepo =
          suite
              .useRepository(repo)
              .saveOrAppendResult(new ResultKey(a.runTime(), toScala(a.tags())));
      suite =
          hasHistory ? withRepo.addAnomalyCheck(strategy, size(), Option.apply(config)) : withRepo;
    }
    VerificationResult result = suite.run();
    long size = 0;
    Map<Object, Metric<?>> metricByAnalyzer = new java.util.HashMap<>();
    for (var e : JavaConverters.mapAsJavaMap(result.metrics()).entrySet()) {
      if (((Object) e.getKey()) instanceof Size) {
        size = Math.round((Double) e.getValue().value().get());
      }
      metricByAnalyzer.put(e.getKey(), e.getValue());
    }
    Map<String, Long> values = new LinkedHashMap<>();
    for (var e : completenessByRule.entrySet()) {
      Metric<?> m = metricByAnalyzer.get(e.getValue());
      if (m != null && m.value().isSuccess() && m.value().get() instanceof Number fraction) {
        values.put(e.getKey(), Math.round(fraction.doubleValue() * size));
      }
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    Map<String, Boolean> passed = new LinkedHashMap<>();
    Map<String, String> messages = new LinkedHashMap<>();
    Optional<Boolean> anomalyPassed = Optional.empty();
    Optional<String> anomalyMessage = Optional.empty();
    for (Map.Entry<Check, CheckResult> e :
        JavaConverters.mapAsJavaMap(result.checkResults()).entrySet()) {
      String name = e.getKey().description();
      boolean ok = e.getValue().status() == CheckStatus.Success();
      if (name.equals(anomalyName)) {
        anomalyPassed = Optional.of(ok);
        List<ConstraintResult> cr = JavaConverters.seqAsJavaList(e.getValue().constraintResults());
        anomalyMessage =
            cr.isEmpty()
                ? Optional.empty()
                : Optional.ofNullable(cr.get(0).message().getOrElse(() -> null));
        continue;
      }
      passed.put(name, ok);
      for (ConstraintResult cr : JavaConverters.seqAsJavaList(e.getValue().constraintResults())) {
        if (cr.message().isDefined()) {
          messages.put(name, cr.message().get());
        }
        if (cr.metric().isDefined()) {
          Metric<?> m = cr.metric().get();
          if (m.value().isSuccess() && m.value().get() instanceof Number n) {
            metrics.put(name, n.doubleValue());
          }
        }
      }
    }
    return new Verified(
        size, metrics, values, passed, messages, anomalyPassed, anomalyMessage, result);
  }

  /** The data with one boolean column per row-level check, named by the rule (Deequ's own). */
  static Dataset<Row> rowLevel(SparkSession spark, VerificationResult result, Dataset<Row> rows) {
    return VerificationResult.rowLevelResultsAsDataFrame(spark, result, rows);
  }

  /**
   * The rows with a boolean column {@code outcome}: whether the row's key is found in the parent
   * (Deequ's row-level ReferentialIntegrity); a null key counts as found, as dbt's relationships
   * test ignores nulls.
   */
  static Dataset<Row> flagFound(
      Dataset<Row> rows, String column, Dataset<Row> parent, String parentColumn, String outcome) {
    String found = "_reelhouse_found";
    scala.util.Either<ComparisonFailed, Dataset<Row>> r =
        ReferentialIntegrity.subsetCheckRowLevel(
            rows, seq(List.of(column)), parent, seq(List.of(parentColumn)), Option.apply(found));
    if (r.isLeft()) {
      throw new IllegalStateException(r.left().get().errorMessage());
    }
    return r.right()
        .get()
        .withColumn(
            outcome,
            org.apache
                .spark
                .sql
                .functions
                .col(column)
                .isNull()
                .or(org.apache.spark.sql.functions.col(found)))
        .drop(found);
  }

  private static Check check(Rule r, String[] allColumns, StructType schema) {
    Check c = new Check(level(r.level()), r.name(), seq(List.of()));
    Assertion a = r.assertion();
    if (a instanceof Assertion.NotNull n) {
      return c.isComplete(n.column(), NONE, Option.empty());
    }
    if (a instanceof Assertion.Unique u) {
      return u.columns().size() == 1
          ? c.isUnique(u.columns().get(0), NONE, Option.empty())
          : c.hasUniqueness(seq(u.columns()), IS_ONE, NONE);
    }
    if (a instanceof Assertion.AcceptedValues v) {
      Optional<String> numbers = numericValues(schema, v);
      if (numbers.isPresent()) {
        String column = "`" + v.column() + "`";
        return c.satisfies(
            column + " IS NULL OR " + column + " IN (" + numbers.get() + ")",
            v.column() + " contained in " + String.join(",", v.values()),
            IS_ONE,
            NONE,
            JavaConverters.asScalaBuffer(List.of(v.column())).toList(),
            Option.empty());
      }
      return c.isContainedIn(v.column(), v.values().toArray(String[]::new), IS_ONE, NONE);
    }
    if (a instanceof Assertion.Expression x) {
      return c.satisfies(
          x.sql(), r.name(), IS_ONE, NONE, scala.collection.immutable.List.empty(), Option.empty());
    }
    if (a instanceof Assertion.NoNullsInAnyColumn) {
      return c.areComplete(seq(List.of(allColumns)), NONE);
    }
    if (a instanceof Assertion.RowCount rc) {
      Function1<Object, Object> inRange = v -> ((Long) v) >= rc.min() && ((Long) v) <= rc.max();
      return c.hasSize(inRange, NONE);
    }
    throw new IllegalArgumentException(
        r.name() + " is checked through its found flag (a Found), not as a rule's own Check");
  }

  /**
   * The accepted values of a numeric column as a list of SQL numbers, or empty when the column is
   * not numeric or a value is not a number a Spark decimal literal holds. Deequ's {@code
   * isContainedIn} quotes every value, and Spark compares a number with text by casting the column
   * to a string, row by row (about 1 s per 25M doubles); compared as numbers, {@code 1} also
   * accepts {@code 1.0}, as Snowflake compares a number with text. A float column's values are
   * floats too: widened to a double, its 0.1 is not the literal 0.1.
   */
  static Optional<String> numericValues(StructType schema, Assertion.AcceptedValues v) {
    var field =
        java.util.Arrays.stream(schema.fields())
            .filter(f -> f.name().equalsIgnoreCase(v.column()))
            .findFirst();
    if (field.isEmpty() || !(field.get().dataType() instanceof NumericType)) {
      return Optional.empty();
    }
    boolean floats = field.get().dataType() instanceof FloatType;
    List<String> numbers = new ArrayList<>();
    for (String value : v.values()) {
      try {
        BigDecimal n = new BigDecimal(value.trim());
        int digits = Math.max(n.precision() - n.scale(), 0) + Math.max(n.scale(), 0);
        if (digits > DecimalType.MAX_PRECISION()) {
          return Optional.empty();
        }
        numbers.add(floats ? "CAST(" + n.toPlainString() + " AS FLOAT)" : n.toPlainString());
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.of(String.join(", ", numbers));
  }

  /** One metric of one model in one run, as the metrics repository holds it. */
  record StoredMetric(
      Map<String, String> tags, long time, String name, String instance, double value) {}

  /** Every metric in a Deequ metrics repository file; empty when there is none yet. */
  static List<StoredMetric> load(SparkSession spark, String repositoryPath) {
    MetricsRepository repo = new FileSystemMetricsRepository(spark, repositoryPath);
    List<StoredMetric> out = new ArrayList<>();
    for (var result : JavaConverters.seqAsJavaList(repo.load().get())) {
      Map<String, String> tags = JavaConverters.mapAsJavaMap(result.resultKey().tags());
      long time = result.resultKey().dataSetDate();
      for (var m : JavaConverters.mapAsJavaMap(result.analyzerContext().metricMap()).values()) {
        if (m.value().isSuccess() && m.value().get() instanceof Number n) {
          out.add(
              new StoredMetric(Map.copyOf(tags), time, m.name(), m.instance(), n.doubleValue()));
        }
      }
    }
    return out;
  }

  /** Deequ's Size analyzer, typed as the builder's generic signatures want it. */
  private static <A> A size() {
    return analyzer(new Size(NONE));
  }

  /** An analyzer typed as the builder's generic signatures want it. */
  @SuppressWarnings("unchecked")
  private static <A> A analyzer(Object analyzer) {
    return (A) analyzer;
  }

  private static scala.Enumeration.Value level(Level l) {
    return l == Level.ERROR ? CheckLevel.Error() : CheckLevel.Warning();
  }

  private static <T> Seq<T> seq(List<T> list) {
    return JavaConverters.asScalaBuffer(new ArrayList<>(list)).toList();
  }

  private static scala.collection.immutable.Map<String, String> toScala(Map<String, String> m) {
    scala.collection.immutable.Map<String, String> out =
        scala.collection.immutable.Map$.MODULE$.empty();
    for (var e : m.entrySet()) {
      out = out.updated(e.getKey(), e.getValue());
    }
    return out;
  }
}
