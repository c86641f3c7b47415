package io.reelhouse.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the raw CSV files of one folder, local or any Hadoop URI ({@code s3a://...}), as Spark
 * datasets: strictly, leniently (malformed lines kept apart), or only the lines appended since a
 * {@link ReadMark}.
 *
 * <p>Guarantees: the schema is the declared one (no inference); the header must name the declared
 * columns in the declared order ({@link CsvHeader}), else the read fails naming the file; fields
 * are quoted with {@code "} and {@code ""} escapes a quote (RFC 4180); LF and CRLF line endings
 * read the same; text is UTF-8. Files are reached through {@link SourceFolder}, lines are checked
 * by {@link CsvLineParser}, marks are kept by {@link ReadMarks}.
 */
public final class CsvReader {
  private final SparkSession spark;
  private final SourceFolder folder;
  private final ReadMarks marks;

  public CsvReader(SparkSession spark, String basePath) {
    this.spark = spark;
    this.folder = new SourceFolder(basePath, spark.sparkContext().hadoopConfiguration());
    this.marks = new ReadMarks(folder);
  }

  /** The folder (or URI) files are read from. */
  public String basePath() {
    return folder.basePath();
  }

  /** The full path of a file in the base folder. */
  public String pathOf(String fileName) {
    return folder.pathOf(fileName);
  }

  /** Whether the spec's file is there. */
  public boolean exists(SourceSpec spec) {
    return folder.exists(spec.fileName());
  }

  /**
   * Reads one file with Spark's CSV reader: a row that does not fit the schema fails the read
   * (FAILFAST) rather than turning into nulls; an absent file is a {@link MissingSourceException}
   * naming its path.
   */
  public Dataset<Row> read(SourceSpec spec) {
    requirePresent(spec);
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
        .csv(pathOf(spec.fileName()));
  }

  /** Reads a file; an absent optional file reads as an empty dataset with the schema. */
  public Dataset<Row> readOrEmpty(SourceSpec spec) {
    if (!spec.required() && !exists(spec)) {
      return spark.createDataFrame(List.of(), spec.schema());
    }
    return read(spec);
  }

  /**
   * Reads a raw file leniently, once: lines that do not fit the schema (unparsable value, wrong
   * number of fields, empty line) are kept apart with the file name, the raw line and the reasons,
   * instead of failing the read or turning into nulls ({@link CsvLineParser}). An absent optional
   * file reads as empty.
   *
   * <p>Why not Spark's CSV reader: it skips empty lines silently, and with column pruning it only
   * converts the columns a query reads. Lines are read with Spark's text reader and parsed with its
   * {@code from_csv}, the same parser.
   */
  public CheckedSource readChecked(SourceSpec spec) {
    if (!spec.required() && !exists(spec)) {
      return new CheckedSource(
          spec,
          spark.createDataFrame(List.of(), spec.schema()),
          spark.createDataFrame(List.of(), CsvLineParser.MALFORMED_SCHEMA),
          spark.createDataFrame(List.of(), CsvLineParser.parsedSchema(spec)));
    }
    requirePresent(spec);
    String header = checkHeader(spec);
    Dataset<Row> lines =
        spark
            .read()
            .option("encoding", "UTF-8")
            .text(pathOf(spec.fileName()))
            .where(col("value").notEqual(lit(header)));
    return CsvLineParser.parse(spec, lines, folder.qualified(spec.fileName()));
  }

  /**
   * Reads the lines of a raw file between byte {@code from} (the end of a line) and the mark's end,
   * checked like {@link #readChecked(SourceSpec)}: the lines appended to a file since it was read
   * up to {@code from}. Read on the driver, so at most {@link ReadMarks#MAX_APPENDED_BYTES}; {@code
   * from == upTo.end()} reads nothing.
   */
  public CheckedSource readAppended(SourceSpec spec, long from, ReadMark upTo) {
    List<String> text = marks.appendedLines(spec.fileName(), from, upTo);
    // Handed to Spark as an RDD, not a local list: Spark's optimizer evaluates a query over a
    // local list on the driver, interpreted, once per query, so every audit pass would parse the
    // appended lines again.
    Dataset<Row> lines =
        spark
            .createDataset(
                JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .parallelize(text, spark.sparkContext().defaultParallelism())
                    .rdd(),
                Encoders.STRING())
            .toDF("value");
    return CsvLineParser.parse(spec, lines, folder.qualified(spec.fileName()));
  }

  /**
   * Reads a small reference file (a seed) all or nothing: any line that does not fit fails the read
   * with the file, the line number and the reason of each of the first three such lines.
   */
  public Dataset<Row> readStrict(SourceSpec spec) {
    CheckedSource checked = readChecked(spec);
    List<Row> bad = checked.malformed().limit(3).collectAsList();
    long count = bad.isEmpty() ? 0 : checked.counts().malformed();
    checked.release();
    if (bad.isEmpty()) {
      return checked.good();
    }
    List<String> lines = folder.allLines(spec.fileName());
    List<String> problems = new ArrayList<>();
    for (Row r : bad) {
      int at = lines.indexOf(r.getString(1));
      problems.add(
          (at < 0 ? "a line" : "line " + (at + 1))
              + ": "
              + String.join("; ", r.<String>getList(2)));
    }
    throw new BadSourceException(
        spec.name()
            + ": "
            + pathOf(spec.fileName())
            + " "
            + String.join(", ", problems)
            + (count > bad.size() ? " (and " + (count - bad.size()) + " more lines)" : ""));
  }

  /**
   * What is wrong with a present file's header, or empty when nothing is: a check that reads one
   * line, so a run can refuse every bad file before it builds anything.
   */
  public Optional<String> headerProblem(SourceSpec spec) {
    if (!exists(spec)) {
      return Optional.empty();
    }
    return Optional.ofNullable(headerProblemOf(spec, folder.firstLine(spec.fileName())));
  }

  /**
   * Where the file is now ({@link ReadMark}): the end of its last complete line, its length,
   * modification time and the hashes of its bytes up to that end.
   */
  public ReadMark mark(SourceSpec spec) {
    return marks.mark(spec.fileName());
  }

  /**
   * Where to go on reading a file that was read up to {@code before}, or empty to read it whole
   * ({@link ReadMarks#resumeAt}).
   */
  public OptionalLong resumeAt(SourceSpec spec, ReadMark before, ReadMark now) {
    return marks.resumeAt(spec, before, now);
  }

  /**
   * What identifies the file's content cheaply ({@link FileStamp}: length, modification time and
   * the store's content tag where it keeps one, no read), or "absent".
   */
  public String stamp(SourceSpec spec) {
    return folder.stamp(spec.fileName());
  }

  private void requirePresent(SourceSpec spec) {
    if (!exists(spec)) {
      throw new MissingSourceException(
          "source '"
              + spec.name()
              + "': file not found: "
              + pathOf(spec.fileName())
              + " (set source.path)");
    }
  }

  /**
   * The file's first line, checked against the declared column names; returned without a UTF-8
   * byte-order mark, as Hadoop's line reader (which drops the mark) will see it.
   *
   * @throws BadSourceException naming the file, line 1 and the column at fault
   */
  private String checkHeader(SourceSpec spec) {
    String first = folder.firstLine(spec.fileName());
    String problem = headerProblemOf(spec, first);
    if (problem != null) {
      throw new BadSourceException(problem);
    }
    return SourceFolder.withoutByteOrderMark(first);
  }

  private String headerProblemOf(SourceSpec spec, String first) {
    String problem = CsvHeader.problem(first, List.of(spec.schema().fieldNames()));
    return problem == null
        ? null
        : "source '" + spec.name() + "': " + pathOf(spec.fileName()) + problem;
  }
}
