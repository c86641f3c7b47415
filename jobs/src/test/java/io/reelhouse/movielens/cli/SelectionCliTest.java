package io.reelhouse.movielens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelhouse.artifacts.Manifest;
import io.reelhouse.movielens.MovieLensProject;
import io.reelhouse.warehouse.SchemaNaming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dbt's selection on the command line: ls in each of dbt's outputs, warnings and exit codes, and
 * the checks that fail before any Spark work (none of these starts a session).
 */
class SelectionCliTest {
  @TempDir Path home;

  private Cli.Result reelhouse(String... args) {
    return Cli.run(home, args);
  }

  @Test
  void lsPrintsNamesSortedByUniqueIdAsDbtDoes() {
    Cli.Result r = reelhouse("ls", "-s", "tag:genome", "--resource-type", "model", "-o", "name");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines())
        .containsExactly(
            "dim_genome_tags",
            "dim_movies_with_tags",
            "fct_genome_scores",
            "src_genome_scores",
            "src_genome_tags");
  }

  @Test
  void lsPrintsSelectorsAndPathsThatSelectTheSameNodes() {
    Cli.Result r =
        reelhouse(
            "ls",
            "--select",
            "source:movielens.ratings+",
            "--resource-type",
            "source,model",
            "--output",
            "selector");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines())
        .containsExactly(
            "movielens.dim.dim_users",
            "movielens.fct.fct_ratings",
            "movielens.mart.mart_movie_releases",
            "movielens.staging.src_ratings",
            "source:movielens.movielens.ratings");
    Cli.Result paths =
        reelhouse("ls", "-s", "layer:snapshots", "--resource-type", "snapshot", "-o", "path");
    assertThat(paths.out().lines())
        .containsExactly("snapshots/SnapMovies.java", "snapshots/SnapTags.java");
  }

  @Test
  void lsListsTestsAttachedToTheirModels() {
    Cli.Result r = reelhouse("ls", "-s", "fct_ratings", "--resource-type", "test", "-o", "name");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines())
        .containsExactly(
            "accepted_values_fct_ratings_rating",
            "expression_fct_ratings_rating_timestamp_between_timestamp_1995_01_01_00_00_00_and_current_timestamp",
            "not_null_fct_ratings_movie_id",
            "not_null_fct_ratings_rating",
            "not_null_fct_ratings_user_id",
            "relationships_fct_ratings_movie_id__movie_id__ref_dim_movies_",
            "unique_combination_of_columns_fct_ratings_user_id__movie_id");
  }

  @Test
  void lsJsonHasDbtsKeys() throws IOException {
    Cli.Result r = reelhouse("ls", "-s", "fct_ratings", "--resource-type", "model", "-o", "json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines()).hasSize(1);
    JsonNode n = new ObjectMapper().readTree(r.out());
    assertThat(n.get("unique_id").asText()).isEqualTo("model.movielens.fct_ratings");
    assertThat(n.get("resource_type").asText()).isEqualTo("model");
    assertThat(n.get("original_file_path").asText()).isEqualTo("fct/FctRatings.java");
    assertThat(n.get("config").get("materialized").asText()).isEqualTo("incremental");
    assertThat(n.get("tags").toString()).isEqualTo("[\"nightly\",\"pii\"]");
    assertThat(n.get("depends_on").get("nodes").toString())
        .as("refs, and the model its relationships rule reads")
        .isEqualTo("[\"model.movielens.src_ratings\",\"model.movielens.dim_movies\"]");
    Cli.Result keys =
        reelhouse("ls", "-s", "snap_movies", "-o", "json", "--output-keys", "name,resource_type");
    assertThat(keys.out().trim())
        .isEqualTo("{\"name\":\"snap_movies\",\"resource_type\":\"snapshot\"}");
  }

  @Test
  void theDefaultLsTableListsModelsOnly() {
    Cli.Result r = reelhouse("ls", "-s", "fct_ratings+1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines()).hasSize(3);
    assertThat(r.out())
        .containsPattern("fct_ratings +fct +incremental +local_fct.fct_ratings ")
        .containsPattern("mart_movie_releases +mart +incremental ");
  }

  @Test
  void aSelectorFromSelectorsYml() {
    Cli.Result r =
        reelhouse("ls", "--selector", "genome", "--resource-type", "model", "--output", "name");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines()).hasSize(5).contains("dim_movies_with_tags");
    Cli.Result unknown = reelhouse("build", "--selector", "genomes");
    assertThat(unknown.code()).isEqualTo(Main.CANNOT_START);
    assertThat(unknown.err())
        .contains("error: no selector 'genomes' in ")
        .contains("selectors.yml (selectors: nightly, genome, no_pii, nightly_tables)");
  }

  @Test
  void aCycleInSelectorsYmlFailsBeforeAnyWorkNamingTheFile() throws IOException {
    Path file =
        Files.writeString(
            home.resolve("selectors.yml"),
            """
            selectors:
              - name: a
                definition: {method: selector, value: b}
              - name: b
                definition: {method: selector, value: a}
            """);
    Cli.Result r = reelhouse("build", "--selectors-file", file.toString(), "--selector", "a");
    assertThat(r.code()).isEqualTo(Main.CANNOT_START);
    assertThat(r.err().trim())
        .isEqualTo("error: " + file + ": selectors refer to each other in a cycle: a -> b -> a");
  }

  @Test
  void aMethodMatchingNothingWarnsAndExitsZero() {
    Cli.Result build = reelhouse("build", "-s", "tag:weekly");
    assertThat(build.code()).as(build.err()).isZero();
    assertThat(build.err())
        .contains("warning: The selection criterion 'tag:weekly' does not match any enabled nodes");
    assertThat(build.out()).contains("Nothing to do");
    Cli.Result test = reelhouse("test", "-s", "tag:weekly");
    assertThat(test.code()).isZero();
    assertThat(test.out()).contains("Nothing to do");
  }

  @Test
  void badSelectorsAreInvocationErrorsNamingTheBadPart() {
    Cli.Result name = reelhouse("run", "-s", "dim_movie");
    assertThat(name.code()).isEqualTo(Main.CANNOT_START);
    assertThat(name.err().trim())
        .isEqualTo(
            "error: unknown model 'dim_movie'; did you mean dim_movies, src_movies,"
                + " dim_movies_with_tags?");
    Cli.Result malformed = reelhouse("ls", "-s", "fct_ratings,,tag:pii");
    assertThat(malformed.code()).isEqualTo(Main.CANNOT_START);
    assertThat(malformed.err())
        .contains("invalid selector 'fct_ratings,,tag:pii': an empty part between commas");
    Cli.Result output = reelhouse("ls", "-o", "yaml");
    assertThat(output.code()).isEqualTo(Main.CANNOT_START);
    assertThat(output.err()).contains("--output must be name, path, selector or json, got 'yaml'");
    Cli.Result type = reelhouse("ls", "--resource-type", "modle");
    assertThat(type.code()).isEqualTo(Main.CANNOT_START);
    assertThat(type.err()).contains("invalid resource type 'modle' in --resource-type");
    Cli.Result both = reelhouse("ls", "--selector", "genome", "-s", "dim_users");
    assertThat(both.code()).isEqualTo(Main.CANNOT_START);
    assertThat(both.err())
        .contains("--selector genome cannot be combined with --select or --exclude");
  }

  @Test
  void showChecksItsSelectionAndOutputBeforeStartingSpark() {
    Cli.Result many = reelhouse("show", "-s", "tag:nightly");
    assertThat(many.code()).isEqualTo(Main.CANNOT_START);
    assertThat(many.err())
        .contains(
            "show --select must pick one model; 'tag:nightly' picks 5: dim_users, fct_ratings,"
                + " mart_movie_releases, snap_tags, snap_movies");
    Cli.Result unknown = reelhouse("show", "--select", "dim_movie");
    assertThat(unknown.code()).isEqualTo(Main.CANNOT_START);
    assertThat(unknown.err()).contains("unknown model 'dim_movie'");
    Cli.Result output = reelhouse("show", "-s", "dim_movies", "--output", "table");
    assertThat(output.code()).isEqualTo(Main.CANNOT_START);
    assertThat(output.err()).contains("--output must be text, json or csv, got 'table'");
    Cli.Result twoWays = reelhouse("show", "-s", "dim_movies", "--inline", "select 1");
    assertThat(twoWays.code()).isEqualTo(Main.CANNOT_START);
  }

  @Test
  void stateSelectsWhatChangedSinceTheManifestInTheStateFolder() throws IOException {
    Path earlier = Files.createDirectories(home.resolve("prod-target"));
    ObjectNode manifest =
        new Manifest(MovieLensProject.create(), new SchemaNaming("prod", true), "delta")
            .json("earlier", null);
    // As if fct_ratings had been defined otherwise when that manifest was written.
    ((ObjectNode) manifest.at("/nodes/model.movielens.fct_ratings/checksum")).put("checksum", "0");
    ((ObjectNode) manifest.get("nodes")).remove("model.movielens.dim_users");
    Files.writeString(earlier.resolve("manifest.json"), manifest.toPrettyString());
    Cli.Result r =
        reelhouse(
            "ls",
            "-s",
            "state:modified",
            "--state",
            earlier.toString(),
            "--resource-type",
            "model",
            "-o",
            "name");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines()).containsExactly("dim_users", "fct_ratings");
    Cli.Result added =
        reelhouse("ls", "-s", "state:new", "--state", earlier.toString(), "-o", "name");
    assertThat(added.out().lines())
        .as("the new model, and its tests (which were there) by eager indirect selection")
        .containsExactly("dim_users", "not_null_dim_users_user_id", "unique_dim_users_user_id");
  }

  @Test
  void badStateInputsAreInvocationErrorsNamingTheFileBeforeAnyWork() throws IOException {
    Cli.Result none = reelhouse("build", "-s", "state:modified");
    assertThat(none.code()).isEqualTo(Main.CANNOT_START);
    assertThat(none.err()).contains("give --state DIR").doesNotContain("START");
    Path empty = Files.createDirectories(home.resolve("empty"));
    Cli.Result missing = reelhouse("build", "-s", "state:modified", "--state", empty.toString());
    assertThat(missing.code()).isEqualTo(Main.CANNOT_START);
    assertThat(missing.err()).contains(empty.resolve("manifest.json").toString());
    Path other = Files.createDirectories(home.resolve("other"));
    Files.writeString(
        other.resolve("manifest.json"),
        "{\"metadata\": {\"dbt_schema_version\":"
            + " \"https://schemas.getdbt.com/dbt/manifest/v12.json\", \"project_name\":"
            + " \"jaffle_shop\"}, \"nodes\": {}}");
    Cli.Result foreign = reelhouse("test", "-s", "state:new", "--state", other.toString());
    assertThat(foreign.code()).isEqualTo(Main.CANNOT_START);
    assertThat(foreign.err())
        .contains(other.resolve("manifest.json").toString())
        .contains("project 'jaffle_shop', not 'movielens'");
  }
}
