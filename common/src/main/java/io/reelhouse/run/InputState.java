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
  private final RunContext ctx;
  private final StateFiles files;
  private final String settings;

  /**
   * @param settings the settings that shape models' output, as text (look-back, quality)
   */
  InputState(RunContext ctx, String settings) {
    this.ctx = ctx;
    this.files = new StateFiles(ctx);
    this.settings = settings;
  }

  /** Whether skipping is possible at all here. */
  boolean enabled() {
    return files.enabled();
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
    return files.enabled() && shape(m).equals(files.read(m, "shape").orElse(null));
  }

  /** Records the shape of an incremental model just published. */
  void recordShape(Model m) {
    if (files.enabled()) {
      files.write(m, "shape", shape(m));
    }
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
    return files.read(m, "sha256").filter(text -> text.matches("[0-9a-f]{64}"));
  }

  /** Records the fingerprint of a model just published. */
  void record(Model m, String fingerprint) {
    files.write(m, "sha256", fingerprint);
  }

  /** Forgets a model's state (before it is rebuilt, so a crash mid-publish cannot skip it). */
  void forget(Model m) {
    files.delete(m, "sha256");
  }

  /** The text of the model's note {@code <table>.<kind>} in the state folder, if any. */
  Optional<String> readNote(Model m, String kind) {
    return files.read(m, kind);
  }

  /** Writes the model's note; unlike a state, a note that cannot be written fails the model. */
  void writeNote(Model m, String kind, String text) {
    files.writeOrFail(m, kind, text);
  }

  /** Deletes the model's note, if any. */
  void deleteNote(Model m, String kind) {
    files.delete(m, kind);
  }

  /**
   * How far the model's last successful run read each raw file (for incremental models: the next
   * merge reads only what was appended since); empty without a state folder or a record.
   */
  Map<String, ReadMark> marks(Model m) {
    Map<String, ReadMark> out = new TreeMap<>();
    // Missing or unreadable: the files are read whole.
    for (String line : files.read(m, "marks").orElse("").split("\n")) {
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
    if (marks.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder();
    marks.forEach(
        (source, mark) -> text.append(source).append(' ').append(mark.text()).append('\n'));
    files.write(m, "marks", text.toString()); // not fatal: the files are read whole next time
  }

  /**
   * The version of {@code ref}'s table up to which the model last read its changes ({@link
   * ModelInfo#changesOf}), if recorded for that ref.
   */
  OptionalLong changesRead(Model m, String ref) {
    // Unreadable or another ref's: the look-back window is read.
    String[] text = files.read(m, "changes-of").orElse("").split(" ");
    return text.length == 2 && text[0].equals(ref) && text[1].matches("[0-9]{1,18}")
        ? OptionalLong.of(Long.parseLong(text[1]))
        : OptionalLong.empty();
  }

  /** Records the version of {@code ref}'s table a model just published has read up to. */
  void recordChangesRead(Model m, String ref, long version) {
    files.write(
        m, "changes-of", ref + " " + version); // not fatal: the next merge reads the look-back
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
