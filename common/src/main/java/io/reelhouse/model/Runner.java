package io.reelhouse.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.reelhouse.config.Settings;
import io.reelhouse.quality.AuditResult;
import io.reelhouse.quality.Auditor;
import io.reelhouse.quality.Level;
import io.reelhouse.quality.RuleOutcome;
import io.reelhouse.scd.Scd2;
import io.reelhouse.scd.Snapshotter;
import io.reelhouse.source.CheckedSource;
import io.reelhouse.spark.JobGroup;
import io.reelhouse.spark.Kept;
import io.reelhouse.spark.Sessions;
import io.reelhouse.warehouse.KeyRange;
import io.reelhouse.warehouse.TableChanges;
import io.reelhouse.warehouse.TableId;
import io.reelhouse.warehouse.Warehouse;
import io.reelhouse.warehouse.WriteResult;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Runs selected models in dependency order, each in its own Spark job group, and reports one line
 * per model as it finishes (like dbt). Every published model goes through build, audit, publish,
 * record: its rules are audited with Deequ on the built rows, an error-level failure leaves the
 * published table exactly as it was, rows breaking row-level rules of a quarantining model go to
 * {@code <model>__quarantine}. A model that fails marks every model that depends on it as skipped;
 * the others go on.
 *
 * <p>Knobs: {@code incremental.look-back} (how far before the target's maximum watermark an
 * incremental run re-reads), {@code fullRefresh} (rebuild incremental models from scratch), the
 * {@code quality.*} settings.
 */
public final class Runner {
  private static final int LINE_WIDTH = 60;

  private final RunContext ctx;
  private final Duration lookBack;
  private final Settings.Quality quality;
  private final PrintStream out;
  private final Auditor auditor;
  private String runId = "";
  private boolean fullRefreshSnapshots;

  /** Lines about the model just run, printed after its progress line. */
  private final List<String> notes = new ArrayList<>();

  private Instant runStart = Instant.EPOCH;
  private InputState state;
  private QuarantineLedger quarantine;
  private List<Model> runnable = List.of();
  private boolean fullRefresh;

  public Runner(RunContext ctx, Duration lookBack, Settings.Quality quality, PrintStream out) {
    this.ctx = ctx;
    this.lookBack = lookBack;
    this.quality = quality;
    this.out = out;
    this.auditor = new Auditor(ctx.spark(), ctx::rowsOf);
  }

  /**
   * @param command name of the command, for the report
   * @param selected model names in topological order; ephemerals among them are not run
   * @param fullRefresh rebuild incremental models instead of merging
   */
  public RunReport run(String command, List<String> selected, boolean fullRefresh) {
    return run(command, selected, fullRefresh, false);
  }

