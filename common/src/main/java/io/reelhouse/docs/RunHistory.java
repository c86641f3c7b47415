package io.reelhouse.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The runs kept under {@code target/runs/}, oldest first, as the docs read them. */
public final class RunHistory {
  private final List<JsonNode> runs;

  private RunHistory(List<JsonNode> runs) {
    this.runs = runs;
  }

  public static RunHistory read(Path targetDir) {
    Path dir = targetDir.resolve("runs");
    List<JsonNode> runs = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      ObjectMapper json = new ObjectMapper();
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
          runs.add(json.readTree(f.toFile()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read the run history in " + dir + ": " + e.getMessage(), e);
      }
    }
    return new RunHistory(runs);
  }

  /** The model's most recent result that ran it (not skipped), with the run's command. */
  public Optional<JsonNode> last(String model) {
    for (int i = runs.size() - 1; i >= 0; i--) {
      for (JsonNode r : runs.get(i).get("results")) {
        if (r.get("name").asText().equals(model) && !r.get("status").asText().equals("skipped")) {
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
      for (JsonNode r : run.get("results")) {
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
