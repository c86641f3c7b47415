package io.reelhouse.warehouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
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
 * The statistics of every data file of one version of a Delta table, read to the driver once, and
 * the questions a run asks of them answered from that copy: its row count, a column's maximum,
 * whether a key range may be held. Each was a Spark job of its own over the same state, planned
 * anew, several per merged model.
 *
 * <p>Each file has Delta's statistics as its log keeps them (JSON: {@code numRecords}, {@code
 * minValues}, {@code maxValues}, {@code nullCount}), typed here by the table's schema, and the rows
 * its deletion vector deletes. A file without a record count, a column bound missing from a file
 * that holds non-null values, or a type whose statistics are not exact values leaves a question
 * undecided (empty), as the statistics cannot answer it.
 *
 * @param files one per data file
 * @param schema the table's columns (the statistics' types)
 * @param javaTime values as {@code java.time} ({@code Instant}, {@code LocalDate}), as Spark gives
 *     them with {@code spark.sql.datetime.java8API.enabled}; else {@code java.sql} types
 */
record FileStatistics(List<File> files, StructType schema, boolean javaTime) {

  /**
   * One data file.
   *
   * @param stats its statistics; null when Delta kept none
   * @param deletionVector whether a deletion vector marks some of its rows deleted
   * @param deleted how many (0 without a deletion vector)
   */
  record File(JsonNode stats, boolean deletionVector, long deleted) {
    private static final ObjectMapper JSON =
        new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /**
     * A file from its statistics as the log has them (null or JSON) and its deletion vector;
     * statistics that are not JSON count as none (every question about the file undecided).
     */
    static File of(String stats, boolean deletionVector, Long deleted) {
      JsonNode parsed;
      try {
        parsed = stats == null ? null : JSON.readTree(stats);
      } catch (JsonProcessingException unreadable) {
        parsed = null;
      }
      return new File(parsed, deletionVector, !deletionVector || deleted == null ? 0 : deleted);
    }
  }

  /** Rows of the version: the files' record counts less the rows their deletion vectors delete. */
  Optional<Long> rows() {
    long rows = 0;
    for (File f : files) {
      Long records = records(f);
      if (records == null) {
        return Optional.empty();
      }
      rows += records - f.deleted();
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
    Optional<DataType> type = type(column);
    if (type.isEmpty() || !exact(type.get())) {
      return Optional.empty();
    }
    Object max = null;
    for (File f : files) {
      Object fileMax = statistic(f, "maxValues", column);
      if (f.deletionVector() || records(f) == null || (fileMax == null && !onlyNulls(f, column))) {
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
      Optional<DataType> type = type(column);
      if (type.isEmpty()
          || !exact(type.get())
          || type.get() instanceof TimestampType
          || type.get() instanceof TimestampNTZType) {
        return Optional.empty();
      }
    }
    boolean may = false;
    for (File f : files) {
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
  private boolean onlyNulls(File f, String column) {
    Object nulls = statistic(f, "nullCount", column);
    return nulls != null && nulls.equals(records(f));
  }

  private static Long records(File f) {
    JsonNode n = f.stats() == null ? null : f.stats().get("numRecords");
    return n == null || !n.isIntegralNumber() ? null : n.longValue();
  }

  /**
   * A file's statistic of a column ({@code minValues}, {@code maxValues}, {@code nullCount}) as
   * Spark would give the value; null when the file has none.
   */
  private Object statistic(File f, String kind, String column) {
    JsonNode values = f.stats() == null ? null : f.stats().get(kind);
    JsonNode v = values == null ? null : values.get(column);
    if (v == null || v.isNull()) {
      return null;
    }
    if (kind.equals("nullCount")) {
      return v.isIntegralNumber() ? v.longValue() : null;
    }
    return value(v, type(column).orElse(null));
  }

  /**
   * A bound as Delta writes it into the log (numbers, ISO dates, timestamps with their offset), as
   * the Spark value of the column's type; null for other types (never compared).
   */
  private Object value(JsonNode v, DataType t) {
    if (t instanceof IntegerType) {
      return v.canConvertToInt() ? v.intValue() : null;
    } else if (t instanceof LongType) {
      return v.canConvertToLong() ? v.longValue() : null;
    } else if (t instanceof ShortType) {
      return v.canConvertToInt() ? v.shortValue() : null;
    } else if (t instanceof ByteType) {
      return v.canConvertToInt() ? (byte) v.intValue() : null;
    } else if (t instanceof DecimalType d) {
      BigDecimal n = v.isNumber() ? v.decimalValue() : null;
      return n == null || n.stripTrailingZeros().scale() > d.scale() ? null : n.setScale(d.scale());
    }
    try {
      if (t instanceof DateType) {
        LocalDate date = LocalDate.parse(v.asText());
        return javaTime ? date : java.sql.Date.valueOf(date);
      } else if (t instanceof TimestampType) {
        Instant at = OffsetDateTime.parse(v.asText()).toInstant();
        return javaTime ? at : java.sql.Timestamp.from(at);
      } else if (t instanceof TimestampNTZType) {
        return LocalDateTime.parse(v.asText());
      }
    } catch (java.time.DateTimeException notDeltasFormat) {
      // a bound some other writer kept in another shape: no bound, the question undecided
    }
    return null;
  }

  /** The type of a top-level column of the table. */
  private Optional<DataType> type(String column) {
    return List.of(schema.fieldNames()).contains(column)
        ? Optional.of(schema.apply(column).dataType())
        : Optional.empty();
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