  /**
   * @param fullRefreshSnapshots start snapshots' history over: history cannot be rebuilt from the
   *     source, so only when asked for explicitly
   */
  public RunReport run(
      String command, List<String> selected, boolean fullRefresh, boolean fullRefreshSnapshots) {
    this.fullRefreshSnapshots = fullRefreshSnapshots;
    runStart = Instant.now();
    runId = UUID.randomUUID().toString();
    long t0 = System.nanoTime();
    this.fullRefresh = fullRefresh;
    runnable = new ArrayList<>();
    for (String name : selected) {
      Model m = ctx.project().require(name);
      if (m.info().materialization() != Materialization.EPHEMERAL) {
        runnable.add(m);
      }
    }
    out.printf(Locale.ROOT, "Running %d models%n", runnable.size());
    List<ModelResult> results = new ArrayList<>();
    Set<String> failed = new HashSet<>();
    state = new InputState(ctx, "look-back " + lookBack + " " + quality);
    quarantine = new QuarantineLedger(ctx, state, runId, runStart);
    int i = 0;
    for (Model m : runnable) {
      i++;
      Optional<String> brokenParent =
          ctx.project().dag().ancestors(m.name()).stream().filter(failed::contains).findFirst();
      ModelResult r;
      if (brokenParent.isPresent()) {
        r =
            ModelResult.skipped(
                m, "skipped because upstream model " + brokenParent.get() + " failed");
        failed.add(m.name());
      } else {
        long s0 = System.nanoTime();
        // Taken in a full refresh too, and recorded after it: the next build skips what it built.
        String fingerprint = state.enabled() ? state.fingerprint(m) : null;
        if (!fullRefresh
            && !fullRefreshSnapshots
            && fingerprint != null
            && fingerprint.equals(state.recorded(m).orElse(null))
            && (m.info().materialization() == Materialization.VIEW
                || ctx.warehouse().exists(ctx.tableOf(m)))) {
          r =
              ModelResult.upToDate(
                  m,
                  m.info().materialization().isPublished() ? ctx.tableOf(m).qualified() : null,
                  (System.nanoTime() - s0) / 1e9);
        } else {
          r = recordSources(m, runOne(m, fullRefresh));
          if (r.status() != ModelResult.Status.SUCCESS) {
            failed.add(m.name());
          } else {
            if (fingerprint != null) {
              state.record(m, fingerprint);
              quarantine.complete(m);
            }
            if (m.info().materialization() == Materialization.INCREMENTAL) {
              state.recordMarks(m, ctx.marksReadBy(m));
              state.recordShape(m);
              recordChangesRead(m);
            }
          }
        }
      }
      results.add(r);
      ctx.releaseSourcesNotReadBy(runnable.subList(i, runnable.size()));
      out.println(progressLine(i, runnable.size(), r));
      printDetails(r);
    }
    ctx.release();
    double seconds = (System.nanoTime() - t0) / 1e9;
    RunReport report = new RunReport(command, runId, runStart, List.copyOf(results), seconds);
    out.printf(
        Locale.ROOT,
        "Finished %d models in %.1fs. PASS=%d ERROR=%d SKIP=%d TOTAL=%d%n",
        results.size(),
        seconds,
        report.count(ModelResult.Status.SUCCESS),
        report.count(ModelResult.Status.ERROR),
        report.count(ModelResult.Status.SKIPPED),
        results.size());
    return report;
  }

  private void printDetails(ModelResult r) {
    notes.forEach(out::println);
    notes.clear();
    for (RuleOutcome o : r.rules()) {
      if (!o.passed()) {
        out.println("    " + o.level().name() + " " + o.describe());
      }
    }
    if (r.rowsQuarantined() > 0 && r.relation() != null) {
      out.printf(
          Locale.ROOT,
          "    %,d of %,d rows quarantined in %s__quarantine%n",
          r.rowsQuarantined(),
          r.rowsIn(),
          r.relation());
    }
    if (r.status() == ModelResult.Status.ERROR
        && r.rules().stream().noneMatch(o -> !o.passed() && o.level() == Level.ERROR)) {
      out.println("    " + r.message());
    }
  }

  /**
   * Writes the malformed lines of the raw files the model read (first read in this run) to the
   * reading staging model's {@code __quarantine} table; too many fail the model.
   */
  private ModelResult recordSources(Model m, ModelResult result) {
    ModelResult r = result;
    for (CheckedSource src : ctx.takeUnrecordedSources()) {
      try {
        CheckedSource.Counts c = src.counts();
        Model reader = ctx.readerOf(src.spec());
        if (reader.name().equals(m.name())) {
          r = r.withSourceCounts(c.lines(), c.malformed());
        }
        if (c.malformed() == 0) {
          continue;
        }
        TableId q = quarantineOf(ctx.tableOf(reader));
        quarantine.append(m, q, src.malformed());
        notes.add(
            String.format(
                Locale.ROOT,
                "    %s: %,d of %,d lines malformed, quarantined in %s",
                src.spec().fileName(),
                c.malformed(),
                c.lines(),
                q));
        if (c.malformed() > Math.floor(quality.quarantineCeiling() * c.lines())) {
          r =
              r.failedBecause(
                  String.format(
                      Locale.ROOT,
                      "%s: %,d of %,d lines malformed (%.2f%%), above the ceiling of %.2f%% (quality.quarantine-ceiling)",
                      src.spec().fileName(),
                      c.malformed(),
                      c.lines(),
                      100.0 * c.malformed() / c.lines(),
                      100 * quality.quarantineCeiling()));
        }
      } catch (Exception e) { // Spark's AnalysisException is checked, yet thrown unchecked
        r = r.failedBecause(m.name() + " failed: " + Errors.oneLine(e));
      }
    }
    return r;
  }

  private static TableId quarantineOf(TableId table) {
    return new TableId(table.schema(), table.name() + "__quarantine");
  }

