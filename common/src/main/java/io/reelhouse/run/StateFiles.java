package io.reelhouse.run;

import io.reelhouse.model.Model;
import io.reelhouse.model.RunContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small text files a run keeps per model in the warehouse's state folder, named {@code
 * <schema>.<table>.<kind>} (fingerprint, shape, read marks, change-feed version, notes), read and
 * written through Hadoop's FileSystem so they live wherever the tables do (local disk, S3, DBFS).
 * Without a state folder nothing is kept and every read is empty.
 */
final class StateFiles {
  private static final Logger LOG = LoggerFactory.getLogger(StateFiles.class);

  private final RunContext ctx;
  private final String folder;

  StateFiles(RunContext ctx) {
    this.ctx = ctx;
    this.folder = ctx.warehouse().stateFolder().orElse(null);
  }

  boolean enabled() {
    return folder != null;
  }

  /** The file's text, stripped; empty when there is no state folder or the file is missing. */
  Optional<String> read(Model m, String kind) {
    if (folder == null) {
      return Optional.empty();
    }
    Path p = pathOf(m, kind);
    try {
      FileSystem fs = fs(p);
      if (!fs.exists(p)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(p)) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // an unreadable state counts as absent: the model is rebuilt
    }
  }

  /** Writes the file; a failure is logged, not fatal (without it the model is rebuilt). */
  void write(Model m, String kind, String text) {
    if (folder == null) {
      return;
    }
    try {
      create(pathOf(m, kind), text);
    } catch (IOException e) {
      LOG.warn("cannot record model state in {}: {}", pathOf(m, kind), e.toString());
    }
  }

  /** Writes the file or fails the model (for notes that guard against double counting). */
  void writeOrFail(Model m, String kind, String text) {
    Path p = pathOf(m, kind);
    try {
      create(p, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + p + ": " + e.getMessage(), e);
    }
  }

  /** Deletes the file if there is one; a failure is logged. */
  void delete(Model m, String kind) {
    if (folder == null) {
      return;
    }
    Path p = pathOf(m, kind);
    try {
      fs(p).delete(p, false);
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", p, e.toString());
    }
  }

  private void create(Path p, String text) throws IOException {
    try (FSDataOutputStream out = fs(p).create(p, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private Path pathOf(Model m, String kind) {
    return new Path(folder + "/" + ctx.tableOf(m).qualified() + "." + kind);
  }

  private FileSystem fs(Path p) throws IOException {
    return p.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration());
  }
}
