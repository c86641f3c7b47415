package io.reelhouse.movielens.generate;

import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/** A CSV file written under a temporary name, renamed when closed; reports progress. */
final class CsvFile implements AutoCloseable {
  private static final CsvWriter FIELD = fieldWriter();

  private static CsvWriter fieldWriter() {
    CsvWriterSettings settings = new CsvWriterSettings();
    settings.setIgnoreLeadingWhitespaces(false);
    settings.setIgnoreTrailingWhitespaces(false);
    settings.setQuoteEscapingEnabled(true);
    return new CsvWriter(settings);
  }

  private final PrintStream progress;
  private final Path target;
  private final Path tmp;
  private final Writer w;
  private final long expected;
  private final long started = System.nanoTime();
  private long rows;
  private boolean finished;
  private long lastReport = System.nanoTime();

  CsvFile(PrintStream progress, Path dir, String name, String header, long expectedRows)
      throws IOException {
    this.progress = progress;
    this.target = dir.resolve(name);
    this.tmp = dir.resolve("." + name + ".tmp");
    this.w =
        new BufferedWriter(
            new OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8), 1 << 20);
    this.expected = expectedRows;
    w.write(header);
    w.write('\n');
  }

  void row(CharSequence line) throws IOException {
    w.append(line).append('\n');
    rows++;
    if ((rows & 0xFFFF) == 0 && System.nanoTime() - lastReport > 5_000_000_000L) {
      lastReport = System.nanoTime();
      progress.printf(
          Locale.ROOT,
          "  %s: %,d of %,d rows (%.0f%%)%n",
          target.getFileName(),
          rows,
          expected,
          100.0 * rows / Math.max(1, expected));
    }
  }

  /** Completes the file: flushes it and moves it to its real name. */
  MovieLensGenerator.FileStats finish() throws IOException {
    w.close();
    finished = true;
    long bytes = Files.size(tmp);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    progress.printf(
        Locale.ROOT,
        "  wrote %s: %,d rows in %.1fs%n",
        target.getFileName(),
        rows,
        (System.nanoTime() - started) / 1e9);
    return new MovieLensGenerator.FileStats(target.getFileName().toString(), rows, bytes);
  }

  /** An unfinished file (an error midway) is deleted, never left half-written. */
  @Override
  public void close() throws IOException {
    if (!finished) {
      w.close();
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * RFC 4180 quoting by univocity (Spark's CSV library): only fields with a comma, quote or line
   * break, quotes doubled, spaces kept. Text fields only; the numeric lines are built directly.
   */
  static String quote(String field) {
    return FIELD.writeRowToString(field);
  }
}
