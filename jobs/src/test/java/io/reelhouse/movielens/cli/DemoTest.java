package io.reelhouse.movielens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelhouse.movielens.DbtSchemas;
import io.reelhouse.testing.TestSpark;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo} on an empty folder: it generates a 1% sample, builds everything and leaves dbt's
 * artifacts for it; {@code docs generate} then adds the catalog of what it published.
 */
class DemoTest {
  @TempDir Path home;

  /** Rows of a scale-0.01 sample: ML-25M's 25,000,095 ratings x 0.01, rounded. */
  private static final long RATINGS_AT_1_PERCENT = 250_001;

  @Test
  void theDemoBuildLeavesArtifactsDbtsSchemasAcceptAndDocsAddTheCatalog() {
    TestSpark.session();
    Cli.Result demo = Cli.run(home, "demo", "--scale", "0.01");
    assertThat(demo.code()).as(demo.out() + demo.err()).isZero();
    assertThat(demo.out()).contains("Done. PASS=15 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=15");

    JsonNode results = DbtArtifacts.lastRun(home);
    assertThat(results.at("/args/which").asText()).isEqualTo("build");
    assertThat(DbtArtifacts.count(results, "success")).as("the 15 models").isEqualTo(15);
    assertThat(DbtArtifacts.count(results, "pass")).as("the 24 rules").isEqualTo(24);
    for (JsonNode r : results.get("results")) {
      if (r.get("unique_id").asText().equals(DbtArtifacts.FCT_RATINGS)) {
        assertThat(r.at("/adapter_response/rows_in_table").asLong())
            .isEqualTo(RATINGS_AT_1_PERCENT);
      }
    }

    Cli.Result docs = Cli.run(home, "docs", "generate");
    assertThat(docs.code()).as(docs.out() + docs.err()).isZero();
    assertThat(docs.out()).contains("Catalog: ").contains("catalog.json");
    JsonNode catalog =
        DbtSchemas.assertValid(DbtSchemas.CATALOG, home.resolve("target/catalog.json"));
    assertThat(catalog.get("nodes").size())
        .as("the seed, 4 dimensions and facts, the mart and 2 snapshots; no views")
        .isEqualTo(9);
    assertThat(catalog.get("sources").size()).as("the six raw files").isEqualTo(6);
    assertThat(catalog.at("/nodes/model.movielens.fct_ratings/stats/row_count/value").asLong())
        .isEqualTo(RATINGS_AT_1_PERCENT);
    assertThat(catalog.at("/nodes/model.movielens.fct_ratings/metadata/schema").asText())
        .isEqualTo("local_fct");
    DbtArtifacts.manifest(home);
  }
}
