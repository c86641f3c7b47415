package io.reelhouse.warehouse;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import scala.concurrent.Await;
import scala.concurrent.duration.Duration;

/**
 * The smallest and largest value of each key column over a set of rows (a batch of changes), as
 * predicates on another table's rows: a row outside the range cannot share a key with any of them.
 * A table whose files hold narrow key ranges (Delta keeps each file's min and max) is then read, or
 * searched for matches, only in the files that overlap the batch: Delta's data skipping does the
 * pruning, this supplies the predicate it prunes on (open-source Delta's MERGE does not derive one
 * from its source, as Databricks' dynamic file pruning does).
 *
 * @param rows rows in the batch
 * @param columns the key columns that are ranged (those of types with an order Delta keeps
 *     statistics for: numbers, text, dates, timestamps); others are not constrained
 * @param mins smallest value of each ranged column, null when it is null in every row
 * @param maxes largest value of each ranged column
 */
public record KeyRange(long rows, List<String> columns, List<Object> mins, List<Object> maxes) {

  /** One pass over {@code rows} (keep them cached if they are costly to build). */
  public static KeyRange of(Dataset<Row> rows, List<String> key) {
    List<String> ranged = ranged(rows, key);
    List<Column> aggs = aggregates(ranged);
    Row r = rows.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).head();
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < r.size(); i++) {
      values.add(r.get(i));
    }
    return fromValues(ranged, values);
  }

  /**
   * Rows whose key range the first action on them computes as it goes (Spark's observed metrics,
   * {@code Dataset.observe}): a batch kept for a merge ({@code localCheckpoint}) is then ranged in
   * the pass that keeps it, where {@link #of} is a job of its own.
   *
   * @param rows the rows to run the action on (and only one action: the range is the first's)
   */
  public record Observed(Dataset<Row> rows, List<String> key, Observation observation) {
    /** How long to wait for Spark to deliver the observed range after the action completed. */
    static final Duration DELIVERY = Duration.create(10, TimeUnit.SECONDS);

    /**
     * The range the completed action observed. Spark delivers it through its listener bus; should
     * it not arrive (an event dropped from a full queue), {@code passed}, the rows the action
     * produced, are ranged in a job of their own instead of waiting for ever.
     */
    public KeyRange range(Dataset<Row> passed) {
      return range(passed, DELIVERY);
    }

    KeyRange range(Dataset<Row> passed, Duration wait) {
      Row metrics;
      try {
        metrics = Await.result(observation.future(), wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for the key range of a batch", e);
      } catch (TimeoutException e) {
        return of(passed, key);
      }
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < metrics.size(); i++) {
        values.add(metrics.get(metrics.fieldIndex("_range_" + i)));
      }
      return fromValues(ranged(rows, key), values);
    }
  }

  /** See {@link Observed}. */
  public static Observed observed(Dataset<Row> rows, List<String> key) {
    List<Column> aggs = aggregates(ranged(rows, key));
    Observation observation = new Observation();
    Dataset<Row> observed =
        rows.observe(observation, aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
    return new Observed(observed, key, observation);
  }

  /** The key columns that are ranged. */
  private static List<String> ranged(Dataset<Row> rows, List<String> key) {
    List<String> ranged = new ArrayList<>();
    for (String k : key) {
      if (orderable(rows.schema().apply(k).dataType())) {
        ranged.add(k);
      }
    }
    return ranged;
  }

  /** The row count, then min and max of each ranged column, named by their place. */
  private static List<Column> aggregates(List<String> ranged) {
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)).as("_range_0"));
    for (String k : ranged) {
      aggs.add(min(col("`" + k + "`")).as("_range_" + aggs.size()));
      aggs.add(max(col("`" + k + "`")).as("_range_" + aggs.size()));
    }
    return aggs;
  }

  /** From the values of {@link #aggregates}, in their order. */
  private static KeyRange fromValues(List<String> ranged, List<Object> values) {
    List<Object> mins = new ArrayList<>();
    List<Object> maxes = new ArrayList<>();
    for (int i = 0; i < ranged.size(); i++) {
      mins.add(values.get(1 + 2 * i));
      maxes.add(values.get(2 + 2 * i));
    }
    return new KeyRange(((Number) values.get(0)).longValue(), List.copyOf(ranged), mins, maxes);
  }

  /**
   * Rows whose key can equal (=) a key of the batch: every ranged key column within the batch's
   * range. False when a column is null in every row of the batch (null never equals).
   *
   * @param prefix qualifier of the columns, e.g. {@code "t."}, or empty
   */
  public Column within(String prefix) {
    return range(prefix, false);
  }

  /**
   * Rows whose key can be null-safe equal (&lt;=&gt;) to a key of the batch: as {@link #within},
   * and a null key column matches too.
   */
  public Column withinOrNull(String prefix) {
    return range(prefix, true);
  }

  private Column range(String prefix, boolean orNull) {
    Column all = lit(true);
    for (int i = 0; i < columns.size(); i++) {
      Column c = col(prefix + "`" + columns.get(i) + "`");
      Column in =
          mins.get(i) == null ? lit(false) : c.geq(lit(mins.get(i))).and(c.leq(lit(maxes.get(i))));
      all = all.and(orNull ? in.or(c.isNull()) : in);
    }
    return all;
  }

  private static boolean orderable(DataType t) {
    return t instanceof NumericType
        || t instanceof StringType
        || t instanceof DateType
        || t instanceof TimestampType
        || t instanceof TimestampNTZType;
  }
}