  private ModelResult runOne(Model m, boolean fullRefresh) {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    ModelInfo info = m.info();
    try {
      quarantine.beforeRebuild(m);
      return JobGroup.run(
          ctx.spark(),
          m.name(),
          info.materialization().label() + " " + m.name(),
          () -> {
            if (info.materialization() == Materialization.VIEW) {
              ctx.rowsFrom(m.name(), readFrom(m));
              return new Outcome(null, new WriteResult(0, 0, -1, -1), "created", null)
                  .toResult(m, started, t0);
            }
            if (m instanceof SnapshotModel sm) {
              return snapshot(sm, ctx.tableOf(m), started, t0);
            }
            return publish(m, ctx.tableOf(m), fullRefresh).toResult(m, started, t0);
          });
    } catch (Exception e) { // includes Spark's AnalysisException, checked yet thrown unchecked
      return new ModelResult(
          m.name(),
          info.materialization(),
          ModelResult.Status.ERROR,
          info.materialization().isPublished() ? ctx.tableOf(m).qualified() : null,
          -1,
          0,
          List.of(),
          -1,
          0,
          0,
          "error",
          started,
          (System.nanoTime() - t0) / 1e9,
          m.name() + " failed: " + Errors.oneLine(e),
          Map.of());
    }
  }

  /** What publishing a model did, before timing is added. */
  private record Outcome(TableId table, WriteResult write, String mode, AuditResult audit) {
    ModelResult toResult(Model m, Instant started, long t0) {
      boolean blocked = audit != null && audit.blocked();
      String message =
          blocked
              ? m.name()
                  + " not published: "
                  + audit.errors().size()
                  + " error rule(s) failed, first "
                  + audit.errors().get(0).describe()
              : null;
      return new ModelResult(
          m.name(),
          m.info().materialization(),
          blocked ? ModelResult.Status.ERROR : ModelResult.Status.SUCCESS,
          table == null ? null : table.qualified(),
          audit == null ? -1 : audit.rowsIn(),
          audit == null ? 0 : audit.rowsQuarantined(),
          audit == null ? List.of() : audit.outcomes(),
          write == null ? -1 : write.rowsInTable(),
          write == null ? 0 : write.rowsInserted(),
          write == null ? 0 : write.rowsUpdated(),
          blocked ? "not published" : mode,
          started,
          (System.nanoTime() - t0) / 1e9,
          message,
          Map.of());
    }
  }

  /** Applies the model's current state to its SCD2 history in one atomic commit. */
  private ModelResult snapshot(SnapshotModel m, TableId table, Instant started, long t0) {
    Snapshotter.Result r =
        new Snapshotter(ctx.warehouse())
            .apply(
                table,
                m.snapshot(),
                ctx.build(m),
                fullRefreshSnapshots,
                runStart,
                () -> {
                  // Changes are planned (built); snapshots have no rules, so audit is the same
                  // point. The commit comes next.
                  FaultHook.at(m.name(), "after-build");
                  FaultHook.at(m.name(), "after-audit");
                  FaultHook.armDuringPublish(ctx.spark(), m.name());
                });
    FaultHook.at(m.name(), "after-publish");
    Scd2.Counts c = r.counts();
    Map<String, Long> changes = new java.util.LinkedHashMap<>();
    changes.put("new", c.newKeys());
    changes.put("changed", c.changed());
    changes.put("unchanged", c.unchanged());
    changes.put("late_ignored", c.late());
    changes.put("deleted", c.deleted());
    changes.put("returned", c.returned());
    long rows =
        r.write()
            .map(WriteResult::rowsInTable)
            .filter(n -> n >= 0)
            .orElseGet(() -> ctx.warehouse().read(table).count());
    return new ModelResult(
        m.name(),
        m.info().materialization(),
        ModelResult.Status.SUCCESS,
        table.qualified(),
        -1,
        0,
        List.of(),
        rows,
        r.inserted(),
        r.closed(),
        r.write()
            .map(
                w ->
                    fullRefreshSnapshots
                        ? "full-refresh"
                        : w.version() == 0 ? "created" : "snapshot")
            .orElse("unchanged"),
        started,
        (System.nanoTime() - t0) / 1e9,
        null,
        changes);
  }

