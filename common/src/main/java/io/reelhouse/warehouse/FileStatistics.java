package io.reelhouse.warehouse;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * The statistics of every data file of one version of a Delta table, collected to the driver once
 * (one Spark job over the state Delta loaded), and the questions a run asks of them answered from
 * that copy: its row count, a column's maximum, whether a key range may be held. Each was a Spark
 * job of its own over the same state, planned anew, several per merged model.
 *
 * <p>Each file row has {@code stats} ({@code numRecords}, {@code minValues}, {@code maxValues},
 * {@code nullCount}, Delta's parsed statistics) and {@code deletionVector} (null, or with its
 * {@code cardinality}). A file without a record count, a column bound missing from a file that
 * holds non-null values, or a type whose statistics are not exact values leaves a question
 * undecided (empty), as the statistics cannot answer it.
 *
 * @param files one row per data file
 * @param schema the files' schema (the statistics' types)
 */
record FileStatistics(List<Row> files, StructType schema) {

  /** Rows of the version: the files' record counts less the rows their deletion vectors delete. */
  Optional<Long> rows() {
    long rows = 0;
    for (Row f : files) {
      Long records = records(f);
      if (records == null) {
        return Optional.empty();
      }
      rows += records - deleted(f);
    }
    return Optional.of(rows);
  }

  /**
   * The column's maximum as the largest of its files' maximums; empty when a file has a deletion
   * vector (its maximum may be a deleted row's), no record count, or no maximum while holding a
   * non-null value, or when the column's statistics are not exact values; {@code
   * Optional.of(empty)} when every row is null there.
   */
  Optional<Optional<Object>> max(String column) {
    Optional<DataType> type = type("maxValues", column);
    if (type.isEmpty() || !exact(type.get())) {
      return Optional.empty();
    }
    Object max = null;
    for (Row f : files) {
      Object fileMax = statistic(f, "maxValues", column);
      if (!f.isNullAt(f.fieldIndex("deletionVector"))
          || records(f) == null
          || (fileMax == null && !onlyNulls(f, column))) {
        return Optional.empty();
      }
      if (fileMax != null) {
        Integer c = max == null ? Integer.valueOf(1) : compare(fileMax, max);
        if (c == null) {
          return Optional.empty();
        }
        max = c > 0 ? fileMax : max;
      }
    }
    return Optional.of(Optional.ofNullable(max));
  }

  /**
   * False when no file may hold a row with every ranged key column within {@code range} (or null,
   * with {@code nullsMatch}), as Delta's data skipping decides from the same bounds; true when one
   * may; empty when the statistics cannot decide (a key column of a type whose statistics are not
   * exact values, timestamps among them as Delta keeps them to the millisecond; a file without a
   * record count or a bound).
   */
  Optional<Boolean> mayHoldKeysWithin(KeyRange range, boolean nullsMatch) {
    for (String column : range.columns()) {
      Optional<DataType> type = type("minValues", column);
      if (type.isEmpty()
          || !exact(type.get())
          || type.get() instanceof TimestampType
          || type.get() instanceof TimestampNTZType) {
        return Optional.empty();
      }
    }
    boolean may = false;
    for (Row f : files) {
      if (records(f) == null) {
        return Optional.empty();
      }
      // The file may hold such a row when its predicate is true for every ranged column (SQL's
      // unknown, a bound compared with a missing one, counts as not).
      boolean fileMay = true;
      for (int i = 0; i < range.columns().size(); i++) {
        String column = range.columns().get(i);
        Object min = statistic(f, "minValues", column);
        Object max = statistic(f, "maxValues", column);
        if ((min == null || max == null) && !onlyNulls(f, column)) {
          return Optional.empty();
        }
        boolean overlaps = false;
        if (range.mins().get(i) != null && min != null && max != null) {
          Integer belowMax = compare(min, range.maxes().get(i));
          Integer aboveMin = compare(max, range.mins().get(i));
          if (belowMax == null || aboveMin == null) {
            return Optional.empty();
          }
          overlaps = belowMax <= 0 && aboveMin >= 0;
        }
        Long nulls = (Long) statistic(f, "nullCount", column);
        fileMay &= overlaps || (nullsMatch && (nulls == null || nulls > 0));
      }
      may |= fileMay;
    }
    return Optional.of(may);
  }

  /** Every row of the file null in the column (null count = record count): no bound to keep. */
  private static boolean onlyNulls(Row f, String column) {
    Object nulls = statistic(f, "nullCount", column);
    return nulls != null && nulls.equals(records(f));
  }

  private static Long records(Row f) {
    Row stats = f.getStruct(f.fieldIndex("stats"));
    if (stats == null || stats.isNullAt(stats.fieldIndex("numRecords"))) {
      return null;
    }
    return stats.getLong(stats.fieldIndex("numRecords"));
  }

  private static long deleted(Row f) {
    int dv = f.fieldIndex("deletionVector");
    if (f.isNullAt(dv)) {
      return 0;
    }
    Row v = f.getStruct(dv);
    int at = v.fieldIndex("cardinality");
    return v.isNullAt(at) ? 0 : v.getLong(at);
  }

  /** A file's statistic of a column ({@code minValues}, {@code maxValues}, {@code nullCount}). */
  private static Object statistic(Row f, String kind, String column) {
    Row stats = f.getStruct(f.fieldIndex("stats"));
    if (stats == null || !List.of(stats.schema().fieldNames()).contains(kind)) {
      return null;
    }
    Row values = stats.getStruct(stats.fieldIndex(kind));
    if (values == null || !List.of(values.schema().fieldNames()).contains(column)) {
      return null;
    }
    return values.get(values.fieldIndex(column));
  }

  /** The type of a column's statistic, when the files' statistics have it. */
  private Optional<DataType> type(String kind, String column) {
    DataType at = schema;
    for (String n : List.of("stats", kind, column)) {
      if (!(at instanceof StructType s) || !List.of(s.fieldNames()).contains(n)) {
        return Optional.empty();
      }
      at = s.apply(n).dataType();
    }
    return Optional.of(at);
  }

  /** Types whose statistics are exact values (not float or double: Delta's skip NaN). */
  static boolean exact(DataType t) {
    return t instanceof IntegerType
        || t instanceof LongType
        || t instanceof ShortType
        || t instanceof ByteType
        || t instanceof DecimalType
        || t instanceof DateType
        || t instanceof TimestampType
        || t instanceof TimestampNTZType;
  }

  /**
   * Two values of one column's type (numbers of any Java class compared by value); null when they
   * cannot be compared, which leaves the question undecided.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Integer compare(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y && a.getClass() != b.getClass()) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
    }
    if (a instanceof Comparable c && a.getClass() == b.getClass()) {
      return Integer.signum(c.compareTo(b));
    }
    return null;
  }
}
