package io.reelhouse.run;

import io.reelhouse.model.Model;
import io.reelhouse.model.SqlModel;
import io.reelhouse.warehouse.ChangeFeed;
import io.reelhouse.warehouse.TableChanges;
import io.reelhouse.warehouse.TableId;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * An incremental SQL model that declares {@link io.reelhouse.model.ModelInfo#changesOf} a ref reads
 * only the rows that ref changed since the model's last run, from the warehouse's {@link
 * ChangeFeed}; without a feed, or without a record of where it read up to, it reads its look-back
 * window.
 */
final class ChangeFeedReads {
  private ChangeFeedReads() {}

  /** The rows the model builds from its ref's changed rows; empty (and a note why) when unknown. */
  static Optional<Dataset<Row>> rows(Model m, RunScope run) {
    String ref = m.info().changesOf();
    if (ref == null || !(m instanceof SqlModel sql)) {
      return Optional.empty();
    }
    if (!(run.ctx.warehouse() instanceof ChangeFeed feed)) {
      run.note(
          m,
          ref
              + ": reads its look-back window: "
              + run.ctx.warehouse().getClass().getSimpleName()
              + " keeps no change feed");
      return Optional.empty();
    }
    Model up = run.ctx.project().require(ref);
    OptionalLong after = run.state.changesRead(m, ref);
    if (after.isEmpty()) {
      run.note(
          m, ref + ": no record of the version this model last read; reads its look-back window");
      return Optional.empty();
    }
    TableChanges changed =
        feed.changesAfter(run.tableOf(up), after.getAsLong(), up.info().uniqueKey());
    if (changed.rows().isEmpty()) {
      run.note(m, ref + ": reads its look-back window: " + changed.whyNot());
      return Optional.empty();
    }
    String view = "reelhouse_changes_of_" + ref + "_for_" + m.name();
    changed.rows().get().createOrReplaceTempView(view);
    run.note(
        m,
        ref
            + ": read only the rows it changed after version "
            + after.getAsLong()
            + " (its change feed)");
    return Optional.of(run.ctx.warehouse().sql(run.ctx.sqlOf(sql, Map.of(ref, view))));
  }

  /**
   * After a model that reads a ref's changes is published: the ref's table records its changes from
   * now on, and the version the model has read up to is kept for its next merge.
   */
  static void recordRead(Model m, RunScope run) {
    String ref = m.info().changesOf();
    if (ref == null || !(run.ctx.warehouse() instanceof ChangeFeed feed)) {
      return;
    }
    TableId refTable = run.tableOf(run.ctx.project().require(ref));
    feed.recordChanges(refTable);
    feed.version(refTable).ifPresent(v -> run.state.recordChangesRead(m, ref, v));
  }
}
