package io.reelhouse.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.docs.LineageTest.Declared;
import io.reelhouse.model.Materialization;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.model.Project;
import io.reelhouse.quality.MetricsHistory;
import io.reelhouse.quality.Rules;
import io.reelhouse.warehouse.SchemaNaming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docs site, from a two-model project, its recorded runs and row counts. */
class DocsSiteTest {
  @TempDir Path target;
  private Path index;

  private static Project project() {
    return new Project(
        "films",
        List.of(),
        List.of(
            new Declared(
                ModelInfo.builder("src_x", "staging", Materialization.VIEW)
                    .description("one row per line of x.csv")
                    .build()),
            new Declared(
                ModelInfo.builder("dim_x", "dim", Materialization.TABLE)
                    .refs("src_x")
                    .description("one row per <x> & its 'kind'")
                    .column("x_id", "the key")
                    .column("title", "what \"x\" is called")
                    .rules(
                        Rules.notNull("x_id").because("a row without a key cannot be joined"),
                        Rules.unique("x_id"))
                    .build())));
  }

  @BeforeEach
  void writeSite() throws IOException {
    Path runs = Files.createDirectories(target.resolve("runs"));
    Files.writeString(
        runs.resolve("20260101T000000_1.json"),
        """
        {"metadata": {"generated_at": "2026-01-01T00:00:00Z"}, "results": [
          {"name": "dim_x", "status": "success", "started_at": "2026-01-01T00:00:00Z",
           "execution_time": 2.04, "rows_in_table": 1234,
           "rules": [{"name": "not_null(x_id)", "status": "pass", "observed": "0 nulls"}]}]}
        """);
    Files.writeString(
        runs.resolve("20260102T000000_2.json"),
        """
        {"metadata": {"generated_at": "2026-01-02T00:00:00Z"}, "results": [
          {"name": "dim_x", "status": "error", "started_at": "2026-01-02T00:00:00Z",
           "execution_time": 3.0, "rows_in_table": null,
           "rules": [{"name": "not_null(x_id)", "status": "fail", "observed": "2 nulls"}]}]}
        """);
    StructType schema =
        new StructType().add("x_id", DataTypes.IntegerType).add("title", DataTypes.StringType);
    var counts =
        List.of(
            new MetricsHistory.RowCount("t_dim.dim_x", Instant.parse("2026-01-01T00:00:00Z"), 1234),
            new MetricsHistory.RowCount("t_dim.dim_x", Instant.parse("2026-01-02T00:00:00Z"), 1500),
            new MetricsHistory.RowCount("t_dim.other", Instant.parse("2026-01-02T00:00:00Z"), 7));
    DocsSite site =
        new DocsSite(
            project(),
            new SchemaNaming("t", false),
            "test <env>",
            m -> m.name().equals("dim_x") ? Optional.of(schema) : Optional.empty(),
            counts,
            RunHistory.read(
                io.reelhouse.storage.TargetDir.at(
                    target.toString(), new org.apache.hadoop.conf.Configuration())));
    index = site.write(target);
  }

  @Test
  void theIndexGroupsModelsByLayerWithTheirLastRunAndEscapesText() throws IOException {
    assertThat(index).isEqualTo(target.resolve("docs/index.html"));
    String html = Files.readString(index);
    assertThat(html)
        .startsWith("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .contains("<title>films models</title><link rel=\"stylesheet\" href=\"style.css\">")
        .contains("<h1>films models</h1><p>Environment test &lt;env&gt; · ")
        .contains("<h2>staging</h2>")
        .contains("<h2>dim</h2>")
        .contains(
            "<tr><td><a href=\"models/dim_x.html\">dim_x</a></td><td>table</td>"
                + "<td>one row per &lt;x&gt; &amp; its &#39;kind&#39;</td><td>error</td></tr>")
        .contains("<td>not run yet</td></tr>")
        .contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lineage\"")
        .doesNotContain("<x>");
    assertThat(target.resolve("docs/style.css")).content().contains(".cell.fail{");
    assertThat(target.resolve("docs/lineage.svg")).content().startsWith("<svg ");
  }

  @Test
  void aModelPageShowsColumnsWithTypesAndEachRulesLastResult() throws IOException {
    String html = Files.readString(target.resolve("docs/models/dim_x.html"));
    assertThat(html)
        .contains("<link rel=\"stylesheet\" href=\"../style.css\">")
        .contains("<h1>dim_x</h1>")
        .contains("<tr><th>table</th><td>t_dim.dim_x</td></tr>")
        .contains("<td class=\"last-run\">error at 2026-01-02T00:00:00Z in 3.0s</td>")
        .contains("<tr><td>x_id</td><td>int</td><td>the key</td></tr>")
        .contains("<tr><td>title</td><td>string</td><td>what &quot;x&quot; is called</td></tr>")
        .contains(
            "<tr><td>not_null(x_id)</td><td>error</td><td>a row without a key cannot be joined</td>"
                + "<td class=\"status fail\">fail: 2 nulls</td></tr>")
        .contains("<td class=\"status not-run-yet\">not run yet</td></tr>")
        .contains("<h2>Upstream</h2>\n<ul><li><a href=\"src_x.html\">src_x</a></li></ul>")
        .contains("<h2>Downstream</h2>\n<p>none</p>");
    String view = Files.readString(target.resolve("docs/models/src_x.html"));
    assertThat(view)
        .contains("<tr><th>table</th><td>none (not published)</td></tr>")
        .contains("<h2>Rules</h2>\n<p>none</p>")
        .contains("<td class=\"last-run\">not run yet</td>");
  }

  @Test
  void theQualityPageChartsRowCountsAndGridsRuleOutcomesPerRun() throws IOException {
    String html = Files.readString(target.resolve("docs/quality.html"));
    assertThat(html)
        .contains("<section class=\"model-quality\" id=\"q-dim_x\">")
        .contains("<title>2026-01-02T00:00:00Z: 1,500 rows</title>")
        .contains("points=\"40,28 500,10\"")
        .contains("<text x=\"0\" y=\"14\">1,500</text>")
        .contains("2 runs, last 1,500 rows")
        .contains(
            "<tr><td>not_null(x_id)</td><td>"
                + "<span class=\"cell pass\" title=\"2026-01-01T00:00:00Z: pass\"></span>"
                + "<span class=\"cell fail\" title=\"2026-01-02T00:00:00Z: fail\"></span></td></tr>")
        .contains("<tr><td>unique(x_id)</td><td><span class=\"cell none\"")
        .doesNotContain("id=\"q-src_x\"");
  }
}
