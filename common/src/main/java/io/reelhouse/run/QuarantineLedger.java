package io.reelhouse.run;

import static org.apache.spark.sql.functions.lit;

import io.reelhouse.model.Model;
import io.reelhouse.model.RunContext;
import io.reelhouse.warehouse.TableId;
import io.reelhouse.warehouse.Warehouse;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Rows a model sets aside in quarantine, kept only once the model's run is complete: a run killed
 * between a model's quarantine write and its publish (two tables cannot share one commit) leaves
 * rows behind that its rerun sets aside again, and the rerun removes them first, so each rejected
 * row is in quarantine once.
 *
 * <p>Before a model's first quarantine write of a run, a note {@code <table>.quarantined} in the
 * state folder names the run and each quarantine table it writes to; quarantined rows carry their
 * run's id. The note is removed after the model's state is recorded ({@link InputState#record}),
 * which comes after its publish. When the model is built again and finds a note, the noted run is
 * complete if a state is recorded (the state was cleared before that run wrote anything): the note
 * goes. If not, that run's rows are deleted from the noted tables, then the note goes. Without a
 * state folder (Snowflake) rows are appended as they come.
 */
final class QuarantineLedger {
  static final String NOTE = "quarantined";
  private static final String RUN_ID =
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  private final RunContext ctx;
  private final InputState state;
  private final RunListener listener;
  private final String runId;
  private final Instant runStart;

  /** Quarantine tables each model of this run wrote to. */
  private final Map<String, Set<TableId>> written = new TreeMap<>();

  QuarantineLedger(
      RunContext ctx, InputState state, RunListener listener, String runId, Instant runStart) {
    this.ctx = ctx;
    this.listener = listener;
    this.state = state;
    this.runId = runId;
    this.runStart = runStart;
  }

  /**
   * Before the model is built: settles a note an earlier run left, then clears the model's state (a
   * crash from here on must not leave an old state that matches).
   */
  void beforeRebuild(Model m) {
    Optional<String> note = state.readNote(m, NOTE);
    if (note.isPresent()) {
      if (state.recorded(m).isEmpty()) {
        removeRowsOf(m, note.get());
      }
      state.deleteNote(m, NOTE);
    }
    state.forget(m);
  }

  /**
   * Appends rows the model set aside in this run, stamped with the run's id and start, to a
   * quarantine table; notes the write first.
   */
  void append(Model m, TableId quarantine, Dataset<Row> rows) {
    Set<TableId> tables = written.computeIfAbsent(m.name(), k -> new LinkedHashSet<>());
    if (tables.add(quarantine) && state.enabled()) {
      StringBuilder text = new StringBuilder(runId);
      tables.forEach(t -> text.append('\n').append(t.schema()).append(' ').append(t.name()));
      state.writeNote(m, NOTE, text.toString());
    }
    ctx.warehouse()
        .append(
            quarantine,
            rows.withColumn("run_id", lit(runId)).withColumn("quarantined_at", lit(runStart)));
    FaultHook.at(m.name(), "after-quarantine");
  }

  /** After the model's state is recorded: its rows of this run are kept. */
  void complete(Model m) {
    if (written.remove(m.name()) != null && state.enabled()) {
      state.deleteNote(m, NOTE);
    }
  }

  private void removeRowsOf(Model m, String note) {
    String[] lines = note.split("\n");
    if (!lines[0].matches(RUN_ID)
        || Arrays.stream(lines).skip(1).anyMatch(l -> l.split(" ").length != 2)) {
      throw new IllegalStateException(
          "unreadable quarantine note of "
              + m.name()
              + " in the state folder (a run id, then one \"schema table\" a line): delete the note"
              + " and the rows of its run from the model's quarantine tables");
    }
    Warehouse wh = ctx.warehouse();
    for (int i = 1; i < lines.length; i++) {
      String[] t = lines[i].split(" ");
      TableId table = new TableId(t[0], t[1]);
      if (wh.exists(table)) {
        // Delta's DELETE, through the session's SQL: the note exists only where the state folder
        // does, on a Delta warehouse.
        wh.sql(
            "DELETE FROM `"
                + table.schema()
                + "`.`"
                + table.name()
                + "` WHERE run_id = '"
                + lines[0]
                + "'");
        listener.note(
            m,
            "removed from "
                + table
                + " the rows of run "
                + lines[0]
                + ", which did not finish it (this run sets them aside again)");
      }
    }
  }
}
