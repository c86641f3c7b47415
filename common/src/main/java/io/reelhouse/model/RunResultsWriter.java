package io.reelhouse.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelhouse.quality.Level;
import io.reelhouse.quality.RuleOutcome;
import io.reelhouse.storage.TargetDir;

/**
 * Writes {@code run_results.json} in the shape dbt users know: {@code metadata}, {@code
 * elapsed_time}, and one entry per model under {@code results} with {@code status}, {@code
 * execution_time}, {@code rows_affected}, plus Reelhouse's {@code rows_in_table}, {@code
 * rows_inserted}, {@code rows_updated}, {@code rows_in}, {@code rows_quarantined}, {@code
 * relation}, {@code mode} and each quality rule's outcome. The rule outcomes also go to {@code
 * quality/<invocation id>.json}, and the whole file is kept as {@code runs/<time>_<id>.json} for
 * the docs' history. Files go through {@link TargetDir}, so {@code target.path} may be on object
 * storage, and a reader never sees half a file.
 */
public final class RunResultsWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunResultsWriter() {}

  /** Writes the run's files into {@code target}; returns the URI of run_results.json. */
  public static String write(RunReport report, String env, TargetDir target) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode meta = root.putObject("metadata");
    meta.put("generated_at", report.startedAt().toString());
    meta.put("invocation_id", report.invocationId());
    meta.put("command", report.command());
    meta.put("env", env);
    root.put("elapsed_time", round(report.seconds()));
    ArrayNode results = root.putArray("results");
    for (ModelResult r : report.results()) {
      ObjectNode n = results.addObject();
      n.put("unique_id", "model." + r.name());
      n.put("name", r.name());
      n.put("materialization", r.materialization().label());
      n.put("status", r.status().label());
      n.put("relation", r.relation());
      n.put("mode", r.mode());
      n.put("started_at", r.startedAt().toString());
      n.put("execution_time", round(r.seconds()));
      n.put("rows_affected", r.rowsInserted() + r.rowsUpdated());
      n.put("rows_inserted", r.rowsInserted());
      n.put("rows_updated", r.rowsUpdated());
      if (r.rowsInTable() >= 0) {
        n.put("rows_in_table", r.rowsInTable());
      } else {
        n.putNull("rows_in_table");
      }
      n.put("rows_in", r.rowsIn());
      n.put("rows_quarantined", r.rowsQuarantined());
      n.set("rules", rules(r));
      if (!r.changes().isEmpty()) {
        ObjectNode changes = n.putObject("changes");
        r.changes().forEach(changes::put);
      }
      n.put("message", r.message());
    }
    ObjectNode quality = JSON.createObjectNode();
    quality.put("invocation_id", report.invocationId());
    quality.put("generated_at", report.startedAt().toString());
    ObjectNode models = quality.putObject("models");
    for (ModelResult r : report.results()) {
      if (!r.rules().isEmpty()) {
        ObjectNode m = models.putObject(r.name());
        m.put("rows_in", r.rowsIn());
        m.put("rows_quarantined", r.rowsQuarantined());
        m.put("published", r.status() == ModelResult.Status.SUCCESS);
        m.set("rules", rules(r));
      }
    }
    write(target, "quality/" + report.invocationId() + ".json", quality);
    // Every run is kept for the docs' history (run time first, so names sort by time).
    write(
        target,
        "runs/"
            + report.startedAt().toString().replace(":", "")
            + "_"
            + report.invocationId()
            + ".json",
        root);
    return write(target, "run_results.json", root);
  }

  private static ArrayNode rules(ModelResult r) {
    ArrayNode rules = JSON.createArrayNode();
    for (RuleOutcome o : r.rules()) {
      ObjectNode n = rules.addObject();
      n.put("name", o.rule());
      n.put("level", o.level().label());
      n.put("status", o.passed() ? "pass" : o.level() == Level.ERROR ? "fail" : "warn");
      n.put("failing_rows", o.failingRows());
      n.put("observed", o.observed());
    }
    return rules;
  }

  private static String write(TargetDir target, String name, ObjectNode json) {
    try {
      return target.write(name, JSON.writeValueAsBytes(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + name, e);
    }
  }

  private static double round(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }
}
