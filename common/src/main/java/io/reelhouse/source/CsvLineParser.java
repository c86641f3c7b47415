package io.reelhouse.source;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.from_csv;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Parses the data lines of a raw CSV file (a one-column {@code value} dataset) against the declared
 * schema, keeping apart the lines that do not fit with every reason each was rejected.
 *
 * <p>Guarantees: every field of every line is parsed, with Spark's {@code from_csv} in PERMISSIVE
 * mode (or {@link PlainCsvLine}'s shortcut, which gives the same values), and the result is kept
 * for the run; a line is rejected when it does not parse (wrong number of fields, a value that is
 * not its type, an unclosed quote), is blank, or has a text field holding bytes that are not UTF-8,
 * a NUL character or more than {@link #MAX_FIELD_CHARS} characters (none of which a warehouse
 * stores faithfully). Fields are quoted with {@code "} and {@code ""} escapes a quote.
 */
final class CsvLineParser {
  /**
   * Longest text field accepted, in characters: a multi-megabyte field is a broken file (a lost
   * line end), not a value.
   */
  static final int MAX_FIELD_CHARS = 65_536;

  /** Columns of the malformed lines of a source. */
  static final StructType MALFORMED_SCHEMA =
      new StructType()
          .add("source_file", DataTypes.StringType)
          .add("raw_line", DataTypes.StringType)
          .add("quarantine_reasons", DataTypes.createArrayType(DataTypes.StringType));

  /** The column holding a rejected line; null on a line that fits. */
  static final String CORRUPT = "_corrupt_record";

  private static final Map<String, String> CSV_OPTIONS =
      Map.of(
          "mode", "PERMISSIVE",
          "columnNameOfCorruptRecord", CORRUPT,
          "quote", "\"",
          "escape", "\"");

  /** For telling why a line failed: every field as text, an empty field kept as "". */
  private static final Map<String, String> TEXT_OPTIONS =
      Map.of(
          "mode", "PERMISSIVE",
          "columnNameOfCorruptRecord", CORRUPT,
          "quote", "\"",
          "escape", "\"",
          "nullValue", "\u0001no-null\u0001");

  private CsvLineParser() {}

  /** The schema of what {@link #parse} keeps: the declared columns and {@link #CORRUPT}. */
  static StructType parsedSchema(SourceSpec spec) {
    return spec.schema().add(CORRUPT, DataTypes.StringType);
  }

  /**
   * Parses the lines of one file and keeps the result for the run. The file's name ({@code
   * sourceFile}, written as Spark's {@code input_file_name()} writes it) is not a column of what is
   * kept (it is the same on every line; 25M copies of it cost seconds to cache) but added to the
   * malformed lines only.
   */
  static CheckedSource parse(SourceSpec spec, Dataset<Row> lines, String sourceFile) {
    Column record = PlainCsvLine.parse(col("value"), parsedSchema(spec), CSV_OPTIONS);
    Dataset<Row> parsed =
        lines
            .select(col("value"), record.as("r"))
            .select(parsedColumns(spec))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Column[] fields =
        Arrays.stream(spec.schema().fieldNames())
            .map(f -> col("`" + f + "`"))
            .toArray(Column[]::new);
    Dataset<Row> good = parsed.where(col(CORRUPT).isNull()).select(fields);
    Dataset<Row> malformed =
        parsed
            .where(col(CORRUPT).isNotNull())
            .select(
                lit(sourceFile).as("source_file"),
                col(CORRUPT).as("raw_line"),
                reasons(spec, col(CORRUPT)));
    return new CheckedSource(spec, good, malformed, parsed);
  }

  /** The fields, and the raw line in {@link #CORRUPT} when the line is rejected. */
  private static Column[] parsedColumns(SourceSpec spec) {
    List<Column> out = new ArrayList<>();
    Column rejected = functions.trim(col("value")).equalTo("").or(col("r." + CORRUPT).isNotNull());
    for (StructField f : spec.schema().fields()) {
      Column v = col("r.`" + f.name() + "`");
      out.add(v.as(f.name()));
      if (f.dataType().equals(DataTypes.StringType)) {
        rejected = rejected.or(coalesce(textProblem(v, f.name()).isNotNull(), lit(false)));
      }
    }
    out.add(when(rejected, col("value")).as(CORRUPT));
    return out.toArray(Column[]::new);
  }

  /** Why a text field cannot be published as it is, or null. */
  private static Column textProblem(Column v, String name) {
    // from_csv decodes the line as UTF-8, turning bytes that are not UTF-8 into U+FFFD.
    return when(
            functions.instr(v, "\uFFFD").gt(0),
            lit("column " + name + ": bytes that are not UTF-8 (read as U+FFFD)"))
        .when(functions.instr(v, "\u0000").gt(0), lit("column " + name + ": a NUL character"))
        .when(
            functions.length(v).gt(MAX_FIELD_CHARS),
            functions.format_string(
                "column " + name + ": %,d characters, more than %,d",
                functions.length(v),
                lit(MAX_FIELD_CHARS)));
  }

  /**
   * Every reason a rejected line was rejected, computed on rejected lines only: the line is parsed
   * again as text fields (to tell a wrong field count from a bad value and to show the value) and
   * with the declared types.
   */
  private static Column reasons(SourceSpec spec, Column raw) {
    StructField[] fields = spec.schema().fields();
    StructType asText = new StructType();
    for (StructField f : fields) {
      asText = asText.add(f.name(), DataTypes.StringType);
    }
    Column oneMore =
        from_csv(raw, lit(asText.add("_more", DataTypes.StringType).toDDL()), TEXT_OPTIONS);
    Column text =
        from_csv(raw, lit(asText.add(CORRUPT, DataTypes.StringType).toDDL()), TEXT_OPTIONS);
    Column typed = from_csv(raw, lit(parsedSchema(spec).toDDL()), CSV_OPTIONS);
    String expected =
        fields.length + " fields (" + String.join(",", spec.schema().fieldNames()) + ")";
    Column quotes = functions.size(functions.split(raw, "\"", -1)).minus(1);
    Column blank = functions.trim(raw).equalTo("");
    Column unclosed = quotes.mod(2).equalTo(1);
    Column more = oneMore.getField("_more").isNotNull();
    List<Column> out = new ArrayList<>();
    out.add(when(blank, lit("empty line")));
    out.add(
        when(
            unclosed,
            lit(
                "unclosed quote: a quoted field must end on its line (each line is one record; \"\" inside quotes is a quote)")));
    out.add(when(not(blank).and(not(unclosed)).and(more), lit("more than " + expected)));
    out.add(
        when(
            not(blank).and(not(unclosed)).and(not(more)).and(text.getField(CORRUPT).isNotNull()),
            lit("fewer than " + expected)));
    for (StructField f : fields) {
      Column t = text.getField(f.name());
      if (f.dataType().equals(DataTypes.StringType)) {
        out.add(textProblem(typed.getField(f.name()), f.name()));
      } else {
        out.add(
            when(
                not(unclosed)
                    .and(typed.getField(f.name()).isNull())
                    .and(t.isNotNull())
                    .and(t.notEqual("")),
                functions.concat(
                    lit("column " + f.name() + ": '"),
                    functions.substring(t, 1, 40),
                    lit("' is not a valid " + f.dataType().sql()))));
      }
    }
    Column found = filter(array(out.toArray(Column[]::new)), x -> x.isNotNull());
    return when(functions.size(found).gt(0), found)
        .otherwise(array(lit("malformed CSV line: expected " + spec.schema().toDDL())))
        .as("quarantine_reasons");
  }
}
