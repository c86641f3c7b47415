package io.reelhouse.source;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.from_csv;
import static org.apache.spark.sql.functions.lit;

import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Parses a CSV line of plain numbers (integers, and decimals like {@code 3.5}) without Spark's CSV
 * parser, and hands every other line to it: {@link #parse} is {@code from_csv} with a shortcut.
 *
 * <p>Why by hand: Spark's {@code from_csv} sets up its parser for each line, and big fact files are
 * often plain numbers (ids, scores, epoch times), so most of their lines skip that set-up entirely.
 * It accepts a line only in a shape whose value {@code from_csv} reads the same: as many fields as
 * the schema, separated by single commas, each an optional {@code -} and digits (and, for a DOUBLE,
 * optionally a {@code .} and digits), within range for its type, no quotes, no spaces, no empty
 * field. Anything else (a quoted field, {@code 1e3}, an empty value, a stray space, an overflow, a
 * missing field) goes to {@code from_csv} and comes out exactly as before: parsed, a null, or a
 * malformed line.
 */
final class NumericCsvLine implements UDF1<String, Row> {
  private static final long serialVersionUID = 1L;

  /** Field kinds, by position. */
  private final byte[] kinds;

  private static final byte INT = 0;
  private static final byte LONG = 1;
  private static final byte DOUBLE = 2;

  private NumericCsvLine(byte[] kinds) {
    this.kinds = kinds;
  }

  /**
   * {@code from_csv(line)} into {@code withCorrupt} (the schema plus its corrupt-record column,
   * last), with the shortcut in front when every other field is INT, BIGINT or DOUBLE.
   */
  static Column parse(Column line, StructType withCorrupt, Map<String, String> options) {
    Column fromCsv = from_csv(line, lit(withCorrupt.toDDL()), options);
    return forSchema(withCorrupt)
        // coalesce evaluates from_csv only for the lines the shortcut declined (null).
        .map(shortcut -> coalesce(functions.udf(shortcut, withCorrupt).apply(line), fromCsv))
        .orElse(fromCsv);
  }

  /** The shortcut for a schema ending in its corrupt-record column, if its fields are numbers. */
  static Optional<NumericCsvLine> forSchema(StructType withCorrupt) {
    StructField[] fields = withCorrupt.fields();
    byte[] kinds = new byte[fields.length - 1];
    for (int i = 0; i < kinds.length; i++) {
      DataType t = fields[i].dataType();
      if (t == DataTypes.IntegerType) {
        kinds[i] = INT;
      } else if (t == DataTypes.LongType) {
        kinds[i] = LONG;
      } else if (t == DataTypes.DoubleType) {
        kinds[i] = DOUBLE;
      } else {
        return Optional.empty();
      }
    }
    return Optional.of(new NumericCsvLine(kinds));
  }

  /** The line's values and a null corrupt record, or null when the shortcut declines the line. */
  @Override
  public Row call(String line) {
    if (line == null) {
      return null;
    }
    Object[] values = new Object[kinds.length + 1]; // the corrupt-record column stays null
    int n = line.length();
    int i = 0;
    for (int f = 0; f < kinds.length; f++) {
      if (f > 0) {
        if (i >= n || line.charAt(i) != ',') {
          return null;
        }
        i++;
      }
      int start = i;
      boolean negative = i < n && line.charAt(i) == '-';
      if (negative) {
        i++;
      }
      int digitsFrom = i;
      long v = 0;
      while (i < n && line.charAt(i) >= '0' && line.charAt(i) <= '9') {
        v = v * 10 + (line.charAt(i) - '0');
        i++;
        if (i - digitsFrom > 18) {
          return null; // may not fit a long: from_csv decides
        }
      }
      if (i == digitsFrom) {
        return null;
      }
      switch (kinds[f]) {
        case INT -> {
          long signed = negative ? -v : v;
          if (signed < Integer.MIN_VALUE || signed > Integer.MAX_VALUE) {
            return null;
          }
          values[f] = (int) signed;
        }
        case LONG -> values[f] = negative ? -v : v;
        default -> {
          if (i < n && line.charAt(i) == '.') {
            int fractionFrom = ++i;
            while (i < n && line.charAt(i) >= '0' && line.charAt(i) <= '9') {
              i++;
            }
            if (i == fractionFrom) {
              return null;
            }
          }
          // As from_csv converts a DOUBLE field.
          values[f] = Double.parseDouble(line.substring(start, i));
        }
      }
    }
    return i == n ? RowFactory.create(values) : null;
  }
}
