package io.reelhouse.run;

import io.reelhouse.config.Settings;
import io.reelhouse.model.Errors;
import io.reelhouse.model.Materialization;
import io.reelhouse.model.Model;
import io.reelhouse.model.RunContext;
import io.reelhouse.spark.JobGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs selected models in dependency order, each in its own Spark job group: a {@link RunPlan} says
 * which models and how, a {@link Materializer} per kind builds and publishes each, and a {@link
 * RunListener} hears every step (console lines, run_results.json, history). A model whose inputs
 * have not changed since it was published is left as it is; a model that fails marks every model
 * that depends on it as skipped; the others go on.
 *
 * <p>Knobs: {@code incremental.look-back} (how far before the target's maximum watermark an
 * incremental run re-reads), {@code fullRefresh} (rebuild incremental models from scratch), the
 * {@code quality.*} settings.
 */
public final class Runner {
  private final RunContext ctx;
  private final Duration lookBack;
  private final Settings.Quality quality;
  private final RunListener listener;

  public Runner(RunContext ctx, Duration lookBack, Settings.Quality quality, RunListener listener) {
    this.ctx = ctx;
    this.lookBack = lookBack;
    this.quality = quality;
    this.listener = listener;
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
    long t0 = System.nanoTime();
    RunPlan plan = RunPlan.of(ctx, quality, selected);
    RunScope run =
        new RunScope(ctx, lookBack, quality, fullRefresh, fullRefreshSnapshots, listener);
    run.runnable = plan.models();
    listener.runStarted(plan, run.runId, run.runStart);
    List<ModelOutcome> results = new ArrayList<>();
    int n = plan.steps().size();
    for (int i = 0; i < n; i++) {
      RunPlan.Step step = plan.steps().get(i);
      Model m = step.model();
      listener.nodeStarted(i + 1, n, m);
      ModelOutcome r = runStep(plan, step, run);
      results.add(r);
      ctx.releaseSourcesNotReadBy(run.runnable.subList(i + 1, n));
      listener.nodeFinished(i + 1, n, r);
    }
    ctx.release();
    RunReport report =
        new RunReport(
            command, run.runId, run.runStart, List.copyOf(results), (System.nanoTime() - t0) / 1e9);
    listener.runFinished(report);
    return report;
  }

  private ModelOutcome runStep(RunPlan plan, RunPlan.Step step, RunScope run) {
    Model m = step.model();
    var broken = plan.brokenParent(m);
    if (broken.isPresent()) {
      plan.failed(m);
      return ModelOutcome.skipped(m, "skipped because upstream model " + broken.get() + " failed");
    }
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    ModelOutcome.Node node = nodeOf(m);
    // Taken in a full refresh too, and recorded after it: the next build skips what it built.
    String fingerprint = run.state.enabled() ? run.state.fingerprint(m) : null;
    if (!fullRefreshOf(run) && upToDate(m, run, fingerprint)) {
      return ModelOutcome.upToDate(node, ModelOutcome.Timing.since(started, t0));
    }
    // The raw files' line counts and quarantine are the model's work, in its job group and its
    // time: for a view over a raw file, counting its lines is the parse (its build only defines
    // the rows).
    ModelOutcome r =
        JobGroup.run(
                ctx.spark(),
                m.name(),
                m.info().materialization().label() + " " + m.name(),
                () -> SourceQuarantine.record(m, run, build(step, node, run, started, t0)))
            .timed(ModelOutcome.Timing.since(started, t0));
    if (r.status() != ModelOutcome.Status.SUCCESS) {
      plan.failed(m);
      return r;
    }
    if (fingerprint != null) {
      run.state.record(m, fingerprint);
      run.quarantine.complete(m);
    }
    step.materializer().afterSuccess(m, run);
    return r;
  }

  private static boolean fullRefreshOf(RunScope run) {
    return run.fullRefresh || run.fullRefreshSnapshots;
  }

  /** Whether the model's inputs are what it was last published from (and its table is there). */
  private boolean upToDate(Model m, RunScope run, String fingerprint) {
    return fingerprint != null
        && fingerprint.equals(run.state.recorded(m).orElse(null))
        && (m.info().materialization() == Materialization.VIEW
            || ctx.warehouse().exists(ctx.tableOf(m)));
  }

  private ModelOutcome build(
      RunPlan.Step step, ModelOutcome.Node node, RunScope run, Instant started, long t0) {
    Model m = step.model();
    try {
      run.quarantine.beforeRebuild(m);
      ModelOutcome.Built built = step.materializer().build(m, run);
      return built.of(node, ModelOutcome.Timing.since(started, t0));
    } catch (Exception e) { // includes Spark's AnalysisException, checked yet thrown unchecked
      return ModelOutcome.failed(
          node, ModelOutcome.Timing.since(started, t0), m.name() + " failed: " + Errors.oneLine(e));
    }
  }

  private ModelOutcome.Node nodeOf(Model m) {
    return new ModelOutcome.Node(
        m.name(),
        m.info().materialization(),
        m.info().materialization().isPublished() ? ctx.tableOf(m).qualified() : null);
  }
}
