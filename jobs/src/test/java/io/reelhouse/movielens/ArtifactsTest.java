package io.reelhouse.movielens;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelhouse.artifacts.Catalog;
import io.reelhouse.artifacts.Manifest;
import io.reelhouse.artifacts.SourceFreshness;
import io.reelhouse.config.Settings;
import io.reelhouse.model.Project;
import io.reelhouse.source.Freshness;
import io.reelhouse.warehouse.SchemaNaming;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The MovieLens project's artifacts in dbt's shapes, made without Spark: manifest.json from the
 * declarations, catalog.json from hand-written table descriptions, sources.json from hand-written
 * freshness results; each valid against dbt's schema and holding the values dbt's readers look for.
 */
class ArtifactsTest {
  private static final Project PROJECT = MovieLensProject.create();
  private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

  private static ObjectNode manifest() {
    return new Manifest(PROJECT, new SchemaNaming("local", false), "delta").json("inv-1", START);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(x -> out.add(x.asText()));
    return out;
  }

  @Test
  void theManifestIsValidAndNamesNodesAsRunResultsDo() {
    ObjectNode m = manifest();
    assertThat(DbtSchemas.errors(DbtSchemas.MANIFEST, m)).isEmpty();
    assertThat(m.at("/metadata/dbt_schema_version").asText())
        .isEqualTo("https://schemas.getdbt.com/dbt/manifest/v12.json");
    assertThat(m.at("/metadata/project_name").asText()).isEqualTo("movielens");
    assertThat(m.at("/metadata/invocation_id").asText()).isEqualTo("inv-1");
    assertThat(m.at("/metadata/invocation_started_at").asText()).isEqualTo("2026-12-01T10:00:00Z");
    JsonNode fct = m.get("nodes").get("model.movielens.fct_ratings");
    assertThat(fct.get("resource_type").asText()).isEqualTo("model");
    assertThat(texts(fct.at("/depends_on/nodes")))
        .as("its ref, and dim_movies its relationships rule audits against")
        .containsExactlyInAnyOrder("model.movielens.src_ratings", "model.movielens.dim_movies");
    assertThat(fct.at("/config/materialized").asText()).isEqualTo("incremental");
    assertThat(texts(fct.at("/config/unique_key"))).containsExactly("user_id", "movie_id");
    assertThat(texts(fct.get("fqn"))).containsExactly("movielens", "fct", "fct_ratings");
    assertThat(fct.get("relation_name").asText()).isEqualTo("local_fct.fct_ratings");
    assertThat(fct.at("/checksum/checksum").asText()).matches("[0-9a-f]{64}");
    assertThat(fct.at("/columns/rating/description").asText()).isNotEmpty();
    assertThat(m.at("/nodes/model.movielens.src_ratings/relation_name").isNull())
        .as("a view is not published")
        .isTrue();
    JsonNode mart = m.get("nodes").get("model.movielens.mart_movie_releases");
    assertThat(mart.get("raw_code").asText()).contains("{{ ref('fct_ratings') }}");
    assertThat(mart.get("language").asText()).isEqualTo("sql");
    JsonNode test = m.get("nodes").get("test.movielens.not_null_fct_ratings_rating");
    assertThat(test.get("attached_node").asText()).isEqualTo("model.movielens.fct_ratings");
    assertThat(test.get("column_name").asText()).isEqualTo("rating");
    assertThat(test.at("/test_metadata/name").asText()).isEqualTo("not_null");
    assertThat(test.at("/config/severity").asText()).isEqualTo("ERROR");
    assertThat(
            m.at("/nodes/test.movielens.accepted_values_fct_ratings_rating/description").asText())
        .as("the rule's reason")
        .isEqualTo("MovieLens ratings are half stars from 0.5 to 5.0");
    assertThat(m.at("/nodes/seed.movielens.seed_movie_release_dates/resource_type").asText())
        .isEqualTo("seed");
    assertThat(m.at("/nodes/snapshot.movielens.snap_tags/config/strategy").asText())
        .isEqualTo("timestamp");
    JsonNode ratings = m.get("sources").get("source.movielens.movielens.ratings");
    assertThat(ratings.get("identifier").asText()).isEqualTo("ratings.csv");
    assertThat(ratings.at("/columns/rating/data_type").asText()).isEqualTo("double");
    assertThat(texts(m.get("child_map").get("model.movielens.fct_ratings")))
        .contains(
            "model.movielens.mart_movie_releases", "test.movielens.not_null_fct_ratings_rating");
    assertThat(texts(m.get("parent_map").get("model.movielens.fct_ratings")))
        .containsExactlyInAnyOrder("model.movielens.src_ratings", "model.movielens.dim_movies");
  }