  /** Build, audit, publish: the published table changes only if no error rule failed. */
  private Outcome publish(Model m, TableId table, boolean fullRefresh) {
    ModelInfo info = m.info();
    Warehouse wh = ctx.warehouse();
    String notMerged = whyNotMerged(m);
    boolean merge = notMerged == null;
    if (SHAPE_CHANGED.equals(notMerged)) {
      notes.add("    rebuilt whole: " + SHAPE_CHANGED);
    }
    boolean anomaly = quality.audit() && quality.anomalyEnabled() && !merge;
    String mode =
        merge
            ? "merged"
            : fullRefresh && info.materialization() == Materialization.INCREMENTAL
                ? "full-refresh"
                : null;
    if (m instanceof SqlModel sql
        && !merge
        && wh.buildsSqlInPlace()
        && quality.audit()
        && (!info.rules().isEmpty() || anomaly)) {
      return publishInPlace(m, sql, table, anomaly, mode);
    }
    java.util.function.Supplier<Outcome> run =
        () -> {
          Changes rows = merge ? changes(m, table) : new Changes(ctx.build(m), false);
          try {
            return publish(m, table, rows, merge, anomaly, mode);
          } finally {
            if (merge) {
              Kept.release(rows.rows());
            }
          }
        };
    // A SQL model reads published tables, written one file per task, which Spark packs into
    // 128 MB splits: too few tasks to keep every core busy.
    return m instanceof SqlModel ? Sessions.withFineFileSplits(ctx.spark(), run) : run.get();
  }

  private Outcome publish(
      Model m, TableId table, Changes changes, boolean merge, boolean anomaly, String mode) {
    ModelInfo info = m.info();
    Warehouse wh = ctx.warehouse();
    Dataset<Row> rows = changes.rows();
    FaultHook.at(m.name(), "after-build");
    if (!quality.audit() || (info.rules().isEmpty() && !anomaly)) {
      FaultHook.at(m.name(), "after-audit");
      FaultHook.armDuringPublish(ctx.spark(), m.name());
      WriteResult w = write(m, table, changes, merge);
      FaultHook.at(m.name(), "after-publish");
      return new Outcome(table, w, mode != null ? mode : createdOrReplaced(w), null);
    }
    // The rows are read twice (audit, then publish) and deliberately not cached in between:
    // with the launcher's 4 GiB driver, caching them costs more (it spills) than building them
    // again from the parsed (cached) source or the published tables they come from.
    AuditResult audit = auditor.audit(m.name(), rows, info.rules(), auditOptions(m, anomaly));
    FaultHook.at(m.name(), "after-audit");
    if (audit.blocked()) {
      return new Outcome(table, null, "not published", audit);
    }
    if (audit.quarantined().isPresent()) {
      quarantine.append(m, quarantineOf(table), audit.quarantined().get());
    }
    FaultHook.armDuringPublish(ctx.spark(), m.name());
    WriteResult w =
        merge
            ? merge(m, table, new Changes(audit.publishable(), changes.newKeysOnly()))
            : wh.replace(table, audit.publishable());
    FaultHook.at(m.name(), "after-publish");
    return new Outcome(table, w, mode != null ? mode : createdOrReplaced(w), audit);
  }

  /**
   * A SQL model on a warehouse that runs SQL itself: built there into a staging table, audited over
   * that table (only the columns the rules read come to Spark), swapped in if it passes, dropped if
   * not. The published table is never half-written.
   */
  private Outcome publishInPlace(
      Model m, SqlModel sql, TableId table, boolean anomaly, String mode) {
    Warehouse wh = ctx.warehouse();
    TableId stage = wh.stageQuery(table, ctx.sqlOf(sql));
    boolean promoted = false;
    try {
      AuditResult audit =
          auditor.audit(m.name(), wh.read(stage), m.info().rules(), auditOptions(m, anomaly));
      if (audit.blocked()) {
        return new Outcome(table, null, "not published", audit);
      }
      if (audit.quarantined().isPresent()) {
        throw new IllegalStateException(
            m.name()
                + ": quarantine rules need the rows in Spark; SQL models built in the warehouse"
                + " take error and warn rules only");
      }
      WriteResult w = wh.promote(stage, table);
      promoted = true;
      return new Outcome(table, w, mode != null ? mode : createdOrReplaced(w), audit);
    } finally {
      if (!promoted) {
        wh.drop(stage);
      }
    }
  }

  private WriteResult write(Model m, TableId table, Changes changes, boolean merge) {
    Warehouse wh = ctx.warehouse();
    if (merge) {
      return merge(m, table, changes);
    }
    return m instanceof SqlModel sql
        ? wh.replaceWithQuery(table, ctx.sqlOf(sql))
        : wh.replace(table, changes.rows());
  }

