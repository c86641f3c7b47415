package io.reelhouse.movielens.cli;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code notebook export}: every notebook as a Jupyter notebook that Jupyter's own schema accepts,
 * whose code cells Python parses, carrying the SQL unchanged with the widgets as papermill
 * parameters.
 */
class NotebookExportTest {
  @TempDir Path dir;

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonSchema nbformat() throws IOException {
    try (InputStream in =
        NotebookExportTest.class.getResourceAsStream("/nbformat/nbformat.v4.4.schema.json")) {
      // The schema groups shared definitions under definitions/misc, whose names (source,
      // execution_count, ...) the validator would otherwise log as unknown keywords.
      var meta =
          JsonMetaSchema.builder(JsonMetaSchema.getV4())
              .unknownKeywordFactory((keyword, context) -> new NonValidationKeyword(keyword))
              .build();
      return JsonSchemaFactory.getInstance(
              SpecVersion.VersionFlag.V4,
              b -> b.metaSchema(meta).defaultMetaSchemaIri(meta.getIri()))
          .getSchema(in);
    }
  }

  private JsonNode export(String notebook) throws IOException {
    Path out = dir.resolve(notebook + ".ipynb");
    var stdout = new java.io.ByteArrayOutputStream();
    var stderr = new java.io.ByteArrayOutputStream();
    // In process, without the settings Cli.run adds: export reads no conf and starts no Spark.
    int code =
        Main.execute(
            new String[] {
              "notebook",
              "export",
              Path.of("..", "notebooks", notebook + ".sql").toString(),
              "--out",
              out.toString()
            },
            new java.io.PrintStream(stdout, true, StandardCharsets.UTF_8),
            new java.io.PrintStream(stderr, true, StandardCharsets.UTF_8));
    var r =
        new Cli.Result(
            code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo(out.toString());
    return JSON.readTree(out.toFile());
  }

  private static String source(JsonNode cell) {
    StringBuilder s = new StringBuilder();
    cell.get("source").forEach(line -> s.append(line.asText()));
    return s.toString();
  }

  @Test
  void everyNotebookExportsAsAnIpynbThatJupytersSchemaAccepts() throws IOException {
    JsonSchema schema = nbformat();
    List<String> names;
    try (Stream<Path> files = Files.list(Path.of("..", "notebooks"))) {
      names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".sql"))
              .map(n -> n.replaceFirst("\\.sql$", ""))
              .sorted()
              .toList();
    }
    assertThat(names).hasSize(4);
    JsonNode withoutOutputs = export(names.get(0));
    ((com.fasterxml.jackson.databind.node.ObjectNode) withoutOutputs.get("cells").get(1))
        .remove("outputs");
    assertThat(schema.validate(withoutOutputs))
        .as("the schema is enforced: a code cell needs its outputs")
        .isNotEmpty();
    for (String name : names) {
      JsonNode nb = export(name);
      assertThat(schema.validate(nb).stream().map(ValidationMessage::getMessage).toList())
          .as(name + ".ipynb against nbformat 4.4")
          .isEmpty();
      pythonParses(name, nb);
    }
  }

  @Test
  void cohortsBecomeParametersASetupCellAndOneSparkSqlCall() throws IOException {
    JsonNode cells = export("user_cohorts").get("cells");
    assertThat(cells).hasSize(4);
    assertThat(cells.get(0).get("cell_type").asText()).isEqualTo("markdown");
    assertThat(source(cells.get(0))).startsWith("# Rating activity per user cohort\n");

    assertThat(cells.get(1).get("metadata").get("tags").get(0).asText())
        .as("the cell papermill and EMR Studio fill in")
        .isEqualTo("parameters");
    assertThat(source(cells.get(1))).endsWith("\ncatalog = \"\"\nfct_schema = \"\"");
    assertThat(source(cells.get(2)))
        .startsWith(
            "params = {\"catalog\": catalog, \"fct_schema\": fct_schema}\n"
                + "missing = [name for name, value in params.items() if not value]\n");

    String query = source(cells.get(3));
    String sql =
        Files.readString(Path.of("..", "notebooks", "user_cohorts.sql"))
            .split("-- COMMAND ----------\n")[2]
            .strip();
    assertThat(query)
        .as("the statement, as written in the notebook, bound to the parameters")
        .isEqualTo("spark.sql(\"\"\"" + sql + "\"\"\", args=params).show(50, truncate=False)");
  }

  /** Each code cell compiles as Python (python3's own parser); skipped without python3. */
  private void pythonParses(String name, JsonNode nb) throws IOException {
    Path python = Path.of("/usr/bin/python3");
    Assumptions.assumeTrue(Files.isExecutable(python), "needs " + python + " to parse the cells");
    List<String> code = new ArrayList<>();
    nb.get("cells")
        .forEach(
            c -> {
              if (c.get("cell_type").asText().equals("code")) {
                code.add(source(c));
              }
            });
    Path cells = dir.resolve(name + ".cells.json");
    Files.writeString(cells, JSON.writeValueAsString(code));
    Process p =
        new ProcessBuilder(
                python.toString(),
                "-c",
                "import json, sys\n"
                    + "for i, c in enumerate(json.load(open(sys.argv[1]))):\n"
                    + "    compile(c, 'cell %d' % i, 'exec')\n",
                cells.toString())
            .redirectErrorStream(true)
            .start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(name + ": " + output).isZero();
  }
}
