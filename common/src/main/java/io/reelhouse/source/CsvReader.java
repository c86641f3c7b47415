package io.reelhouse.source;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_csv;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Reads raw CSV files with Spark's CSV reader, from a local folder or any Hadoop URI ({@code
 * s3a://...}).
 *
 * <p>Guarantees: the schema is the declared one (no inference); the header must name the declared
 * columns in the declared order, else the read fails naming the file; a row that does not fit the
 * schema fails the read (FAILFAST) rather than turning into nulls; fields are quoted with {@code "}
 * and {@code ""} escapes a quote (MovieLens, RFC 4180); LF and CRLF line endings read the same;
 * text is UTF-8.
 */
public final class CsvReader {
  private final SparkSession spark;
  private final String basePath;

  public CsvReader(SparkSession spark, String basePath) {
    this.spark = spark;
    this.basePath = basePath;
  }

  /** The folder (or URI) files are read from. */
  public String basePath() {
    return basePath;
  }

  /** The full path of a file in the base folder. */
  public String pathOf(String fileName) {
    return basePath.endsWith("/") ? basePath + fileName : basePath + "/" + fileName;
  }

  /** Reads one file; an absent file is a {@link MissingSourceException} naming its path. */
  public Dataset<Row> read(SourceSpec spec) {
    String path = pathOf(spec.fileName());
    if (!exists(path)) {
      throw new MissingSourceException(
          "source '" + spec.name() + "': file not found: " + path + " (set source.path)");
    }
    return csv(path, spec);
  }

  /**
   * Reads a raw file leniently, once: lines that do not fit the schema (unparsable value, wrong
   * number of fields, empty line) are kept apart with the file name, the raw line and the reason,
   * instead of failing the read or turning into nulls. Every field of every line is parsed and the
   * result kept for the run, so a malformed line is caught whichever columns a model reads. An
   * absent optional file reads as empty.
   *
   * <p>Why not Spark's CSV reader: it skips empty lines silently, and with column pruning it only
   * converts the columns a query reads. Lines are read with Spark's text reader and parsed with its
   * {@code from_csv}, the same parser, in PERMISSIVE mode.
   */
  public CheckedSource readChecked(SourceSpec spec) {
    StructType withCorrupt = spec.schema().add(CORRUPT, DataTypes.StringType);
    if (!spec.required() && !exists(spec)) {
      Dataset<Row> empty = spark.createDataFrame(List.of(), spec.schema());
      Dataset<Row> none = spark.createDataFrame(List.of(), MALFORMED_SCHEMA);
      Dataset<Row> nothingParsed =
          spark.createDataFrame(List.of(), withCorrupt.add(SOURCE_FILE, DataTypes.StringType));
      return new CheckedSource(spec, empty, none, nothingParsed);
    }
    String path = pathOf(spec.fileName());
    if (!exists(path)) {
      throw new MissingSourceException(
          "source '" + spec.name() + "': file not found: " + path + " (set source.path)");
    }
    String header = checkHeader(path, spec);
    Dataset<Row> lines =
        spark
            .read()
            .option("encoding", "UTF-8")
            .text(path)
            .where(col("value").notEqual(lit(header)));
    Dataset<Row> parsed =
        lines
            .select(
                col("value"),
                from_csv(col("value"), lit(withCorrupt.toDDL()), CSV_OPTIONS).as("r"),
                input_file_name().as(SOURCE_FILE))
            .select(parsedColumns(spec))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Column[] fields =
        java.util.Arrays.stream(spec.schema().fieldNames())
            .map(f -> col("`" + f + "`"))
            .toArray(Column[]::new);
    Dataset<Row> good = parsed.where(col(CORRUPT).isNull()).select(fields);
    Dataset<Row> malformed =
        parsed
            .where(col(CORRUPT).isNotNull())
            .select(
                col(SOURCE_FILE),
                col(CORRUPT).as("raw_line"),
                array(
                        when(functions.trim(col(CORRUPT)).equalTo(""), lit("empty line"))
                            .otherwise(
                                lit("malformed CSV line: expected " + spec.schema().toDDL())))
                    .as("quarantine_reasons"));
    return new CheckedSource(spec, good, malformed, parsed);
  }

  /** The fields, the corrupt line (also for a blank line, which from_csv reads as nulls), file. */
  private static Column[] parsedColumns(SourceSpec spec) {
    List<Column> out = new java.util.ArrayList<>();
    for (String f : spec.schema().fieldNames()) {
      out.add(col("r.`" + f + "`").as(f));
    }
    out.add(
        when(functions.trim(col("value")).equalTo(""), lit(""))
            .otherwise(col("r." + CORRUPT))
            .as(CORRUPT));
    out.add(col(SOURCE_FILE));
    return out.toArray(Column[]::new);
  }

  /** Columns of the malformed lines of a source. */
  public static final StructType MALFORMED_SCHEMA =
      new StructType()
          .add("source_file", DataTypes.StringType)
          .add("raw_line", DataTypes.StringType)
          .add("quarantine_reasons", DataTypes.createArrayType(DataTypes.StringType));

  private static final String CORRUPT = "_corrupt_record";
  private static final String SOURCE_FILE = "source_file";
  private static final Map<String, String> CSV_OPTIONS =
      Map.of(
          "mode", "PERMISSIVE",
          "columnNameOfCorruptRecord", CORRUPT,
          "quote", "\"",
          "escape", "\"");

  /**
   * The file's first line, checked against the declared column names; returned without a UTF-8
   * byte-order mark, as Hadoop's line reader (which drops the mark) will see it.
   */
  private String checkHeader(String path, SourceSpec spec) {
    Path p = new Path(path);
    String first;
    try (var in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                p.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(p),
                java.nio.charset.StandardCharsets.UTF_8))) {
      first = in.readLine();
    } catch (IOException e) {
      throw StoreErrors.explain(path, e);
    }
    if (first == null) {
      throw new BadSourceException(
          "source '"
              + spec.name()
              + "': "
              + path
              + " is empty; expected a header line "
              + String.join(",", spec.schema().fieldNames()));
    }
    String cleaned = first.startsWith("\uFEFF") ? first.substring(1) : first;
    List<String> names = new java.util.ArrayList<>();
    for (String n : cleaned.split(",", -1)) {
      names.add(n.strip().replace("\"", ""));
    }
    List<String> expected = List.of(spec.schema().fieldNames());
    boolean same = names.size() == expected.size();
    for (int i = 0; same && i < names.size(); i++) {
      same = names.get(i).equalsIgnoreCase(expected.get(i));
    }
    if (!same) {
      throw new BadSourceException(
          "source '"
              + spec.name()
              + "': "
              + path
              + " has header '"
              + cleaned.strip()
              + "', expected '"
              + String.join(",", expected)
              + "'");
    }
    return cleaned;
  }

  /** Reads a file; an absent optional file reads as an empty dataset with the schema. */
  public Dataset<Row> readOrEmpty(SourceSpec spec) {
    if (!spec.required() && !exists(spec)) {
      return spark.createDataFrame(List.of(), spec.schema());
    }
    return read(spec);
  }

  /** Whether the spec's file is there. */
  public boolean exists(SourceSpec spec) {
    return exists(pathOf(spec.fileName()));
  }

  private Dataset<Row> csv(String path, SourceSpec spec) {
    return spark
        .read()
        .schema(spec.schema())
        .option("header", "true")
        // Check the header against the schema instead of silently trusting column positions.
        .option("enforceSchema", "false")
        .option("mode", "FAILFAST")
        .option("quote", "\"")
        .option("escape", "\"")
        .option("encoding", "UTF-8")
        .csv(path);
  }

  private boolean exists(String path) {
    try {
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      return fs.isFile(p);
    } catch (IOException | RuntimeException e) {
      throw StoreErrors.explain(path, e);
    }
  }
}
