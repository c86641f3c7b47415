package io.reelhouse.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelhouse.model.DatasetModel;
import io.reelhouse.model.Materialization;
import io.reelhouse.model.Model;
import io.reelhouse.model.ModelContext;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.model.Project;
import io.reelhouse.model.Selection;
import io.reelhouse.model.SqlModel;
import io.reelhouse.model.SqlRefs;
import io.reelhouse.model.selection.Node;
import io.reelhouse.model.selection.SelectionSpec.IndirectSelection;
import io.reelhouse.quality.Rule;
import io.reelhouse.quality.Rules;
import io.reelhouse.source.SourceSpec;
import io.reelhouse.warehouse.SchemaNaming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --state}: an earlier manifest of a project, and the project now, where mart_x's SQL and
 * dim_y's rule changed, src_x got a tag (a config), dim_z is new and the raw file has a column
 * more; dim_x is as it was. Also the earlier run's results for {@code result:}, and the inputs
 * {@code --state} refuses.
 */
class StateSelectionTest {
  @TempDir Path state;

  record Java(ModelInfo info) implements DatasetModel {
    @Override
    public Dataset<Row> build(ModelContext ctx) {
      throw new UnsupportedOperationException("declared only");
    }
  }

  record Sql(ModelInfo info, String text) implements SqlModel {
    @Override
    public String sql(SqlRefs refs) {
      return text.replace("{dim_x}", refs.table("dim_x"));
    }
  }

  private static Model view(String... tags) {
    return new Java(
        ModelInfo.builder("src_x", "staging", Materialization.VIEW)
            .description("one row per line")
            .tags(tags)
            .build());
  }

  private static Model table(String name, Rule rule) {
    return new Java(
        ModelInfo.builder(name, "dim", Materialization.TABLE)
            .refs("src_x")
            .description("one row per thing")
            .rules(rule)
            .build());
  }

  private static Model mart(String sql) {
    return new Sql(
        ModelInfo.builder("mart_x", "mart", Materialization.TABLE)
            .refs("dim_x")
            .description("one row per kind")
            .build(),
        sql);
  }

  /** The raw file, with a column more now than earlier. */
  private static SourceSpec raw(boolean withName) {
    StructType schema = new StructType().add("id", DataTypes.IntegerType);
    return new SourceSpec(
        "raw", "raw.csv", withName ? schema.add("name", DataTypes.StringType) : schema, true);
  }

  private static Project earlier(String name) {
    return new Project(
        name,
        List.of(raw(false)),
        List.of(
            view(),
            table("dim_x", Rules.notNull("x_id")),
            table("dim_y", Rules.unique("y_id")),
            mart("select kind, count(*) from {dim_x} group by kind")));
  }

  private static final Project NOW =
      new Project(
          "films",
          List.of(raw(true)),
          List.of(
              view("pii"),
              table("dim_x", Rules.notNull("x_id")),
              table("dim_y", Rules.unique("y_id").warn()),
              table("dim_z", Rules.notNull("z_id")),
              mart("select kind, count(*) as n from {dim_x} group by kind")));

  private void writeManifest(Project project) throws IOException {
    ObjectNode json =
        new Manifest(project, new SchemaNaming("prod", true), "delta").json("earlier", null);
    Files.writeString(state.resolve("manifest.json"), json.toPrettyString());
  }

  private List<String> models(String term) {
    return Selection.resolve(
            NOW,
            Selection.Request.of(List.of(term), List.of()),
            PreviousState.read(state, NOW).methods())
        .models();
  }

  /** Every node the term selects itself, without the tests of the models it selects. */
  private List<String> direct(String term) {
    return Selection.resolve(
            NOW,
            new Selection.Request(
                List.of(term), List.of(), null, Set.of(), IndirectSelection.EMPTY, null),
            PreviousState.read(state, NOW).methods())
        .nodes()
        .stream()
        .map(Node::uniqueId)
        .toList();
  }

