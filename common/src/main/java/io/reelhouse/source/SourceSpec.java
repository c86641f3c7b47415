package io.reelhouse.source;

import java.util.Objects;
import org.apache.spark.sql.types.StructType;

/**
 * One raw CSV file: its name in the source folder, its schema (never inferred), and whether a run
 * can go on without it.
 *
 * @param name the name models use in {@code ctx.source(name)}
 * @param fileName file name inside {@code source.path}
 * @param schema columns in file order, with their types
 * @param required a missing required file fails the run; a missing optional one reads as empty
 * @param eventTime column holding when each row happened (epoch seconds or a timestamp), for source
 *     freshness; null when the file has none (its modification time is used)
 * @param appendOnly the file only ever grows by lines added at its end (a log of events): an
 *     incremental model then reads only the lines added since its last run, checked by the first
 *     and last bytes it read then (see {@link ReadMark}); a file found rewritten is read whole
 */
public record SourceSpec(
    String name,
    String fileName,
    StructType schema,
    boolean required,
    String eventTime,
    boolean appendOnly) {
  public SourceSpec(String name, String fileName, StructType schema, boolean required) {
    this(name, fileName, schema, required, null, false);
  }

  public SourceSpec(
      String name, String fileName, StructType schema, boolean required, String eventTime) {
    this(name, fileName, schema, required, eventTime, false);
  }

  /** This source, with the column holding when each row happened (for source freshness). */
  public SourceSpec withEventTime(String column) {
    return new SourceSpec(name, fileName, schema, required, column, appendOnly);
  }

  /** This source, declared append-only. */
  public SourceSpec asAppendOnly() {
    return new SourceSpec(name, fileName, schema, required, eventTime, true);
  }

  public SourceSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(fileName, "fileName for source " + name);
    Objects.requireNonNull(schema, "schema for source " + name);
    if (schema.fields().length == 0) {
      throw new IllegalArgumentException("schema of source " + name + " has no columns");
    }
    if (eventTime != null && !java.util.List.of(schema.fieldNames()).contains(eventTime)) {
      throw new IllegalArgumentException(
          "event time column " + eventTime + " of source " + name + " is not in its schema");
    }
  }
}
