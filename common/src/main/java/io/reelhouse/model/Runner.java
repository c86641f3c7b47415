package io.reelhouse.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.reelhouse.spark.JobGroup;
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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Runs selected models in dependency order, each in its own Spark job group, and reports one line
 * per model as it finishes (like dbt). A model that fails marks every model that depends on it as
 * skipped; the others go on.
 *
 * <p>Knobs: {@code incremental.look-back} (how far before the target's maximum watermark an
 * incremental run re-reads), {@code fullRefresh} (rebuild incremental models from scratch).
 */
public final class Runner {
  private static final int LINE_WIDTH = 60;

  private final RunContext ctx;
  private final Duration lookBack;
  private final PrintStream out;

  public Runner(RunContext ctx, Duration lookBack, PrintStream out) {
    this.ctx = ctx;
    this.lookBack = lookBack;
    this.out = out;
  }

  /**
   * @param command name of the command, for the report
   * @param selected model names in topological order; ephemerals among them are not run
   * @param fullRefresh rebuild incremental models instead of merging
   */
  public RunReport run(String command, List<String> selected, boolean fullRefresh) {
    Instant start = Instant.now();
    long t0 = System.nanoTime();
    List<Model> runnable = new ArrayList<>();
    for (String name : selected) {
      Model m = ctx.project().require(name);
      if (m.info().materialization() != Materialization.EPHEMERAL) {
        runnable.add(m);
      }
    }
    out.printf(Locale.ROOT, "Running %d models%n", runnable.size());
    List<ModelResult> results = new ArrayList<>();
    Set<String> failed = new HashSet<>();
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
        r = runOne(m, fullRefresh);
        if (r.status() != ModelResult.Status.SUCCESS) {
          failed.add(m.name());
        }
      }
      results.add(r);
      out.println(progressLine(i, runnable.size(), r));
      if (r.status() == ModelResult.Status.ERROR) {
        out.println("    " + r.message());
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    RunReport report =
        new RunReport(command, UUID.randomUUID().toString(), start, List.copyOf(results), seconds);
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

  private ModelResult runOne(Model m, boolean fullRefresh) {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    ModelInfo info = m.info();
    try {
      return JobGroup.run(
          ctx.spark(),
          m.name(),
          info.materialization().label() + " " + m.name(),
          () -> {
            if (info.materialization() == Materialization.VIEW) {
              ctx.rowsOf(m.name());
              return result(m, null, new WriteResult(0, 0, -1, -1), "created", started, t0);
            }
            TableId table = ctx.tableOf(m);
            Warehouse wh = ctx.warehouse();
            if (info.materialization() == Materialization.INCREMENTAL) {
              return incremental(m, table, fullRefresh, started, t0);
            }
            WriteResult w =
                m instanceof SqlModel sql
                    ? wh.replaceWithQuery(table, ctx.sqlOf(sql))
                    : wh.replace(table, ctx.build(m));
            return result(m, table, w, w.version() == 0 ? "created" : "replaced", started, t0);
          });
    } catch (Exception e) { // includes Spark's AnalysisException, checked yet thrown unchecked
      return new ModelResult(
          m.name(),
          info.materialization(),
          ModelResult.Status.ERROR,
          ctx.project()
              .model(m.name())
              .filter(x -> x.info().materialization().isPublished())
              .map(x -> ctx.tableOf(x).qualified())
              .orElse(null),
          -1,
          0,
          0,
          "error",
          started,
          (System.nanoTime() - t0) / 1e9,
          m.name() + " failed: " + Errors.oneLine(e));
    }
  }

  private ModelResult incremental(
      Model m, TableId table, boolean fullRefresh, Instant started, long t0) {
    ModelInfo info = m.info();
    Warehouse wh = ctx.warehouse();
    Dataset<Row> candidates = ctx.build(m);
    if (fullRefresh || !wh.exists(table)) {
      WriteResult w = wh.replace(table, candidates);
      return result(m, table, w, fullRefresh ? "full-refresh" : "created", started, t0);
    }
    StructType target = wh.read(table).schema();
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
    Optional<Object> max = wh.max(table, wm);
    Dataset<Row> changes =
        max.map(v -> candidates.filter(col(wm).gt(lit(lowerBound(m, v))))).orElse(candidates);
    WriteResult w = wh.merge(table, changes, info.uniqueKey());
    return result(m, table, w, "merged", started, t0);
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

  private static ModelResult result(
      Model m, TableId table, WriteResult w, String mode, Instant started, long t0) {
    return new ModelResult(
        m.name(),
        m.info().materialization(),
        ModelResult.Status.SUCCESS,
        table == null ? null : table.qualified(),
        w.rowsInTable(),
        w.rowsInserted(),
        w.rowsUpdated(),
        mode,
        started,
        (System.nanoTime() - t0) / 1e9,
        null);
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
    } else if (r.status() == ModelResult.Status.ERROR) {
      detail = String.format(Locale.ROOT, "in %.1fs", r.seconds());
    } else if (r.materialization() == Materialization.VIEW) {
      detail = String.format(Locale.ROOT, "view created in %.1fs", r.seconds());
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