  @Test
  void stateMethodsCompareChecksumsAndConfigsWithTheEarlierManifest() throws IOException {
    writeManifest(earlier("films"));
    assertThat(models("state:modified.body"))
        .as("SQL changed, a rule changed, and the new model")
        .containsExactlyInAnyOrder("dim_y", "mart_x", "dim_z");
    assertThat(models("state:modified.configs")).containsExactlyInAnyOrder("src_x", "dim_z");
    assertThat(models("state:modified"))
        .containsExactlyInAnyOrder("src_x", "dim_y", "mart_x", "dim_z");
    assertThat(models("state:new")).containsExactly("dim_z");
    assertThat(models("state:old")).containsExactlyInAnyOrder("src_x", "dim_x", "dim_y", "mart_x");
    assertThat(models("state:unmodified")).containsExactly("dim_x");
    assertThat(direct("state:modified.body"))
        .as("the changed rule's test node itself, not the unchanged ones")
        .contains("test.films.unique_dim_y_y_id")
        .doesNotContain("test.films.not_null_dim_x_x_id");
    assertThat(models("state:modified.body+")).contains("mart_x", "dim_y");
    assertThat(direct("state:modified"))
        .as("a source has no checksum: its columns changed")
        .contains("source.films.films.raw");
    assertThat(direct("state:unmodified")).doesNotContain("source.films.films.raw");
  }

  @Test
  void resultMethodsSelectByTheEarlierRunsStatus() throws IOException {
    writeManifest(earlier("films"));
    Files.writeString(
        state.resolve("run_results.json"),
        """
        {"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/run-results/v6.json"},
         "results": [
          {"unique_id": "model.films.src_x", "status": "success"},
          {"unique_id": "model.films.dim_x", "status": "error"},
          {"unique_id": "model.films.mart_x", "status": "skipped"},
          {"unique_id": "test.films.unique_dim_y_y_id", "status": "fail"},
          {"unique_id": "model.films.gone", "status": "error"}]}
        """);
    assertThat(models("result:error")).containsExactly("dim_x");
    assertThat(models("result:skipped")).containsExactly("mart_x");
    assertThat(direct("result:fail")).containsExactly("test.films.unique_dim_y_y_id");
    assertThat(models("result:error+")).containsExactly("dim_x", "mart_x");
    assertThat(models("result:success")).containsExactly("src_x");
    assertThatThrownBy(() -> models("result:broken"))
        .hasMessageContaining("'result:broken'")
        .hasMessageContaining("error, skipped");
  }

  @Test
  void aFolderWithoutAManifestFailsNamingTheFile() {
    assertThatThrownBy(() -> PreviousState.read(state, NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(state.resolve("manifest.json").toString());
  }

  @Test
  void aManifestOfAnotherProjectFailsNamingTheFileAndTheProject() throws IOException {
    writeManifest(earlier("books"));
    assertThatThrownBy(() -> PreviousState.read(state, NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--state: "
                + state.resolve("manifest.json")
                + " is the manifest of project 'books', not 'films'");
  }

  @Test
  void aManifestHoldingAnotherProjectsNodesFailsNamingTheNode() throws IOException {
    ObjectNode json =
        new Manifest(earlier("films"), new SchemaNaming("prod", true), "delta").json("x", null);
    ((ObjectNode) json.get("nodes")).putObject("model.books.dim_x");
    Files.writeString(state.resolve("manifest.json"), json.toPrettyString());
    assertThatThrownBy(() -> PreviousState.read(state, NOW))
        .hasMessageContaining(state.resolve("manifest.json").toString())
        .hasMessageContaining("model.books.dim_x");
  }

  @Test
  void aFileThatIsNotAManifestFailsNamingIt() throws IOException {
    Files.writeString(state.resolve("manifest.json"), "{\"nodes\": ");
    assertThatThrownBy(() -> PreviousState.read(state, NOW))
        .hasMessageStartingWith("--state: cannot read " + state.resolve("manifest.json"));
    Files.writeString(
        state.resolve("manifest.json"),
        "{\"metadata\": {\"dbt_schema_version\": \"https://schemas.getdbt.com/dbt/catalog/v1.json\"}}");
    assertThatThrownBy(() -> PreviousState.read(state, NOW))
        .hasMessageContaining(state.resolve("manifest.json") + " is not a dbt manifest");
  }

  @Test
  void resultWithoutRunResultsFailsNamingTheMissingFile() throws IOException {
    writeManifest(earlier("films"));
    assertThatThrownBy(() -> models("result:error"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(state.resolve("run_results.json").toString());
  }
}