  /**
   * Merges by the model's unique key; rows whose keys the table cannot hold ({@link
   * Changes#newKeysOnly}) are appended, which is what a merge would do with them, without its
   * search of the table.
   */
  private WriteResult merge(Model m, TableId table, Changes changes) {
    Warehouse wh = ctx.warehouse();
    if (!changes.newKeysOnly()) {
      return wh.merge(table, changes.rows(), m.info().uniqueKey());
    }
    long before = wh.read(table).count();
    WriteResult w = wh.append(table, changes.rows());
    return new WriteResult(w.rowsInserted(), 0, before + w.rowsInserted(), w.version());
  }

  /**
   * The rows an incremental run publishes, and whether none of their keys can be in the table (no
   * row of the table is in their key range, nulls included).
   */
  private record Changes(Dataset<Row> rows, boolean newKeysOnly) {}

  private static String createdOrReplaced(WriteResult w) {
    return w.version() == 0 ? "created" : "replaced";
  }

  private Auditor.Options auditOptions(Model m, boolean anomaly) {
    Optional<Auditor.RowCountAnomaly> a =
        anomaly
            ? Optional.of(
                new Auditor.RowCountAnomaly(
                    quality.metricsPath(),
                    ctx.tableOf(m).qualified(),
                    runStart.toEpochMilli(),
                    quality.anomalyMinRatio(),
                    quality.anomalyMaxRatio(),
                    quality.anomalyError() ? Level.ERROR : Level.WARN))
            : Optional.empty();
    return new Auditor.Options(ctx.quarantines(m), quality.quarantineCeiling(), a);
  }

  /**
   * After a model that reads a ref's changes is published: the ref's table records its changes from
   * now on, and the version the model has read up to is kept for its next merge.
   */
  private void recordChangesRead(Model m) {
    String ref = m.info().changesOf();
    Warehouse wh = ctx.warehouse();
    if (ref == null || wh.buildsSqlInPlace()) {
      return;
    }
    TableId refTable = ctx.tableOf(ctx.project().require(ref));
    wh.recordChanges(refTable);
    wh.version(refTable).ifPresent(v -> state.recordChangesRead(m, ref, v));
  }

  /**
   * The rows a SQL model builds from only the rows its {@link ModelInfo#changesOf} ref changed
   * since the model's last run; empty (and a note why) when they cannot be told.
   */
  private Optional<Dataset<Row>> fromChanges(Model m) {
    String ref = m.info().changesOf();
    if (ref == null || !(m instanceof SqlModel sql)) {
      return Optional.empty();
    }
    Model up = ctx.project().require(ref);
    java.util.OptionalLong after = state.changesRead(m, ref);
    if (after.isEmpty()) {
      notes.add(
          "    "
              + ref
              + ": no record of the version this model last read; reads its look-back window");
      return Optional.empty();
    }
    TableChanges changed =
        ctx.warehouse().changesAfter(ctx.tableOf(up), after.getAsLong(), up.info().uniqueKey());
    if (changed.rows().isEmpty()) {
      notes.add("    " + ref + ": reads its look-back window: " + changed.whyNot());
      return Optional.empty();
    }
    String view = "reelhouse_changes_of_" + ref + "_for_" + m.name();
    changed.rows().get().createOrReplaceTempView(view);
    notes.add(
        "    "
            + ref
            + ": read only the rows it changed after version "
            + after.getAsLong()
            + " (its change feed)");
    return Optional.of(ctx.warehouse().sql(ctx.sqlOf(sql, Map.of(ref, view))));
  }

