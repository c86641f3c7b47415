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
 * Parses a CSV line of plain values (integers, decimals like {@code 3.5}, text without quotes or
 * commas) without Spark's CSV parser, and hands every other line to it: {@link #parse} is {@code
 * from_csv} with a shortcut.
 *
 * <p>Why by hand: Spark's {@code from_csv} sets up its parser for each line, and most lines of the
 * big files are plain values (ids, scores, epoch times, a tag or a title without a comma), so they
 * skip that set-up entirely. It accepts a line only in a shape whose value {@code from_csv} reads
 * the same: as many fields as the schema, separated by single commas; a number field an optional
 * {@code -} and digits (and, for a DOUBLE, optionally a {@code .} and digits), within range for its
 * type; a text field any characters but a quote, a comma, a NUL or a line end, as they are (spaces
 * kept, as {@code from_csv} keeps them); no quotes anywhere, no empty field. Anything else (a
 * quoted field, {@code 1e3}, an empty value, a stray space in a number, an overflow, a missing
 * field) goes to {@code from_csv} and comes out exactly as before: parsed, a null, or a malformed
 * line.
 */
final class PlainCsvLine implements UDF1<String, Row> {
  private static final long serialVersionUID = 1L;

  /** Field kinds, by position. */
  private final byte[] kinds;

  private static final byte INT = 0;
  private static final byte LONG = 1;
  private static final byte DOUBLE = 2;
  private static final byte TEXT = 3;

  private PlainCsvLine(byte[] kinds) {
    this.kinds = kinds;
  }

  /**
   * {@code from_csv(line)} into {@code withCorrupt} (the schema plus its corrupt-record column,
   * last), with the shortcut in front when every other field is INT, BIGINT, DOUBLE or STRING.
   */
  static Column parse(Column line, StructType withCorrupt, Map<String, String> options) {
    Column fromCsv = from_csv(line, lit(withCorrupt.toDDL()), options);
    return forSchema(withCorrupt)
        // coalesce evaluates from_csv only for the lines the shortcut declined (null).
        .map(shortcut -> coalesce(functions.udf(shortcut, withCorrupt).apply(line), fromCsv))
        .orElse(fromCsv);
  }

  /**
   * The shortcut for a schema ending in its corrupt-record column, if its fields are numbers or
   * text.
   */
  static Optional<PlainCsvLine> forSchema(StructType withCorrupt) {
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
      } else if (t == DataTypes.StringType) {
        kinds[i] = TEXT;
      } else {
        return Optional.empty();
      }
    }
    return Optional.of(new PlainCsvLine(kinds));
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
      if (kinds[f] == TEXT) {
        while (i < n && line.charAt(i) != ',') {
          char c = line.charAt(i);
          if (c == '"' || c == '\u0000' || c == '\r' || c == '\n') {
            return null;
          }
          i++;
        }
        if (i == start) {
          return null; // an empty field: from_csv decides (null)
        }
        values[f] = line.substring(start, i);
        continue;
      }
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
