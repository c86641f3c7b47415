package io.reelhouse.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelhouse.quality.Level;
import io.reelhouse.quality.RuleOutcome;

/**
 * {@code quality/<invocation id>.json}: per model of a run, the rows it built, the rows it set
 * aside, whether it was published, and each rule's outcome, for the data's users.
 */
final class QualityFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private QualityFile() {}

  static ObjectNode of(RunReport report) {
    ObjectNode quality = JSON.createObjectNode();
    quality.put("invocation_id", report.invocationId());
    quality.put("generated_at", report.startedAt().toString());
    ObjectNode models = quality.putObject("models");
    for (ModelOutcome r : report.results()) {
      if (!r.rules().isEmpty()) {
        ObjectNode m = models.putObject(r.name());
        m.put("rows_in", r.rows().in());
        m.put("rows_quarantined", r.rows().quarantined());
        m.put("published", r.status() == ModelOutcome.Status.SUCCESS);
        m.set("rules", rules(r.rules()));
      }
    }
    return quality;
  }

  /** Each rule's name, level, status (pass, warn, fail), failing rows and what was observed. */
  static ArrayNode rules(java.util.List<RuleOutcome> outcomes) {
    ArrayNode rules = JSON.createArrayNode();
    for (RuleOutcome o : outcomes) {
      ObjectNode n = rules.addObject();
      n.put("name", o.rule());
      n.put("level", o.level().label());
      n.put("status", o.passed() ? "pass" : o.level() == Level.ERROR ? "fail" : "warn");
      n.put("failing_rows", o.failingRows());
      n.put("observed", o.observed());
    }
    return rules;
  }
}
