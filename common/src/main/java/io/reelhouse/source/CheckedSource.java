package io.reelhouse.source;

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

  public void release() {
    parsed.unpersist();
  }
}
