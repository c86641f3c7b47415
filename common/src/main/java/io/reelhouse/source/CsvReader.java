package io.reelhouse.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

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
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + path + ": " + e.getMessage(), e);
    }
  }
}