  /** The rows of an incremental model newer than the table's watermark minus the look-back. */
  private Changes changes(Model m, TableId table) {
    ModelInfo info = m.info();
    Warehouse wh = ctx.warehouse();
    Optional<Dataset<Row>> fed = fromChanges(m);
    if (fed.isPresent()) {
      // Changed rows of the ref make changed rows here: no look-back window to read, nothing the
      // table already holds to leave out (a rerun's rows equal to the table's are not rewritten:
      // the merge updates only rows that differ).
      return new Changes(Kept.keep(fed.get()), false);
    }
    Map<String, Long> from = ctx.resumePoints(m, state.marks(m));
    from.forEach(
        (source, at) -> {
          long added = ctx.markNow(source).end() - at;
          notes.add(
              "    "
                  + ctx.project().source(source).fileName()
                  + (added == 0
                      ? ": unchanged since the last run, not read"
                      : String.format(
                          Locale.ROOT,
                          ": read only the %,d bytes added after byte %,d (the end of the last run's read)",
                          added,
                          at)));
        });
    Dataset<Row> candidates = ctx.buildFrom(m, from);
    Dataset<Row> whole = wh.read(table);
    Dataset<Row> published = whole;
    StructType target = published.schema();
    if (!sameColumns(target, candidates.schema())) {
      throw new IllegalStateException(
          "columns of "
              + m.name()
              + " changed (table has "
              + target.simpleString()
              + ", model builds "
              + candidates.schema().simpleString()
              + "); rebuild it with --full-refresh");
    }
    String wm = info.watermarkColumn();
    Dataset<Row> news = candidates;
    if (wm != null) {
      Optional<Object> max = wh.max(table, wm);
      if (max.isPresent()) {
        Column after = col(wm).gt(lit(lowerBound(m, max.get())));
        news = news.filter(after);
        published = published.filter(after);
      }
    }
    // Rows the table already holds as they are (the look-back re-reads them) are left out: merged,
    // they would change nothing yet make the warehouse rewrite every file holding one.
    Dataset<Row> cachedNews = null;
    try {
      if (!info.uniqueKey().isEmpty()) {
        // Only the table's rows in the key range of the new ones can equal one of them: a table
        // whose files hold narrow key ranges is then read only where they overlap (Delta skips
        // the other files by their statistics). The new rows are cached: their range is one pass.
        news = news.persist(StorageLevel.MEMORY_AND_DISK());
        cachedNews = news;
        KeyRange range = KeyRange.of(news, info.uniqueKey());
        Column near = range.withinOrNull("");
        // Rows read from the lines appended to the sources since the last run often all have new
        // keys. When no row of the whole table is in their key range (a probe Delta answers from
        // its files' statistics when the ranges do not overlap, as for new users' ratings), none of
        // them can equal a row of the table or share its key: no re-read of the table's recent
        // rows, no search by the merge. Rows rebuilt from tables over the look-back window (a SQL
        // model) hold keys the table has, so they are not probed.
        // No rows at all go to the merge, which commits nothing new: an empty append would leave
        // the table's last commit, and its row counts, to be taken for this write's.
        if (!from.isEmpty() && range.rows() > 0 && whole.where(near).isEmpty()) {
          return new Changes(Kept.keep(news), true);
        }
        published = published.filter(near);
      }
      Column same = null;
      for (String c : news.columns()) {
        Column eq = news.col("`" + c + "`").eqNullSafe(published.col("`" + c + "`"));
        same = same == null ? eq : same.and(eq);
      }
      // Kept (computed now) for the run of this model: the audit's passes and the merge read the
      // same few rows, which would otherwise each re-read the table's recent rows to leave out the
      // known ones. The cached new rows are not read again once it is.
      return new Changes(Kept.keep(news.join(published, same, "left_anti")), false);
    } finally {
      if (cachedNews != null) {
        cachedNews.unpersist();
      }
    }
  }

  /**
   * Where a view step reads its append-only sources from: the lines its readers in this run will
   * read, that is from the earliest point any of them resumes at; whole if any reads it whole (one
   * that is not merged, or has no usable record of its last read) or if none runs.
   */
  private Map<String, Long> readFrom(Model view) {
    Map<String, Long> from = null;
    for (Model reader : runnable) {
      if (reader == view
          || !reader.info().materialization().isPublished()
          || !ctx.project().dag().ancestors(reader.name()).contains(view.name())
          || !ctx.sourcesReadBy(reader).containsAll(ctx.sourcesReadBy(view))) {
        continue;
      }
      Map<String, Long> its =
          willMerge(reader) ? ctx.resumePoints(reader, state.marks(reader)) : Map.of();
      if (from == null) {
        from = new java.util.TreeMap<>(its);
      } else {
        from.keySet().retainAll(its.keySet());
        from.replaceAll((source, at) -> Math.min(at, its.get(source)));
      }
    }
    return from == null ? Map.of() : from;
  }

  private static final String SHAPE_CHANGED =
      "its code, the settings or a table it refs that is not incremental (a seed, a dimension)"
          + " changed since it was built";

