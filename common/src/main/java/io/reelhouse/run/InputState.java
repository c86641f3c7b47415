package io.reelhouse.run;

import io.reelhouse.model.Materialization;
import io.reelhouse.model.Model;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.model.Project;
import io.reelhouse.model.RunContext;
import io.reelhouse.model.SeedModel;
import io.reelhouse.source.ReadMark;
import io.reelhouse.source.SourceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each published model was last built from, so that a build skips a model whose inputs have
 * not changed: the cost of a run follows what changed, not the size of the history.
 *
 * <p>A model's inputs fingerprint hashes: the model's class file and declaration (refs, sources,
 * rules, materialization), the settings that shape its output, the length and modification time of
 * every raw file and seed it reads (directly or through the views and ephemerals it builds inline),
 * and the recorded fingerprints of the published models it refs or checks against (relationships).
 * So a change anywhere upstream reaches everything downstream, and a model rebuilt from unchanged
 * inputs keeps its fingerprint.
 *
 * <p>Safety: the fingerprint is written only after the model's table is published, so a crash in
 * between means a rebuild next time, never a skip of a table that does not hold what its state
 * says. An unreadable state file counts as absent. Kept in the warehouse's {@link
 * io.reelhouse.warehouse.Warehouse#stateFolder()} (beside Delta tables, shared by every machine
 * writing them); a warehouse without one rebuilds every model. {@code --full-refresh} rebuilds
 * everything and records what it built from, like any build, so the next build skips what has not
 * changed since.
 */
public final class InputState {
  private static final Logger LOG = LoggerFactory.getLogger(InputState.class);

  private final RunContext ctx;
  private final String folder;
  private final String settings;

  /**
   * @param settings the settings that shape models' output, as text (look-back, quality)
   */
  InputState(RunContext ctx, String settings) {
    this.ctx = ctx;
    this.folder = ctx.warehouse().stateFolder().orElse(null);
    this.settings = settings;
  }

  /** Whether skipping is possible at all here. */
  boolean enabled() {
    return folder != null;
  }

  /** The model's inputs fingerprint now. */
  String fingerprint(Model m) {
    List<String> parts = new ArrayList<>();
    parts.add("reelhouse-state-1");
    parts.add(settings);
    collect(m, parts, new TreeSet<>(), false);
    return sha256(String.join("\n", parts));
  }

  /**
   * What an incremental model's existing rows depend on besides the rows it merges: its code and
   * declaration (and those of the views it builds inline), the settings, and the recorded
   * fingerprints of the published tables it refs that are not incremental themselves (a seed, a
   * dimension). When it changes, merging new rows is not enough: the model is rebuilt whole.
   */
  String shape(Model m) {
    List<String> parts = new ArrayList<>();
    parts.add("reelhouse-shape-1");
    parts.add(settings);
    collect(m, parts, new TreeSet<>(), true);
    return sha256(String.join("\n", parts));
  }

  /** Whether the shape recorded at the model's last publish is its shape now. */
  boolean sameShape(Model m) {
    return folder != null && shape(m).equals(read(shapeOf(m)).orElse(null));
  }

  /** Records the shape of an incremental model just published. */
  void recordShape(Model m) {
    if (folder != null) {
      write(shapeOf(m), shape(m));
    }
  }

  private Path shapeOf(Model m) {
    return new Path(folder + "/" + ctx.tableOf(m).qualified() + ".shape");
  }

  /**
   * @param shapeOnly leave out raw files and seeds' stamps and incremental refs (see {@link
   *     #shape})
   */
  private void collect(Model m, List<String> parts, java.util.Set<String> seen, boolean shapeOnly) {
    if (!seen.add(m.name())) {
      return;
    }
    Project project = ctx.project();
    parts.add("model " + m.name() + " " + m.info() + " class " + classHash(m.getClass()));
    if (m instanceof SeedModel seed && !shapeOnly) {
      parts.add(
          ctx.seeds().stamp(new SourceSpec(seed.name(), seed.fileName(), seed.schema(), true)));
    }
    if (!shapeOnly) {
      for (String source : m.info().sources()) {
        parts.add(ctx.sources().stamp(project.source(source)));
      }
    }
    List<String> upstream = new ArrayList<>(m.info().refs());
    for (var rule : shapeOnly ? List.<io.reelhouse.quality.Rule>of() : m.info().rules()) {
      // A relationships rule checks against another model: it is an input of the audit.
      if (rule.assertion() instanceof io.reelhouse.quality.Assertion.Relationship rel) {
        upstream.add(rel.toModel());
      }
    }
    for (String ref : upstream) {
      Model up = project.require(ref);
      if (up.info().materialization().isPublished()) {
        if (shapeOnly && up.info().materialization() == Materialization.INCREMENTAL) {
          continue;
        }
        parts.add(
            "ref " + ref + " " + recorded(up).orElse("unknown " + java.util.UUID.randomUUID()));
      } else {
        collect(up, parts, seen, shapeOnly);
      }
    }
  }

