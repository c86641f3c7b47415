package io.reelhouse.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import java.io.PrintStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Prints the first rows of a dataset as a text table, CSV (RFC 4180) or JSON lines, data only, so
 * the output pipes into other tools. Timestamps print as ISO-8601 UTC instants; arrays, maps and
 * structs as JSON.
 */
public final class RowPrinter {
  /** Output formats of {@code show}. */
  public enum Format {
    TABLE,
    CSV,
    JSON
  }

  private RowPrinter() {}

  public static void print(Dataset<Row> rows, int limit, Format format, PrintStream out) {
    Dataset<Row> limited = rows.limit(limit);
    if (format == Format.JSON) {
      for (String line : limited.toJSON().collectAsList()) {
        out.println(line);
      }
      return;
    }
    List<Column> cols = new ArrayList<>();
    for (StructField f : limited.schema().fields()) {
      boolean nested =
          f.dataType() instanceof ArrayType
              || f.dataType() instanceof MapType
              || f.dataType() instanceof StructType;
      Column c = col("`" + f.name() + "`");
      cols.add(nested ? to_json(c).as(f.name()) : c);
    }
    Dataset<Row> flat = limited.select(cols.toArray(Column[]::new));
    String[] header = flat.columns();
    List<String[]> body = new ArrayList<>();
    for (Row r : flat.collectAsList()) {
      String[] cells = new String[header.length];
      for (int i = 0; i < header.length; i++) {
        cells[i] = text(r.get(i));
      }
      body.add(cells);
    }
    if (format == Format.CSV) {
      printCsv(header, body, out);
    } else {
      printTable(header, body, out);
    }
  }

  private static String text(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof java.sql.Timestamp ts) {
      return ts.toInstant().toString();
    }
    return String.valueOf(v);
  }

  /** RFC 4180 by univocity, Spark's own CSV writer: quoted only where needed, a null empty. */
  private static void printCsv(String[] header, List<String[]> body, PrintStream out) {
    CsvWriterSettings settings = new CsvWriterSettings();
    settings.getFormat().setLineSeparator(System.lineSeparator());
    settings.setIgnoreLeadingWhitespaces(false);
    settings.setIgnoreTrailingWhitespaces(false);
    settings.setQuoteEscapingEnabled(true);
    StringWriter text = new StringWriter();
    CsvWriter csv = new CsvWriter(text, settings);
    csv.writeRow((Object[]) header);
    for (String[] cells : body) {
      csv.writeRow((Object[]) cells);
    }
    csv.close();
    out.print(text);
    out.flush();
  }

  private static void printTable(String[] header, List<String[]> body, PrintStream out) {
    int[] width = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      width[i] = header[i].length();
      for (String[] cells : body) {
        width[i] = Math.max(width[i], display(cells[i]).length());
      }
    }
    out.println(tableLine(header, width));
    String[] rule = new String[header.length];
    for (int i = 0; i < header.length; i++) {
      rule[i] = "-".repeat(width[i]);
    }
    out.println(tableLine(rule, width));
    for (String[] cells : body) {
      String[] shown = new String[cells.length];
      for (int i = 0; i < cells.length; i++) {
        shown[i] = display(cells[i]);
      }
      out.println(tableLine(shown, width));
    }
  }

  private static String display(String cell) {
    return cell == null ? "null" : cell;
  }

  private static String tableLine(String[] cells, int[] width) {
    StringBuilder b = new StringBuilder("|");
    for (int i = 0; i < cells.length; i++) {
      b.append(' ')
          .append(String.format(Locale.ROOT, "%-" + width[i] + "s", cells[i]))
          .append(" |");
    }
    return b.toString();
  }
}