  @Test
  void theSchemaCheckRejectsAManifestMissingASectionOrWithAFieldDbtDoesNotHave() {
    ObjectNode m = manifest();
    m.remove("child_map");
    assertThat(DbtSchemas.errors(DbtSchemas.MANIFEST, m)).anyMatch(e -> e.contains("child_map"));
    ObjectNode other = manifest();
    ((ObjectNode) other.at("/sources/source.movielens.movielens.ratings")).put("file", "x.csv");
    assertThat(DbtSchemas.errors(DbtSchemas.MANIFEST, other)).isNotEmpty();
  }

  @Test
  void theCatalogHoldsColumnsInOrderAndRowCountsOfTheTablesThatExist() {
    StructType schema =
        new StructType().add("movie_id", DataTypes.IntegerType).add("title", DataTypes.StringType);
    JsonNode c =
        new Catalog(PROJECT, new SchemaNaming("local", false))
            .json(
                "inv-2",
                m ->
                    m.name().equals("dim_movies")
                        ? Optional.of(new Catalog.Table(schema, 624))
                        : Optional.empty());
    assertThat(DbtSchemas.errors(DbtSchemas.CATALOG, c)).isEmpty();
    assertThat(c.get("nodes").size()).as("only the table that exists").isEqualTo(1);
    JsonNode dim = c.get("nodes").get("model.movielens.dim_movies");
    assertThat(dim.at("/metadata/schema").asText()).isEqualTo("local_dim");
    assertThat(dim.at("/columns/title/index").asInt()).isEqualTo(2);
    assertThat(dim.at("/columns/movie_id/type").asText()).isEqualTo("int");
    assertThat(dim.at("/stats/row_count/value").asLong()).isEqualTo(624);
    assertThat(c.at("/sources/source.movielens.movielens.ratings/columns/userId/index").asInt())
        .isEqualTo(1);
  }

  @Test
  void sourcesJsonHasDbtsThresholdsAndARuntimeErrorShape() {
    var ratings = PROJECT.source("ratings");
    var tags = PROJECT.source("tags");
    Instant now = Instant.parse("2026-12-01T12:00:00Z");
    JsonNode s =
        new SourceFreshness(PROJECT)
            .json(
                "inv-3",
                now,
                List.of(
                    new Freshness.Result(
                        ratings,
                        now.minus(Duration.ofHours(3)),
                        "max(timestamp)",
                        Duration.ofHours(3),
                        Freshness.Status.WARN,
                        new Settings.Freshness(Duration.ofHours(2), Duration.ofDays(1)),
                        null),
                    new Freshness.Result(
                        tags,
                        null,
                        "",
                        null,
                        Freshness.Status.RUNTIME_ERROR,
                        null,
                        "file not found")),
                1.5);
    assertThat(DbtSchemas.errors(DbtSchemas.SOURCES, s)).isEmpty();
    JsonNode r = s.at("/results/0");
    assertThat(r.get("unique_id").asText()).isEqualTo("source.movielens.movielens.ratings");
    assertThat(r.get("status").asText()).isEqualTo("warn");
    assertThat(r.get("max_loaded_at").asText()).isEqualTo("2026-12-01T09:00:00Z");
    assertThat(r.get("max_loaded_at_time_ago_in_s").asDouble()).isEqualTo(10_800.0);
    assertThat(r.at("/criteria/warn_after/count").asInt()).isEqualTo(2);
    assertThat(r.at("/criteria/warn_after/period").asText()).isEqualTo("hour");
    assertThat(r.at("/criteria/error_after/period").asText()).isEqualTo("day");
    assertThat(r.at("/adapter_response/basis").asText()).isEqualTo("max(timestamp)");
    assertThat(s.at("/results/1/status").asText()).isEqualTo("runtime error");
    assertThat(s.at("/results/1/error").asText()).isEqualTo("file not found");
  }
}
