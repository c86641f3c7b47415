package io.reelhouse.run;

import io.reelhouse.config.Settings;
import io.reelhouse.model.Model;
import io.reelhouse.model.RunContext;
import io.reelhouse.quality.Auditor;
import io.reelhouse.warehouse.TableId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the parts of one run share: the models' context, the run's settings, its id and start time,
 * the state of earlier runs, the quarantine ledger and the listener for notes.
 */
final class RunScope {
  final RunContext ctx;
  final Duration lookBack;
  final Settings.Quality quality;
  final boolean fullRefresh;
  final boolean fullRefreshSnapshots;
  final String runId = UUID.randomUUID().toString();
  final Instant runStart = Instant.now();
  final InputState state;
  final QuarantineLedger quarantine;
  final Auditor auditor;
  final RunListener listener;

  /** The models this run builds, in order (set once planned). */
  List<Model> runnable = List.of();

  RunScope(
      RunContext ctx,
      Duration lookBack,
      Settings.Quality quality,
      boolean fullRefresh,
      boolean fullRefreshSnapshots,
      RunListener listener) {
    this.ctx = ctx;
    this.lookBack = lookBack;
    this.quality = quality;
    this.fullRefresh = fullRefresh;
    this.fullRefreshSnapshots = fullRefreshSnapshots;
    this.listener = listener;
    this.state = new InputState(ctx, shapingSettings(lookBack, quality));
    this.quarantine = new QuarantineLedger(ctx, state, listener, runId, runStart);
    this.auditor = new Auditor(ctx.spark(), ctx::columnOf);
  }

  TableId tableOf(Model m) {
    return ctx.tableOf(m);
  }

  void note(Model m, String line) {
    listener.note(m, line);
  }

  /**
   * The settings that decide what a model publishes, as text for its inputs fingerprint: where the
   * quality metrics are written is left out, so a warehouse moved with its metrics file, or a
   * metrics file moved, skips what it skipped before.
   */
  static String shapingSettings(Duration lookBack, Settings.Quality quality) {
    return "look-back " + lookBack + " " + quality.withMetricsPath("");
  }
}
