package io.reelhouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** Small helpers for hand-written inputs. */
public final class Fixtures {
  private Fixtures() {}

  /**
   * A dataset of hand-written rows with a DDL schema, e.g. {@code "movie_id INT, title STRING"}.
   */
  public static Dataset<Row> rows(String ddl, Row... rows) {
    return TestSpark.session().createDataFrame(List.of(rows), StructType.fromDDL(ddl));
  }

  /** Writes text lines joined by {@code eol} (with a final {@code eol}) to {@code dir/name}. */
  public static Path file(Path dir, String name, String eol, String... lines) {
    try {
      Files.createDirectories(dir);
      Path p = dir.resolve(name);
      Files.writeString(p, String.join(eol, lines) + eol, StandardCharsets.UTF_8);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs {@code work} with the system property {@code key} set to {@code value}, then restores it.
   */
  public static void withSystemProperty(String key, String value, Runnable work) {
    String was = System.getProperty(key);
    System.setProperty(key, value);
    try {
      work.run();
    } finally {
      if (was == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, was);
      }
    }
  }
}
