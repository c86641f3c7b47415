package io.reelhouse.run;

import io.reelhouse.config.Settings;
import io.reelhouse.model.Materialization;
import io.reelhouse.model.Model;
import io.reelhouse.model.RunContext;
import io.reelhouse.model.SqlModel;
import io.reelhouse.warehouse.BuildsSqlInPlace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a run does, decided before any model runs: the models in dependency order (ephemerals are
 * left out: their readers inline them), the materialization of each, chosen from the model's kind
 * and what the warehouse can do, and, as the run goes, which models to skip because a model they
 * depend on failed.
 */
public final class RunPlan {

  /** One model to run and how. */
  public record Step(Model model, Materializer materializer) {}

  private final RunContext ctx;
  private final List<Step> steps;
  private final Set<String> failed = new HashSet<>();

  private RunPlan(RunContext ctx, List<Step> steps) {
    this.ctx = ctx;
    this.steps = List.copyOf(steps);
  }

  /**
   * @param selected model names in dependency order
   * @throws IllegalArgumentException naming a model this warehouse cannot build as declared
   */
  static RunPlan of(RunContext ctx, Settings.Quality quality, List<String> selected) {
    List<Step> steps = new ArrayList<>();
    for (String name : selected) {
      Model m = ctx.project().require(name);
      if (m.info().materialization() != Materialization.EPHEMERAL) {
        steps.add(new Step(m, materializer(ctx, quality, m)));
      }
    }
    return new RunPlan(ctx, steps);
  }

  private static Materializer materializer(RunContext ctx, Settings.Quality quality, Model m) {
    Materialization kind = m.info().materialization();
    // Only a table's or an incremental's SQL is built in place; views and snapshots stay Spark's.
    if (m instanceof SqlModel
        && (kind == Materialization.TABLE || kind == Materialization.INCREMENTAL)
        && ctx.warehouse() instanceof BuildsSqlInPlace inPlace
        && quality.audit()
        && (!m.info().rules().isEmpty() || quality.anomalyEnabled())) {
      if (ctx.quarantines(m) && !m.info().rules().isEmpty()) {
        throw new IllegalArgumentException(
            m.name()
                + " quarantines rows, which needs them in Spark, but "
                + ctx.warehouse().getClass().getSimpleName()
                + " builds SQL models where the data lives: give it error and warn rules only"
                + " (quarantine(false) in its ModelInfo)");
      }
      return new InPlaceSqlMaterializer(inPlace);
    }
    return switch (kind) {
      case VIEW -> new ViewMaterializer();
      case TABLE, SEED -> new TableMaterializer();
      case INCREMENTAL -> new IncrementalMaterializer();
      case SNAPSHOT -> new SnapshotMaterializer();
      case EPHEMERAL -> throw new IllegalStateException(m.name() + " is ephemeral: not run");
    };
  }

  public List<Step> steps() {
    return steps;
  }

  /** The models of the plan, in run order. */
  public List<Model> models() {
    return steps.stream().map(Step::model).toList();
  }

  /** The first model {@code m} depends on that failed or was skipped in this run, if any. */
  Optional<String> brokenParent(Model m) {
    return ctx.project().dag().ancestors(m.name()).stream().filter(failed::contains).findFirst();
  }

  /** Marks a model failed (or skipped): the models that depend on it will be skipped. */
  void failed(Model m) {
    failed.add(m.name());
  }
}