  /** Whether an incremental model merges new rows into its table in this run. */
  private boolean willMerge(Model m) {
    return whyNotMerged(m) == null;
  }

  /**
   * Why a model does not merge new rows into its table in this run, or null when it does: it is
   * incremental, not SQL built where the data lives (Snowflake rebuilds that whole, where it is
   * cheap, rather than bring its rows through Spark), no full refresh was asked for, the table is
   * there, and what its existing rows depend on did not change ({@link InputState#shape}; without a
   * state folder it is assumed unchanged, as dbt does).
   */
  private String whyNotMerged(Model m) {
    if (m.info().materialization() != Materialization.INCREMENTAL) {
      return "not incremental";
    }
    if (m instanceof SqlModel && ctx.warehouse().buildsSqlInPlace()) {
      return "built where the data lives";
    }
    if (fullRefresh) {
      return "full refresh";
    }
    if (!ctx.warehouse().exists(ctx.tableOf(m))) {
      return "no table yet";
    }
    return state.enabled() && !state.sameShape(m) ? SHAPE_CHANGED : null;
  }

  /** The watermark minus the look-back window. */
  private Object lowerBound(Model m, Object max) {
    if (max instanceof Instant i) {
      return i.minus(lookBack);
    }
    if (max instanceof java.sql.Timestamp ts) {
      return ts.toInstant().minus(lookBack);
    }
    if (max instanceof LocalDate d) {
      return d.minusDays(lookBack.toDays());
    }
    throw new IllegalStateException(
        "watermark column "
            + m.info().watermarkColumn()
            + " of "
            + m.name()
            + " must be a timestamp or a date, got "
            + max.getClass().getSimpleName());
  }

  private static boolean sameColumns(StructType a, StructType b) {
    if (a.fields().length != b.fields().length) {
      return false;
    }
    for (int i = 0; i < a.fields().length; i++) {
      if (!a.fields()[i].name().equals(b.fields()[i].name())
          || !a.fields()[i].dataType().equals(b.fields()[i].dataType())) {
        return false;
      }
    }
    return true;
  }

  /** {@code 3 of 14 OK table dim_customers ........ 9,742 rows in 2.1s}. */
  static String progressLine(int i, int n, ModelResult r) {
    String status =
        switch (r.status()) {
          case SUCCESS -> "OK";
          case ERROR -> "ERROR";
          case SKIPPED -> "SKIP";
        };
    String head =
        i + " of " + n + " " + status + " " + r.materialization().label() + " " + r.name() + " ";
    String detail;
    if (r.status() == ModelResult.Status.SKIPPED) {
      detail = r.message();
    } else if (ModelResult.UP_TO_DATE.equals(r.mode())) {
      detail = String.format(Locale.ROOT, "up to date (inputs unchanged) in %.1fs", r.seconds());
    } else if (r.status() == ModelResult.Status.ERROR) {
      detail =
          String.format(
              Locale.ROOT,
              "%s in %.1fs",
              r.mode().equals("not published") ? "not published" : "failed",
              r.seconds());
    } else if (r.materialization() == Materialization.VIEW) {
      detail =
          r.rowsIn() >= 0
              ? String.format(Locale.ROOT, "%,d lines read in %.1fs", r.rowsIn(), r.seconds())
              : String.format(Locale.ROOT, "view created in %.1fs", r.seconds());
    } else if (r.materialization() == Materialization.SNAPSHOT) {
      detail =
          String.format(
              Locale.ROOT,
              "%,d new versions, %,d closed, %,d late ignored, %,d rows in %.1fs",
              r.rowsInserted(),
              r.rowsUpdated(),
              r.changes().getOrDefault("late_ignored", 0L),
              r.rowsInTable(),
              r.seconds());
    } else if (r.mode().equals("merged")) {
      detail =
          String.format(
              Locale.ROOT,
              "%,d new, %,d changed, %,d rows in %.1fs",
              r.rowsInserted(),
              r.rowsUpdated(),
              r.rowsInTable(),
              r.seconds());
    } else {
      detail = String.format(Locale.ROOT, "%,d rows in %.1fs", r.rowsInTable(), r.seconds());
    }
    StringBuilder line = new StringBuilder(head);
    while (line.length() < LINE_WIDTH) {
      line.append('.');
    }
    return line.append(' ').append(detail).toString();
  }
}
