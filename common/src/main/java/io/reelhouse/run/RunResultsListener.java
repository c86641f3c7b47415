package io.reelhouse.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelhouse.model.Project;
import io.reelhouse.model.selection.Node;
import io.reelhouse.model.selection.NodeGraph;
import io.reelhouse.model.selection.ResourceType;
import io.reelhouse.quality.Level;
import io.reelhouse.quality.RuleOutcome;
import io.reelhouse.storage.TargetDir;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes {@code run_results.json} in dbt's run-results v6 shape when a run ends: one result per
 * model (dbt's model, seed and snapshot nodes) and one per declared quality rule that ran (dbt's
 * test nodes, {@code pass}, {@code warn} or {@code fail} with the failing rows in {@code
 * failures}). Reelhouse's own figures (rows in, quarantined, inserted, updated, in the table,
 * snapshot changes, what was done) go in each model's {@code adapter_response}, where dbt puts an
 * adapter's.
 *
 * <p>The file is kept as {@code runs/<time>_<id>.json} for the docs' history, and the rule outcomes
 * also go to {@code quality/<invocation id>.json}. Files go through {@link TargetDir}, so {@code
 * target.path} may be on object storage, and a reader never sees half a file.
 */
public final class RunResultsListener implements RunListener {
  static final String SCHEMA = "https://schemas.getdbt.com/dbt/run-results/v6.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final TargetDir target;
  private final Map<String, Object> args;
  private final Map<String, String> modelIds = new HashMap<>();
  private final Map<String, String> testIds = new HashMap<>();
  private String written;

  /**
   * @param args the invocation's arguments, as dbt records them ({@code which}, {@code select},
   *     {@code full_refresh}, ...): {@code retry} reads them back
   */
  public RunResultsListener(Project project, TargetDir target, Map<String, Object> args) {
    this.target = target;
    this.args = Map.copyOf(args);
    for (Node n : NodeGraph.of(project).nodes()) {
      if (n.type() == ResourceType.TEST) {
        testIds.put(n.model() + " " + n.rule(), n.uniqueId());
      } else if (n.model() != null) {
        modelIds.put(n.model(), n.uniqueId());
      }
    }
  }

  /** Where run_results.json went, once the run finished. */
  public String written() {
    return written;
  }