  /** The fingerprint recorded when the model was last published, if any. */
  Optional<String> recorded(Model m) {
    if (folder == null) {
      return Optional.empty();
    }
    return read(fileOf(m)).filter(text -> text.matches("[0-9a-f]{64}"));
  }

  /** A state file's text, stripped; empty when it is missing or unreadable. */
  private Optional<String> read(Path p) {
    try {
      FileSystem fs = p.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(p)) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // unreadable state: rebuild
    }
  }

  /** Records the fingerprint of a model just published. */
  void record(Model m, String fingerprint) {
    if (folder != null) {
      write(fileOf(m), fingerprint);
    }
  }

  private void write(Path p, String text) {
    try {
      FileSystem fs = p.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration());
      try (FSDataOutputStream out = fs.create(p, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // Not fatal: without a state the model is rebuilt next time.
      LOG.warn("cannot record model state in {}: {}", p, e.toString());
    }
  }

  /** Forgets a model's state (before it is rebuilt, so a crash mid-publish cannot skip it). */
  void forget(Model m) {
    if (folder == null) {
      return;
    }
    Path p = fileOf(m);
    try {
      p.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration()).delete(p, false);
    } catch (IOException e) {
      LOG.warn("cannot clear the inputs of {}: {}", m.name(), e.toString());
    }
  }

  /** The text of the model's note {@code <table>.<kind>} in the state folder, if any. */
  Optional<String> readNote(Model m, String kind) {
    return folder == null ? Optional.empty() : read(noteOf(m, kind));
  }

  /** Writes the model's note; unlike a state, a note that cannot be written fails the model. */
  void writeNote(Model m, String kind, String text) {
    Path p = noteOf(m, kind);
    try {
      FileSystem fs = p.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration());
      try (FSDataOutputStream out = fs.create(p, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + p + ": " + e.getMessage(), e);
    }
  }

  /** Deletes the model's note, if any. */
  void deleteNote(Model m, String kind) {
    Path p = noteOf(m, kind);
    try {
      p.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration()).delete(p, false);
    } catch (IOException e) {
      ctx.log().println("warning: cannot delete " + p + ": " + e);
    }
  }

  private Path noteOf(Model m, String kind) {
    return new Path(folder + "/" + ctx.tableOf(m).qualified() + "." + kind);
  }

  private Path fileOf(Model m) {
    return new Path(folder + "/" + ctx.tableOf(m).qualified() + ".sha256");
  }

  /**
   * How far the model's last successful run read each raw file (for incremental models: the next
   * merge reads only what was appended since); empty without a state folder or a record.
   */
  Map<String, ReadMark> marks(Model m) {
    Map<String, ReadMark> out = new TreeMap<>();
    if (folder == null) {
      return out;
    }
    // Missing or unreadable: the files are read whole.
    for (String line : read(marksOf(m)).orElse("").split("\n")) {
      int sp = line.indexOf(' ');
      ReadMark mark = sp < 0 ? null : ReadMark.parse(line.substring(sp + 1));
      if (mark != null) {
        out.put(line.substring(0, sp), mark);
      }
    }
    return out;
  }

  /** Records how far a model just published read its raw files. */
  void recordMarks(Model m, Map<String, ReadMark> marks) {
    if (folder == null || marks.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder();
    marks.forEach(
        (source, mark) -> text.append(source).append(' ').append(mark.text()).append('\n'));
    write(marksOf(m), text.toString()); // not fatal: the files are read whole next time
  }

  /**
   * The version of {@code ref}'s table up to which the model last read its changes ({@link
   * ModelInfo#changesOf}), if recorded for that ref.
   */
  OptionalLong changesRead(Model m, String ref) {
    if (folder == null) {
      return OptionalLong.empty();
    }
    // Unreadable or another ref's: the look-back window is read.
    String[] text = read(changesOf(m)).orElse("").split(" ");
    return text.length == 2 && text[0].equals(ref) && text[1].matches("[0-9]{1,18}")
        ? OptionalLong.of(Long.parseLong(text[1]))
        : OptionalLong.empty();
  }

  /** Records the version of {@code ref}'s table a model just published has read up to. */
  void recordChangesRead(Model m, String ref, long version) {
    if (folder != null) {
      write(changesOf(m), ref + " " + version); // not fatal: the next merge reads the look-back
    }
  }

  private Path changesOf(Model m) {
    return new Path(folder + "/" + ctx.tableOf(m).qualified() + ".changes-of");
  }

  private Path marksOf(Model m) {
    return new Path(folder + "/" + ctx.tableOf(m).qualified() + ".marks");
  }

  private static String classHash(Class<?> c) {
    try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
      return in == null ? "?" : DigestUtils.sha256Hex(in);
    } catch (IOException e) {
      return "?";
    }
  }

  private static String sha256(String s) {
    return DigestUtils.sha256Hex(s.getBytes(StandardCharsets.UTF_8));
  }
}
