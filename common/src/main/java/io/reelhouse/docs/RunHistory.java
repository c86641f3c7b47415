package io.reelhouse.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelhouse.run.RunResultsListener;
import io.reelhouse.storage.TargetDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The runs kept under {@code target/runs/}, oldest first, as the docs read them. */
public final class RunHistory {
  private final List<JsonNode> runs;

  private RunHistory(List<JsonNode> runs) {
    this.runs = runs;
  }

  public static RunHistory read(TargetDir target) {
    List<JsonNode> runs = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String name : target.list("runs", ".json")) {
      String file = "runs/" + name;
      try {
        runs.add(json.readTree(target.read(file).orElseThrow()));
      } catch (IOException | java.util.NoSuchElementException e) {
        throw new UncheckedIOException(
            new IOException(
                "cannot read the run history file " + target.uri(file) + ": " + e.getMessage(), e));
      }
    }
    return new RunHistory(runs);
  }

  /** The model's most recent result that ran it (not skipped), with the run's command. */
  public Optional<JsonNode> last(String model) {
    for (int i = runs.size() - 1; i >= 0; i--) {
      for (JsonNode r : RunResultsListener.byModel(runs.get(i)).values()) {
        if (r.get("name").asText().equals(model)
            && !r.get("status").asText().equals("skipped")
            && !r.get("status").asText().equals("no-op")) {
          return Optional.of(r);
        }
      }
    }
    return Optional.empty();
  }

  /** Rule outcomes of the model per run, oldest first: run time -> rule -> pass/warn/fail. */
  public List<Map.Entry<String, Map<String, String>>> ruleOutcomes(String model, int lastRuns) {
    List<Map.Entry<String, Map<String, String>>> out = new ArrayList<>();
    for (JsonNode run : runs) {
      for (JsonNode r : RunResultsListener.byModel(run).values()) {
        if (r.get("name").asText().equals(model) && r.has("rules") && r.get("rules").size() > 0) {
          Map<String, String> byRule = new HashMap<>();
          r.get("rules").forEach(x -> byRule.put(x.get("name").asText(), x.get("status").asText()));
          out.add(Map.entry(run.at("/metadata/generated_at").asText(), byRule));
        }
      }
    }
    return out.subList(Math.max(0, out.size() - lastRuns), out.size());
  }
}
