package io.reelhouse.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.reelhouse.model.Materialization;
import io.reelhouse.model.Model;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.model.SqlModel;
import io.reelhouse.spark.Kept;
import io.reelhouse.warehouse.BuildsSqlInPlace;
import io.reelhouse.warehouse.KeyRange;
import io.reelhouse.warehouse.TableId;
import io.reelhouse.warehouse.Warehouse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * What changed since an incremental model's last run: whether it merges at all, where its sources
 * are read from, and which of the rows it builds are new or changed (today's rows newer than the
 * table's watermark minus {@code incremental.look-back}, less the rows the table already holds).
 */
final class ChangePlanner {
  static final String SHAPE_CHANGED =
      "its code, the settings or a table it refs that is not incremental (a seed, a dimension)"
          + " changed since it was built";

  private ChangePlanner() {}

  /**
   * Why a model does not merge new rows into its table in this run, or null when it does: it is
   * incremental, not SQL built where the data lives (that warehouse rebuilds it whole, where it is
   * cheap, rather than bring its rows through Spark), no full refresh was asked for, the table is
   * there, and what its existing rows depend on did not change ({@link InputState#shape}; without a
   * state folder it is assumed unchanged, as dbt does).
   */
  static String whyNotMerged(Model m, RunScope run) {
    if (m.info().materialization() != Materialization.INCREMENTAL) {
      return "not incremental";
    }
    if (m instanceof SqlModel && run.ctx.warehouse() instanceof BuildsSqlInPlace) {
      return "built where the data lives";
    }
    if (run.fullRefresh) {
      return "full refresh";
    }
    if (!run.ctx.warehouse().exists(run.tableOf(m))) {
      return "no table yet";
    }
    return run.state.enabled() && !run.state.sameShape(m) ? SHAPE_CHANGED : null;
  }

  /**
   * Where a view reads its append-only sources from: the lines its readers in this run will read,
   * that is from the earliest point any of them resumes at; whole if any reads it whole (one that
   * is not merged, or has no usable record of its last read) or if none runs.
   */
  static Map<String, Long> readFrom(Model view, RunScope run) {
    Map<String, Long> from = null;
    for (Model reader : run.runnable) {
      if (reader == view
          || !reader.info().materialization().isPublished()
          || !run.ctx.project().dag().ancestors(reader.name()).contains(view.name())
          || !run.ctx.sourcesReadBy(reader).containsAll(run.ctx.sourcesReadBy(view))) {
        continue;
      }
      Map<String, Long> its =
          whyNotMerged(reader, run) == null
              ? run.ctx.resumePoints(reader, run.state.marks(reader))
              : Map.of();
      if (from == null) {
        from = new TreeMap<>(its);
      } else {
        from.keySet().retainAll(its.keySet());
        from.replaceAll((source, at) -> Math.min(at, its.get(source)));
      }
    }
    return from == null ? Map.of() : from;
  }

  /** The rows of an incremental model that are new or changed since its last run. */
  static Changes changes(Model m, RunScope run) {
    ModelInfo info = m.info();
    Warehouse wh = run.ctx.warehouse();
    TableId table = run.tableOf(m);
    Optional<Dataset<Row>> fed = ChangeFeedReads.rows(m, run);
    if (fed.isPresent()) {
      // Changed rows of the ref make changed rows here: no look-back window to read, nothing the
      // table already holds to leave out (rows equal to the table's are not rewritten: the merge
      // updates only rows that differ).
      if (info.uniqueKey().isEmpty()) {
        return new Changes(Kept.keep(fed.get()), false);
      }
      // Ranged as they are kept: rows of keys the table cannot hold (new rows upstream) are
      // appended when no row of the table is in their range, without the merge's pass to range
      // them.
      KeyRange.Observed observed = KeyRange.observed(fed.get(), info.uniqueKey());
      Dataset<Row> kept = Kept.keep(observed.rows());
      boolean handedOver = false;
      try {
        KeyRange range = observed.range(kept);
        Changes changes = new Changes(kept, noneHeld(wh, table, range));
        handedOver = true;
        return changes;
      } finally {
        if (!handedOver) {
          Kept.release(kept);
        }
      }
    }
    Map<String, Long> from = run.ctx.resumePoints(m, run.state.marks(m));
    from.forEach((source, at) -> noteRead(m, run, source, at));
    Dataset<Row> candidates = run.ctx.buildFrom(m, from);
    Dataset<Row> whole = wh.read(table);
    Dataset<Row> published = whole;
    requireSameColumns(m, published.schema(), candidates.schema());
    String wm = info.watermarkColumn();
    Dataset<Row> news = candidates;
    if (wm != null) {
      Optional<Object> max = wh.max(table, wm);
      if (max.isPresent()) {
        Column after = col(wm).gt(lit(lowerBound(m, run, max.get())));
        news = news.filter(after);
        published = published.filter(after);
      }
    }
    // Rows the table already holds as they are (the look-back re-reads them) are left out: merged,
    // they would change nothing yet make the warehouse rewrite every file holding one.
    Dataset<Row> keptNews = null;
    boolean handedOver = false;
    try {
      if (!info.uniqueKey().isEmpty()) {
        // Only the table's rows in the key range of the new ones can equal one of them: a table
        // whose files hold narrow key ranges is then read only where they overlap (Delta skips
        // the other files by their statistics). The new rows are kept, and ranged in that pass.
        KeyRange.Observed observed = KeyRange.observed(news, info.uniqueKey());
        keptNews = Kept.keep(observed.rows());
        news = keptNews;
        KeyRange range = observed.range(keptNews);
        Column near = range.withinOrNull("");
        // Rows read from lines appended since the last run often all have new keys. When no row
        // of the table is in their key range (Delta answers from its files' statistics), none of
        // them can equal a row of the table or share its key: no re-read of the table's recent
        // rows, no search by the merge. Rows rebuilt from tables (a SQL model) are not probed.
        if (!from.isEmpty() && noneHeld(wh, table, range)) {
          handedOver = true;
          return new Changes(keptNews, true);
        }
        published = published.filter(near);
      }
      Column same = null;
      for (String c : news.columns()) {
        Column eq = news.col("`" + c + "`").eqNullSafe(published.col("`" + c + "`"));
        same = same == null ? eq : same.and(eq);
      }
      // Kept (computed now) for the run of this model: the audit's passes and the merge read the
      // same few rows, which would otherwise each re-read the table's recent rows.
      return new Changes(Kept.keep(news.join(published, same, "left_anti")), false);
    } finally {
      if (keptNews != null && !handedOver) {
        Kept.release(keptNews);
      }
    }
  }

  /**
   * Whether the table holds no row in the key range of some rows (none when there are no rows: an
   * empty append would leave the table's last commit, and its row counts, to be taken for this
   * write's), as its files' statistics answer.
   */
  private static boolean noneHeld(Warehouse wh, TableId table, KeyRange range) {
    return range.rows() > 0 && !wh.mayHoldKeysWithin(table, range, true);
  }

  private static void noteRead(Model m, RunScope run, String source, long at) {
    long added = run.ctx.markNow(source).end() - at;
    run.note(
        m,
        run.ctx.project().source(source).fileName()
            + (added == 0
                ? ": unchanged since the last run, not read"
                : String.format(
                    Locale.ROOT,
                    ": read only the %,d bytes added after byte %,d (the end of the last run's read)",
                    added,
                    at)));
  }

  /** The watermark minus the look-back window. */
  private static Object lowerBound(Model m, RunScope run, Object max) {
    if (max instanceof Instant i) {
      return i.minus(run.lookBack);
    }
    if (max instanceof java.sql.Timestamp ts) {
      return ts.toInstant().minus(run.lookBack);
    }
    if (max instanceof LocalDate d) {
      return d.minusDays(run.lookBack.toDays());
    }
    throw new IllegalStateException(
        "watermark column "
            + m.info().watermarkColumn()
            + " of "
            + m.name()
            + " must be a timestamp or a date, got "
            + max.getClass().getSimpleName());
  }

  private static void requireSameColumns(Model m, StructType table, StructType built) {
    boolean same = table.fields().length == built.fields().length;
    for (int i = 0; same && i < table.fields().length; i++) {
      same =
          table.fields()[i].name().equals(built.fields()[i].name())
              && table.fields()[i].dataType().equals(built.fields()[i].dataType());
    }
    if (!same) {
      throw new IllegalStateException(
          "columns of "
              + m.name()
              + " changed (table has "
              + table.simpleString()
              + ", model builds "
              + built.simpleString()
              + "); rebuild it with --full-refresh");
    }
  }
}