  @Override
  public void runFinished(RunReport report) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode meta = root.putObject("metadata");
    meta.put("dbt_schema_version", SCHEMA);
    meta.put("dbt_version", "reelhouse");
    meta.put("generated_at", Instant.now().toString());
    meta.put("invocation_id", report.invocationId());
    meta.put("invocation_started_at", report.startedAt().toString());
    meta.putObject("env");
    ArrayNode results = root.putArray("results");
    boolean testsOnly = report.command().equals("test");
    for (ModelOutcome r : report.results()) {
      // dbt's test command reports its tests only; a model whose rules could not run is an error.
      if (!testsOnly || r.rules().isEmpty()) {
        model(results.addObject(), r);
      }
      for (RuleOutcome o : r.rules()) {
        // A check no model declares (the row-count anomaly) is no node of the manifest: its
        // outcome stays in the model's adapter_response.rules.
        if (testIds.containsKey(r.name() + " " + o.rule())) {
          test(results.addObject(), r, o);
        }
      }
    }
    root.put("elapsed_time", round(report.seconds()));
    root.set("args", JSON.valueToTree(args));
    write("quality/" + report.invocationId() + ".json", QualityFile.of(report));
    // Every run is kept for the docs' history (run time first, so names sort by time).
    write(
        "runs/"
            + report.startedAt().toString().replace(":", "")
            + "_"
            + report.invocationId()
            + ".json",
        root);
    written = write("run_results.json", root);
  }

  /**
   * The model results of a run_results.json (this shape or the flat one Reelhouse wrote before), by
   * model name, each flat: {@code name}, {@code status}, {@code mode} (what was done), {@code
   * started_at}, {@code execution_time}, and the figures of its {@code adapter_response} ({@code
   * rows_in_table}, {@code rows_inserted}, {@code rules}, ...). A model that only had its rules
   * tested ({@code test}, which reports test nodes only) gets an entry of mode {@code tested} with
   * those rules, its status the worst of them.
   */
  public static Map<String, ObjectNode> byModel(com.fasterxml.jackson.databind.JsonNode root) {
    Map<String, ObjectNode> out = new java.util.LinkedHashMap<>();
    for (var r : root.path("results")) {
      if (r.has("name")) {
        out.put(r.get("name").asText(), (ObjectNode) r);
        continue;
      }
      String id = r.path("unique_id").asText();
      if (id.startsWith("test.")) {
        continue;
      }
      ObjectNode flat = JSON.createObjectNode();
      String name = id.substring(id.lastIndexOf('.') + 1);
      flat.put("name", name);
      flat.put("unique_id", id);
      flat.set("status", r.get("status"));
      flat.set("mode", r.path("adapter_response").path("_message"));
      flat.set("relation", r.get("relation_name"));
      flat.set("execution_time", r.get("execution_time"));
      flat.set("message", r.get("message"));
      var execute = r.path("timing").path(0);
      flat.put("started_at", execute.path("started_at").asText(null));
      flat.setAll((ObjectNode) r.path("adapter_response"));
      flat.remove("_message");
      if (!flat.has("rows_in_table")) {
        flat.putNull("rows_in_table");
      }
      out.put(name, flat);
    }
    Map<String, ObjectNode> tested = new java.util.LinkedHashMap<>();
    for (var r : root.path("results")) {
      JsonNode a = r.path("adapter_response");
      String model = a.path("model").asText("");
      if (!r.path("unique_id").asText().startsWith("test.")
          || model.isEmpty()
          || out.containsKey(model)) {
        continue;
      }
      ObjectNode flat =
          tested.computeIfAbsent(
              model,
              m -> {
                ObjectNode f = JSON.createObjectNode();
                f.put("name", m);
                f.put("status", "success");
                f.put("mode", ModelOutcome.Action.TESTED.label());
                f.put("started_at", r.path("timing").path(0).path("started_at").asText(""));
                f.put("execution_time", 0.0);
                f.putNull("relation");
                f.putNull("message");
                f.putNull("rows_in_table");
                f.putArray("rules");
                return f;
              });
      String status = r.path("status").asText();
      ((ArrayNode) flat.get("rules"))
          .addObject()
          .put("name", a.path("rule").asText())
          .put("level", a.path("level").asText())
          .put("status", status)
          .put("failing_rows", r.path("failures").asLong(0))
          .put("observed", a.path("_message").asText());
      if (status.equals("fail")) {
        flat.put("status", "error");
      }
    }
    out.putAll(tested);
    return out;
  }

  private void model(ObjectNode n, ModelOutcome r) {
    n.put("status", r.status().label());
    timing(n, r);
    n.put("thread_id", "Thread-1");
    n.put("execution_time", round(r.timing().seconds()));
    ObjectNode adapter = n.putObject("adapter_response");
    ModelOutcome.Rows rows = r.rows();
    adapter.put("_message", r.action().label());
    adapter.put("code", r.action().name());
    adapter.put("rows_affected", rows.inserted() + rows.updated());
    adapter.put("materialization", r.materialization().label());
    adapter.put("rows_inserted", rows.inserted());
    adapter.put("rows_updated", rows.updated());
    if (rows.inTable() >= 0) {
      adapter.put("rows_in_table", rows.inTable());
    }
    adapter.put("rows_in", rows.in());
    adapter.put("rows_quarantined", rows.quarantined());
    r.snapshot().ifPresent(c -> adapter.set("changes", JSON.valueToTree(c.asMap())));
    adapter.set("rules", QualityFile.rules(r.rules()));
    n.put("message", r.message());
    n.putNull("failures");
    n.put("unique_id", modelIds.getOrDefault(r.name(), "model." + r.name()));
    n.put("compiled", r.status() != ModelOutcome.Status.SKIPPED);
    n.putNull("compiled_code");
    n.put("relation_name", r.node().relation());
  }

  private void test(ObjectNode n, ModelOutcome r, RuleOutcome o) {
    n.put("status", o.passed() ? "pass" : o.level() == Level.ERROR ? "fail" : "warn");
    timing(n, r);
    n.put("thread_id", "Thread-1");
    n.put("execution_time", 0.0);
    // The model and rule the test checks: dbt leaves adapter_response to the adapter.
    n.putObject("adapter_response")
        .put("_message", o.observed())
        .put("model", r.name())
        .put("rule", o.rule())
        .put("level", o.level().label());
    n.put("message", o.passed() ? null : o.describe());
    n.put("failures", o.passed() ? 0 : o.failingRows());
    n.put("unique_id", testIds.get(r.name() + " " + o.rule()));
    n.put("compiled", true);
    n.putNull("compiled_code");
    n.putNull("relation_name");
  }

  private static void timing(ObjectNode n, ModelOutcome r) {
    ArrayNode timing = n.putArray("timing");
    if (r.status() == ModelOutcome.Status.SKIPPED) {
      return;
    }
    Instant start = r.timing().startedAt();
    timing
        .addObject()
        .put("name", "execute")
        .put("started_at", start.toString())
        .put("completed_at", start.plusNanos((long) (r.timing().seconds() * 1e9)).toString());
  }

  private String write(String name, ObjectNode json) {
    try {
      return target.write(name, JSON.writeValueAsBytes(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + name, e);
    }
  }

  static double round(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }
}
