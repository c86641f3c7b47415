package io.reelhouse.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import io.reelhouse.config.Settings;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * dbt's source freshness: per source, when its newest event happened (the maximum of its event time
 * column, or the file's modification time), and whether that is older than the source's warn-after
 * / error-after.
 */
public final class Freshness {
  private final SparkSession spark;
  private final CsvReader reader;
  private final Map<String, Settings.Freshness> criteria;

  public Freshness(SparkSession spark, CsvReader reader, Map<String, Settings.Freshness> criteria) {
    this.spark = spark;
    this.reader = reader;
    this.criteria = criteria;
  }

  /** Outcome of one source: pass, warn, error, or runtime error (it could not be read). */
  public enum Status {
    PASS,
    WARN,
    ERROR,
    RUNTIME_ERROR;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
  }

  /**
   * @param source the source
   * @param newest its newest event; null if unknown
   * @param basis where newest comes from: the column, or "file modified"
   * @param age how long ago, at the check
   * @param status verdict against the criteria
   * @param criteria the source's thresholds; null when it has none
   * @param message why, for runtime errors
   */
  public record Result(
      SourceSpec source,
      Instant newest,
      String basis,
      Duration age,
      Status status,
      Settings.Freshness criteria,
      String message) {}

  public List<Result> check(List<SourceSpec> sources, Instant now) {
    List<Result> out = new ArrayList<>();
    for (SourceSpec s : sources) {
      Settings.Freshness c = criteria.get(s.name());
      try {
        if (!reader.exists(s)) {
          if (s.required()) {
            out.add(
                new Result(
                    s,
                    null,
                    "",
                    null,
                    Status.RUNTIME_ERROR,
                    c,
                    "file not found: " + reader.pathOf(s.fileName())));
          }
          continue;
        }
        Instant newest;
        String basis;
        if (s.eventTime() != null) {
          CheckedSource checked = reader.readChecked(s);
          try {
            Row r = checked.good().agg(max(col(s.eventTime()))).head();
            newest = r.isNullAt(0) ? null : toInstant(r.get(0));
          } finally {
            checked.release();
          }
          basis = "max(" + s.eventTime() + ")";
        } else {
          Path p = new Path(reader.pathOf(s.fileName()));
          newest =
              Instant.ofEpochMilli(
                  p.getFileSystem(spark.sparkContext().hadoopConfiguration())
                      .getFileStatus(p)
                      .getModificationTime());
          basis = "file modified";
        }
        if (newest == null) {
          out.add(
              new Result(
                  s, null, basis, null, c == null ? Status.PASS : Status.ERROR, c, "no rows"));
          continue;
        }
        Duration age = Duration.between(newest, now);
        out.add(new Result(s, newest, basis, age, verdict(age, c), c, null));
      } catch (IOException | RuntimeException e) {
        out.add(
            new Result(
                s, null, "", null, Status.RUNTIME_ERROR, c, io.reelhouse.model.Errors.oneLine(e)));
      }
    }
    return out;
  }

  private static Status verdict(Duration age, Settings.Freshness c) {
    if (c == null) {
      return Status.PASS;
    }
    if (c.errorAfter() != null && age.compareTo(c.errorAfter()) > 0) {
      return Status.ERROR;
    }
    if (c.warnAfter() != null && age.compareTo(c.warnAfter()) > 0) {
      return Status.WARN;
    }
    return Status.PASS;
  }

  private static Instant toInstant(Object v) {
    if (v instanceof Instant i) {
      return i;
    }
    if (v instanceof java.sql.Timestamp t) {
      return t.toInstant();
    }
    if (v instanceof Number n) {
      return Instant.ofEpochSecond(n.longValue());
    }
    throw new IllegalArgumentException(
        "event time must be epoch seconds or a timestamp, got " + v.getClass().getSimpleName());
  }
}
