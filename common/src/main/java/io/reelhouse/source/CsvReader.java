package io.reelhouse.source;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.from_csv;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
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
   * {@code from_csv}, the same parser, in PERMISSIVE mode; lines of plain numbers in a file of
   * numeric columns take a shortcut that gives the same values ({@link NumericCsvLine}).
   */
  public CheckedSource readChecked(SourceSpec spec) {
    StructType withCorrupt = spec.schema().add(CORRUPT, DataTypes.StringType);
    if (!spec.required() && !exists(spec)) {
      Dataset<Row> empty = spark.createDataFrame(List.of(), spec.schema());
      Dataset<Row> none = spark.createDataFrame(List.of(), MALFORMED_SCHEMA);
      Dataset<Row> nothingParsed = spark.createDataFrame(List.of(), withCorrupt);
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
    return parse(spec, lines, path);
  }

  /**
   * Reads the lines of a raw file between byte {@code from} (the end of a line) and the mark's end,
   * checked like {@link #readChecked(SourceSpec)}: the lines appended to a file since it was read
   * up to {@code from}. Read on the driver, so at most {@link #MAX_APPENDED_BYTES}; {@code from ==
   * upTo.end()} reads nothing.
   */
  public CheckedSource readAppended(SourceSpec spec, long from, ReadMark upTo) {
    String path = pathOf(spec.fileName());
    long n = upTo.end() - from;
    if (n < 0 || n > MAX_APPENDED_BYTES) {
      throw new IllegalArgumentException(
          "cannot read bytes " + from + " to " + upTo.end() + " of " + path + " as appended lines");
    }
    List<String> text = new java.util.ArrayList<>();
    if (n > 0) {
      byte[] bytes = readRange(path, from, (int) n);
      String all = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
      for (String line : all.split("\n", -1)) {
        // As Hadoop's line reader: LF or CRLF ends a line; the text after the last LF is not one.
        text.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
      }
      text.remove(text.size() - 1);
    }
    // Handed to Spark as an RDD, not a local list: Spark's optimizer evaluates a query over a
    // local list on the driver, interpreted, once per query, so every audit pass would parse the
    // appended lines again.
    Dataset<Row> lines =
        spark
            .createDataset(
                org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .parallelize(text, spark.sparkContext().defaultParallelism())
                    .rdd(),
                org.apache.spark.sql.Encoders.STRING())
            .toDF("value");
    return parse(spec, lines, path);
  }

  /**
   * Most bytes read as appended lines (on the driver); a file that grew by more is read whole, in
   * parallel, which is then about as fast.
   */
  public static final long MAX_APPENDED_BYTES = 64L * 1024 * 1024;

  /**
   * Parses the lines of one file ({@code path}) and keeps the result for the run. The file's name
   * is not a column of what is kept (it is the same on every line; 25M copies of it cost seconds to
   * cache) but added to the malformed lines only, written as Spark's {@code input_file_name()}
   * writes it ({@code file:///...}, {@code s3a://...}).
   */
  private CheckedSource parse(SourceSpec spec, Dataset<Row> lines, String path) {
    StructType withCorrupt = spec.schema().add(CORRUPT, DataTypes.StringType);
    Column record = NumericCsvLine.parse(col("value"), withCorrupt, CSV_OPTIONS);
    Dataset<Row> parsed =
        lines
            .select(col("value"), record.as("r"))
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
                lit(qualified(path)).as(SOURCE_FILE),
                col(CORRUPT).as("raw_line"),
                reasons(spec, col(CORRUPT)));
    return new CheckedSource(spec, good, malformed, parsed);
  }

  /**
   * Where the file is now: the end of its last complete line, its length, modification time and the
   * hashes of its first and last bytes up to that end.
   */
  public ReadMark mark(SourceSpec spec) {
    String path = pathOf(spec.fileName());
    try {
      org.apache.hadoop.fs.FileStatus st = status(path);
      long len = st.getLen();
      int lastN = (int) Math.min(ReadMark.HASHED_BYTES, len);
      byte[] last = readRange(path, len - lastN, lastN);
      int i = last.length - 1;
      while (i >= 0 && last[i] != '\n') {
        i--;
      }
      // A file whose last 64 KiB hold no line end is marked at 0: read whole next time.
      long end = i < 0 ? 0 : len - lastN + i + 1;
      return new ReadMark(
          end,
          len,
          st.getModificationTime(),
          hashOf(path, 0, end),
          hashOf(path, endHashed(end), end));
    } catch (IOException | RuntimeException e) {
      throw StoreErrors.explain(path, e);
    }
  }

  /**
   * Where to go on reading a file that was read up to {@code before}: its end if the file is
   * unchanged since (same length and modification time), or if the source is append-only and the
   * bytes hashed then are still the same (so lines were only added); else empty (read it whole).
   */
  public java.util.OptionalLong resumeAt(SourceSpec spec, ReadMark before, ReadMark now) {
    if (before.end() == 0) {
      return java.util.OptionalLong.empty();
    }
    if (before.length() == now.length() && before.modified() == now.modified()) {
      return java.util.OptionalLong.of(before.end());
    }
    String path = pathOf(spec.fileName());
    if (spec.appendOnly()
        && now.end() >= before.end()
        && now.end() - before.end() <= MAX_APPENDED_BYTES
        && before.head().equals(hashOf(path, 0, before.end()))
        && before.boundary().equals(hashOf(path, endHashed(before.end()), before.end()))) {
      return java.util.OptionalLong.of(before.end());
    }
    return java.util.OptionalLong.empty();
  }

  private static long endHashed(long end) {
    return end - Math.min(ReadMark.HASHED_BYTES, end);
  }

  /** SHA-256 of the file's bytes {@code [from, to)} within the first or last 64 KiB before to. */
  private String hashOf(String path, long from, long to) {
    int n = (int) Math.min(ReadMark.HASHED_BYTES, to - from);
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256").digest(readRange(path, from, n)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] readRange(String path, long from, int n) {
    Path p = new Path(path);
    byte[] out = new byte[n];
    try (org.apache.hadoop.fs.FSDataInputStream in = fileSystem(p).open(p)) {
      in.readFully(from, out);
      return out;
    } catch (IOException e) {
      throw StoreErrors.explain(path, e);
    }
  }

  /**
   * Longest text field accepted, in characters: MovieLens titles and tags are under 500, and a
   * multi-megabyte field is a broken file (a lost line end), not a title.
   */
  public static final int MAX_FIELD_CHARS = 65_536;

  /**
   * The fields, and the raw line when the line is rejected: it does not parse (wrong number of
   * fields, a value that is not its type, an unclosed quote), it is blank (which from_csv reads as
   * nulls), or one of its text fields holds bytes that are not UTF-8, a NUL character, or more than
   * {@link #MAX_FIELD_CHARS} characters (none of which a warehouse stores faithfully).
   */
  private static Column[] parsedColumns(SourceSpec spec) {
    List<Column> out = new java.util.ArrayList<>();
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
    int n = fields.length;
    StructType asText = new StructType();
    for (StructField f : fields) {
      asText = asText.add(f.name(), DataTypes.StringType);
    }
    Column oneMore =
        from_csv(raw, lit(asText.add("_more", DataTypes.StringType).toDDL()), TEXT_OPTIONS);
    Column text =
        from_csv(raw, lit(asText.add(CORRUPT, DataTypes.StringType).toDDL()), TEXT_OPTIONS);
    Column typed =
        from_csv(raw, lit(spec.schema().add(CORRUPT, DataTypes.StringType).toDDL()), CSV_OPTIONS);
    String expected = n + " fields (" + String.join(",", spec.schema().fieldNames()) + ")";
    Column quotes = functions.size(functions.split(raw, "\"", -1)).minus(1);
    Column blank = functions.trim(raw).equalTo("");
    Column unclosed = quotes.mod(2).equalTo(1);
    Column more = oneMore.getField("_more").isNotNull();
    List<Column> out = new java.util.ArrayList<>();
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

  /** For telling why a line failed: every field as text, an empty field kept as "". */
  private static final Map<String, String> TEXT_OPTIONS =
      Map.of(
          "mode", "PERMISSIVE",
          "columnNameOfCorruptRecord", CORRUPT,
          "quote", "\"",
          "escape", "\"",
          "nullValue", "\u0001no-null\u0001");

  /**
   * The file's first line, checked against the declared column names; returned without a UTF-8
   * byte-order mark, as Hadoop's line reader (which drops the mark) will see it.
   *
   * @throws BadSourceException naming the file, line 1 and the column at fault
   */
  private String checkHeader(String path, SourceSpec spec) {
    String first = firstLine(path);
    String problem = headerProblem(first, List.of(spec.schema().fieldNames()));
    if (problem != null) {
      throw new BadSourceException("source '" + spec.name() + "': " + path + problem);
    }
    return first.startsWith("\uFEFF") ? first.substring(1) : first;
  }

  /**
   * What is wrong with a present file's header, or empty when nothing is: a check that reads one
   * line, so a run can refuse every bad file before it builds anything.
   */
  public java.util.Optional<String> headerProblem(SourceSpec spec) {
    String path = pathOf(spec.fileName());
    if (!exists(path)) {
      return java.util.Optional.empty();
    }
    String problem = headerProblem(firstLine(path), List.of(spec.schema().fieldNames()));
    return java.util.Optional.ofNullable(problem)
        .map(p -> "source '" + spec.name() + "': " + path + p);
  }

  /** A UTF-8 reader of a file on any Hadoop file system. */
  private java.io.BufferedReader open(String path) throws IOException {
    Path p = new Path(path);
    return new java.io.BufferedReader(
        new java.io.InputStreamReader(
            fileSystem(p).open(p), java.nio.charset.StandardCharsets.UTF_8));
  }

  private String firstLine(String path) {
    try (var in = open(path)) {
      return in.readLine();
    } catch (IOException e) {
      throw StoreErrors.explain(path, e);
    }
  }

  /**
   * Compares a header line with the expected names: null when it matches (case aside, quotes and a
   * byte-order mark ignored), else the problem, starting with " is empty" or " line 1: ...".
   */
  static String headerProblem(String first, List<String> expected) {
    String want = String.join(",", expected);
    if (first == null || first.isBlank()) {
      return (first == null ? " is empty" : " line 1 is blank")
          + "; expected a header line "
          + want;
    }
    String cleaned = (first.startsWith("\uFEFF") ? first.substring(1) : first).strip();
    List<String> names = new java.util.ArrayList<>();
    for (String n : cleaned.split(",", -1)) {
      names.add(n.strip().replace("\"", ""));
    }
    String at = " line 1: header '" + shorten(cleaned) + "'";
    if (names.size() == 1 && expected.size() > 1) {
      for (String sep : List.of(";", "\t", "|")) {
        if (cleaned.split(java.util.regex.Pattern.quote(sep), -1).length == expected.size()) {
          return at
              + " is separated by '"
              + (sep.equals("\t") ? "\\t" : sep)
              + "', expected ',' (comma-separated values with a header "
              + want
              + ")";
        }
      }
    }
    boolean allNumbersOrData =
        expected.stream().noneMatch(e -> names.stream().anyMatch(n -> n.equalsIgnoreCase(e)));
    if (allNumbersOrData) {
      return at
          + " names none of the expected columns: the file has no header line? expected "
          + want;
    }
    java.util.Set<String> lowerNames = new java.util.HashSet<>();
    names.forEach(n -> lowerNames.add(n.toLowerCase(java.util.Locale.ROOT)));
    java.util.Set<String> lowerExpected = new java.util.HashSet<>();
    expected.forEach(n -> lowerExpected.add(n.toLowerCase(java.util.Locale.ROOT)));
    List<String> missing =
        expected.stream()
            .filter(e -> !lowerNames.contains(e.toLowerCase(java.util.Locale.ROOT)))
            .toList();
    List<String> extra =
        names.stream()
            .filter(n -> !lowerExpected.contains(n.toLowerCase(java.util.Locale.ROOT)))
            .toList();
    if (!missing.isEmpty()) {
      return at
          + " lacks column"
          + (missing.size() > 1 ? "s " : " ")
          + String.join(", ", missing)
          + (extra.isEmpty() ? "" : " and has unexpected " + String.join(", ", extra))
          + "; expected "
          + want;
    }
    if (!extra.isEmpty()) {
      return at
          + " has unexpected column"
          + (extra.size() > 1 ? "s " : " ")
          + String.join(", ", extra)
          + " (column "
          + (names.indexOf(extra.get(0)) + 1)
          + "); expected "
          + want;
    }
    for (int i = 0; i < expected.size(); i++) {
      if (i >= names.size() || !names.get(i).equalsIgnoreCase(expected.get(i))) {
        return at
            + ": column "
            + (i + 1)
            + " is "
            + (i < names.size() ? "'" + names.get(i) + "'" : "missing")
            + ", expected '"
            + expected.get(i)
            + "' (columns are read by position; expected "
            + want
            + ")";
      }
    }
    return names.size() == expected.size() ? null : at + " repeats a column; expected " + want;
  }

  private static String shorten(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
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
    String path = pathOf(spec.fileName());
    List<String> lines = allLines(path);
    List<String> problems = new java.util.ArrayList<>();
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
            + path
            + " "
            + String.join(", ", problems)
            + (count > bad.size() ? " (and " + (count - bad.size()) + " more lines)" : ""));
  }

  /** Every line of a small file, as Hadoop's line reader splits them (LF or CRLF, no BOM). */
  private List<String> allLines(String path) {
    try (var in = open(path)) {
      List<String> out = new java.util.ArrayList<>(in.lines().toList());
      if (!out.isEmpty() && out.get(0).startsWith("\uFEFF")) {
        out.set(0, out.get(0).substring(1));
      }
      return out;
    } catch (IOException e) {
      throw StoreErrors.explain(path, e);
    }
  }

  /** Reads a file; an absent optional file reads as an empty dataset with the schema. */
  public Dataset<Row> readOrEmpty(SourceSpec spec) {
    if (!spec.required() && !exists(spec)) {
      return spark.createDataFrame(List.of(), spec.schema());
    }
    return read(spec);
  }

  /**
   * What identifies the file's content cheaply ({@link FileStamp}: length, modification time and
   * the store's content tag where it keeps one, no read), or "absent".
   */
  public String stamp(SourceSpec spec) {
    String path = pathOf(spec.fileName());
    try {
      return FileStamp.of(fileSystem(new Path(path)), path);
    } catch (java.io.FileNotFoundException absent) {
      return path + " absent";
    } catch (IOException | RuntimeException e) {
      throw StoreErrors.explain(path, e);
    }
  }

  private String qualified(String path) {
    Path p = new Path(path);
    try {
      return fileSystem(p).makeQualified(p).toUri().toString();
    } catch (IOException e) {
      throw StoreErrors.explain(path, e);
    }
  }

  private org.apache.hadoop.fs.FileStatus status(String path) throws IOException {
    Path p = new Path(path);
    return fileSystem(p).getFileStatus(p);
  }

  /** The file system of a path, configured as the session's (s3a settings included). */
  private FileSystem fileSystem(Path p) throws IOException {
    return p.getFileSystem(spark.sparkContext().hadoopConfiguration());
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
      Path p = new Path(path);
      return fileSystem(p).isFile(p);
    } catch (IOException | RuntimeException e) {
      throw StoreErrors.explain(path, e);
    }
  }
}
