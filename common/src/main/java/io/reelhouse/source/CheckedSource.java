package io.reelhouse.source;

import io.reelhouse.spark.Sessions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A raw file parsed once for a run: the rows that fit the schema, and the lines that did not.
 *
 * @param spec the source
 * @param good rows that fit the declared schema, with its columns
 * @param malformed lines that did not: {@code source_file}, {@code raw_line}, {@code
 *     quarantine_reasons}
 * @param parsed the parsed file, kept (persisted) for the run; release it with {@link #release()}
 */
public record CheckedSource(
    SourceSpec spec, Dataset<Row> good, Dataset<Row> malformed, Dataset<Row> parsed) {

  /**
   * @param lines data lines read (header excluded)
   * @param malformed lines that did not fit the schema
   */
  public record Counts(long lines, long malformed) {}

  /**
   * Lines read and lines malformed, in one pass over the kept data. In a run this is the first
   * action on the parsed file, which reads it: the file is split finely then ({@link
   * Sessions#withFineFileSplits}).
   */
  public Counts counts() {
    Row r =
        Sessions.withFineFileSplits(
            parsed.sparkSession(),
            () ->
                parsed
                    .agg(
                        org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)),
                        org.apache.spark.sql.functions.count(
                            org.apache.spark.sql.functions.col("_corrupt_record")))
                    .head());
    return new Counts(r.getLong(0), r.getLong(1));
  }

  public void release() {
    parsed.unpersist();
  }
}
