package io.reelhouse.run;

import io.reelhouse.model.Errors;
import io.reelhouse.model.Model;
import io.reelhouse.model.RunContext;
import io.reelhouse.quality.AuditResult;
import io.reelhouse.quality.Auditor;
import io.reelhouse.quality.Rule;
import io.reelhouse.quality.RuleOutcome;
import io.reelhouse.spark.JobGroup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the rules of already-published models against their tables without rebuilding anything (dbt
 * test): one Deequ pass per model; a {@link TestListener} hears each rule's outcome.
 */
public final class Tester {
  private final RunContext ctx;
  private final TestListener listener;
  private final Auditor auditor;

  public Tester(RunContext ctx, TestListener listener) {
    this.ctx = ctx;
    this.listener = listener;
    this.auditor = new Auditor(ctx.spark(), ctx::columnOf);
  }

  /**
   * Tests the given rules of published models (dbt test over selected test nodes) as the invocation
   * {@code invocationId} (the id its manifest.json, written before, carries).
   *
   * @param rulesByModel rule names by model, in the order to test them
   */
  public RunReport test(String invocationId, Map<String, List<String>> rulesByModel) {
    Instant start = Instant.now();
    long t0 = System.nanoTime();
    Map<Model, List<Rule>> models = new LinkedHashMap<>();
    int rules = 0;
    for (var e : rulesByModel.entrySet()) {
      Model m = ctx.project().require(e.getKey());
      List<Rule> chosen =
          m.info().rules().stream().filter(r -> e.getValue().contains(r.name())).toList();
      if (m.info().materialization().isPublished() && !chosen.isEmpty()) {
        models.put(m, chosen);
        rules += chosen.size();
      }
    }
    listener.testsStarted(rules, models.size());
    List<ModelOutcome> results = new ArrayList<>();
    int i = 0;
    for (var e : models.entrySet()) {
      Model m = e.getKey();
      ModelOutcome r = testOne(m, e.getValue());
      results.add(r);
      if (r.rules().isEmpty()) {
        i += e.getValue().size();
        listener.modelFailed(i, rules, m, r.message());
        continue;
      }
      for (RuleOutcome o : r.rules()) {
        listener.ruleTested(++i, rules, m, o);
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    RunReport report = new RunReport("test", invocationId, start, List.copyOf(results), seconds);
    listener.testsFinished(report, rules);
    return report;
  }

  private ModelOutcome testOne(Model m, List<Rule> rules) {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    ModelOutcome.Node node =
        new ModelOutcome.Node(m.name(), m.info().materialization(), ctx.tableOf(m).qualified());
    try {
      AuditResult a =
          JobGroup.run(
              ctx.spark(),
              "test " + m.name(),
              "rules of " + m.name(),
              () -> auditor.audit(m.name(), ctx.rowsOf(m.name()), rules, Auditor.Options.strict()));
      return new ModelOutcome.Built(
              ModelOutcome.Action.TESTED,
              new ModelOutcome.Rows(a.rowsIn(), 0, a.rowsIn(), 0, 0),
              a.outcomes(),
              java.util.Optional.empty(),
              a.blocked() ? a.errors().size() + " error rule(s) failed" : null)
          .of(node, ModelOutcome.Timing.since(started, t0));
    } catch (Exception e) { // Spark's AnalysisException is checked, yet thrown unchecked
      return ModelOutcome.failed(node, ModelOutcome.Timing.since(started, t0), Errors.oneLine(e));
    }
  }
}
