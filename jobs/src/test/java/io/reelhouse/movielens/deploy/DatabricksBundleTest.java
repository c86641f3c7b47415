package io.reelhouse.movielens.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * databricks.yml is checked as {@code databricks bundle validate} would: against the Databricks
 * CLI's bundle JSON schema (a copy in src/test/resources/databricks-cli, with its licence), which
 * accepts a {@code ${var.x}} reference in place of any typed value as the CLI does, then by {@link
 * BundleRules}: variables resolved per target and the target-mode rules. A misspelt key, a
 * production target without a root path or a cluster without an access mode fails the build.
 */
class DatabricksBundleTest {
  private static final Path BUNDLE =
      Path.of(System.getProperty("reelhouse.bundle", Path.of("..", "databricks.yml").toString()));
  private static final Map<String, String> PROD_VARS = Map.of("service_principal", "9f2c-sp");
  private static final JsonSchema SCHEMA = schema();

  private static JsonSchema schema() {
    try (InputStream in =
        DatabricksBundleTest.class.getResourceAsStream("/databricks-cli/jsonschema.json")) {
      JsonNode node = new ObjectMapper().readTree(in);
      // The schema's own keywords (markdownDescription, enumDescriptions, ...) only document.
      var meta =
          JsonMetaSchema.builder(JsonMetaSchema.getV202012())
              .unknownKeywordFactory((keyword, context) -> new NonValidationKeyword(keyword))
              .build();
      return JsonSchemaFactory.getInstance(
              SpecVersion.VersionFlag.V202012,
              b -> b.metaSchema(meta).defaultMetaSchemaIri(meta.getIri()))
          .getSchema(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text() throws IOException {
    return Files.readString(BUNDLE);
  }

  private static Map<String, Object> parse(String yaml) {
    return new Yaml().load(yaml);
  }

  /** The schema's complaints, one line each ("$.targets.dev: ..."). */
  private static List<String> schemaErrors(String yaml) {
    JsonNode node = new ObjectMapper().valueToTree(parse(yaml));
    return SCHEMA.validate(node).stream().map(ValidationMessage::getMessage).sorted().toList();
  }

  @Test
  void theBundleIsValidAgainstTheCliSchema() throws IOException {
    assertThat(schemaErrors(text())).as("schema errors in " + BUNDLE).isEmpty();
  }

  @Test
  void theBundleFollowsTheTargetModeRules() throws IOException {
    assertThat(BundleRules.problems(parse(text()), PROD_VARS))
        .as("rules broken in " + BUNDLE)
        .isEmpty();
  }

  @Test
  void prodCannotBeValidatedWithoutItsServicePrincipal() throws IOException {
    assertThat(BundleRules.targetProblems(parse(text()), "prod", Map.of()))
        .containsExactly(
            "target 'prod': run_as section must specify exactly one identity. Neither"
                + " service_principal_name nor user_name is specified");
    assertThat(BundleRules.targetProblems(parse(text()), "dev", Map.of())).isEmpty();
  }

  @Test
  void aMisspeltKeyOrAWrongValueFailsTheSchema() throws IOException {
    String misspelt = text().replace("node_type_id:", "node_typ_id:");
    assertThat(String.join("\n", schemaErrors(misspelt)))
        .as("a key the cluster does not have")
        .contains("node_typ_id");
    String badMode =
        text().replace("data_security_mode: SINGLE_USER", "data_security_mode: SINGEL_USER");
    assertThat(String.join("\n", schemaErrors(badMode)))
        .as("an access mode the API does not have")
        .contains("data_security_mode");
    String badRetries = text().replace("max_retries: 1", "max_retries: once");
    assertThat(String.join("\n", schemaErrors(badRetries))).contains("max_retries");
    String reference = text().replace("max_retries: 1", "max_retries: ${var.retries}");
    assertThat(schemaErrors(reference)).as("a reference stands for any value").isEmpty();
  }

  @Test
  void eachRuleFailsWhenItsSettingIsTakenAway() throws IOException {
    String text = text();
    assertThat(problems(text.replace("      root_path: ", "      # root_path: ")))
        .contains(
            "target 'prod': target with 'mode: production' must set 'workspace.root_path' to make"
                + " sure only one copy is deployed");
    assertThat(
            problems(
                text.replace(
                    "    run_as:\n      service_principal_name: ${var.service_principal}\n", "")))
        .anyMatch(p -> p.startsWith("target 'prod' must run as a service principal"));
    assertThat(problems(text.replace("            data_security_mode: SINGLE_USER\n", "")))
        .contains(
            "job 'reelhouse': cluster 'reelhouse': data_security_mode must be set to dedicated"
                + " access (SINGLE_USER or DATA_SECURITY_MODE_DEDICATED), found null");
    assertThat(
            problems(
                text.replace("artifacts/${workspace.current_user.short_name}", "artifacts/dev")))
        .contains(
            "target 'dev': artifact_path should contain the current username or"
                + " ${workspace.current_user.short_name} to ensure uniqueness when using 'mode:"
                + " development'");
    assertThat(problems(text.replace("artifact_path: /Volumes/", "artifact_path: /Workspace/")))
        .anyMatch(p -> p.contains("workspace.artifact_path must be in a Unity Catalog volume"));
    assertThat(problems(text.replace("    default: true\n", "")))
        .contains("the default target must be 'dev' alone, found []");
    assertThat(
            problems(
                text.replace("trigger_pause_status: PAUSED", "trigger_pause_status: UNPAUSED")))
        .contains(
            "target 'dev': target with 'mode: development' cannot set trigger pause status to"
                + " UNPAUSED by default");
    assertThat(problems(text.replace("${var.node_type}", "${var.node_kind}")))
        .contains("target 'dev': reference does not exist: ${var.node_kind}");
    assertThat(problems(text.replace("          max_retries: 1\n", "")))
        .contains("job 'reelhouse': task 'build': needs retries (max_retries of 1 or more)");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theJobsSettingsLoadWithConfDatabricksConfForEachTarget() throws IOException {
    String conf = Files.readString(BUNDLE.resolveSibling("conf/databricks.conf"));
    for (String target : List.of("dev", "prod")) {
      Map<String, Object> bundle = BundleRules.resolved(parse(text()), target, PROD_VARS);
      var job =
          (Map<String, Object>)
              ((Map<String, Object>) ((Map<String, Object>) bundle.get("resources")).get("jobs"))
                  .get("reelhouse");
      var task = ((List<Map<String, Object>>) job.get("tasks")).get(0);
      List<String> params =
          (List<String>) ((Map<String, Object>) task.get("spark_jar_task")).get("parameters");
      assertThat(params.get(params.indexOf("--conf") + 1))
          .isEqualTo("/Workspace${workspace.file_path}/conf/databricks.conf");
      Map<String, String> overrides = new java.util.LinkedHashMap<>();
      for (String p : params) {
        if (p.startsWith("-D")) {
          overrides.put(p.substring(2, p.indexOf('=')), p.substring(p.indexOf('=') + 1));
        }
      }
      var s = io.reelhouse.config.SettingsLoader.load("conf/databricks.conf", conf, overrides);
      assertThat(s.warehouse().catalog()).as(target).isEqualTo("reelhouse");
      assertThat(s.warehouse().path())
          .as(target)
          .isEqualTo("/Volumes/reelhouse/reelhouse/files/state");
      assertThat(s.sourcePath()).startsWith("/Volumes/reelhouse/reelhouse/files/");
      assertThat(s.quality().metricsPath()).startsWith("/Volumes/reelhouse/reelhouse/files/state/");
      assertThat(s.env().prod()).as(target).isEqualTo(target.equals("prod"));
      assertThat(s.env().name())
          .as(target)
          .isEqualTo(target.equals("prod") ? "prod" : "dev_" + BundleRules.SHORT_NAME);
    }
  }

  private static List<String> problems(String yaml) {
    return BundleRules.problems(parse(yaml), PROD_VARS);
  }
}
