package io.reelhouse.movielens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelhouse.movielens.DbtSchemas;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the CLI tests check of {@code target/}'s dbt artifacts after their builds: each file valid
 * against dbt's schema, the manifest and the results of one invocation naming the same nodes, and a
 * few values a dbt user reads (statuses, counts, what fct_ratings depends on, a test's model).
 */
final class DbtArtifacts {
  private DbtArtifacts() {}

  static final String FCT_RATINGS = "model.movielens.fct_ratings";

  /**
   * run_results.json and manifest.json of the last invocation, valid and of the same invocation.
   */
  static JsonNode lastRun(Path home) {
    JsonNode results =
        DbtSchemas.assertValid(DbtSchemas.RUN_RESULTS, home.resolve("target/run_results.json"));
    JsonNode manifest = manifest(home);
    assertThat(manifest.at("/metadata/invocation_id").asText())
        .as("manifest.json is written as the run starts, with the run's id")
        .isEqualTo(results.at("/metadata/invocation_id").asText());
    for (JsonNode r : results.get("results")) {
      assertThat(manifest.get("nodes").has(r.get("unique_id").asText()))
          .as(r.get("unique_id") + " of run_results.json is a node of manifest.json")
          .isTrue();
    }
    return results;
  }

  /** manifest.json, valid, with fct_ratings' parents and a test attached to it. */
  static JsonNode manifest(Path home) {
    JsonNode m = DbtSchemas.assertValid(DbtSchemas.MANIFEST, home.resolve("target/manifest.json"));
    assertThat(m.at("/metadata/project_name").asText()).isEqualTo("movielens");
    assertThat(texts(m.get("nodes").get(FCT_RATINGS).at("/depends_on/nodes")))
        .containsExactlyInAnyOrder("model.movielens.src_ratings", "model.movielens.dim_movies");
    assertThat(m.at("/nodes/test.movielens.not_null_fct_ratings_rating/attached_node").asText())
        .isEqualTo(FCT_RATINGS);
    return m;
  }

  /** Status by unique id of the last run's results. */
  static Map<String, String> statuses(JsonNode results) {
    Map<String, String> out = new LinkedHashMap<>();
    results
        .get("results")
        .forEach(r -> out.put(r.get("unique_id").asText(), r.get("status").asText()));
    return out;
  }

  /** How many results have the status. */
  static long count(JsonNode results, String status) {
    return statuses(results).values().stream().filter(status::equals).count();
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(x -> out.add(x.asText()));
    return out;
  }
}
