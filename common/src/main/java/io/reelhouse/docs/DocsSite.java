package io.reelhouse.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelhouse.model.ColumnDoc;
import io.reelhouse.model.Model;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.model.Project;
import io.reelhouse.quality.MetricsHistory;
import io.reelhouse.quality.Rule;
import io.reelhouse.source.SourceSpec;
import io.reelhouse.warehouse.SchemaNaming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes the documentation site and the manifest from the project's own declarations and what its
 * runs recorded: {@code <target>/manifest.json} and a static site in {@code <target>/docs/} (index
 * by layer, one page per model with columns, rules and their last results, last run, upstream and
 * downstream, a lineage picture, and a quality page with row counts and rule outcomes over the last
 * runs). Everything is plain HTML and SVG with one local stylesheet: it opens from the file system,
 * offline.
 */
public final class DocsSite {
  private static final int LAST_RUNS = 20;

  private final Project project;
  private final SchemaNaming naming;
  private final String env;
  private final Function<Model, Optional<StructType>> schemaOf;
  private final List<MetricsHistory.RowCount> rowCounts;
  private final RunHistory history;
  private final Lineage lineage;

  /**
   * @param schemaOf a model's columns with their types, when known (published or buildable)
   * @param rowCounts row counts per model and run, from the metrics repository
   */
  public DocsSite(
      Project project,
      SchemaNaming naming,
      String env,
      Function<Model, Optional<StructType>> schemaOf,
      List<MetricsHistory.RowCount> rowCounts,
      RunHistory history) {
    this.project = project;
    this.naming = naming;
    this.env = env;
    this.schemaOf = schemaOf;
    this.rowCounts = rowCounts;
    this.history = history;
    this.lineage = new Lineage(project);
  }

  /** Writes manifest.json and docs/ under {@code target}; returns the index page. */
  public Path write(Path target) {
    Map<String, Optional<StructType>> schemas = new LinkedHashMap<>();
    for (Model m : project.models()) {
      schemas.put(m.name(), schemaOf.apply(m));
    }
    Path docs = target.resolve("docs");
    try {
      Files.createDirectories(docs.resolve("models"));
      writeManifest(target.resolve("manifest.json"), schemas);
      write(docs.resolve("style.css"), STYLE);
      write(docs.resolve("lineage.svg"), lineage.svg("models/", null));
      write(docs.resolve("index.html"), index());
      write(docs.resolve("quality.html"), quality());
      for (Model m : project.models()) {
        write(
            docs.resolve("models").resolve(m.name() + ".html"),
            modelPage(m, schemas.get(m.name())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the docs in " + target + ": " + e.getMessage(), e);
    }
    return docs.resolve("index.html");
  }

  private void writeManifest(Path file, Map<String, Optional<StructType>> schemas)
      throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    ObjectNode meta = root.putObject("metadata");
    meta.put("project", project.name());
    meta.put("env", env);
    meta.put("generated_at", Instant.now().toString());
    ObjectNode sources = root.putObject("sources");
    for (SourceSpec s : project.sources()) {
      ObjectNode n = sources.putObject(s.name());
      n.put("file", s.fileName());
      n.put("required", s.required());
      ArrayNode cols = n.putArray("columns");
      for (StructField f : s.schema().fields()) {
        cols.addObject().put("name", f.name()).put("type", f.dataType().simpleString());
      }
    }
    ObjectNode models = root.putObject("models");
    for (Model m : project.models()) {
      ModelInfo info = m.info();
      ObjectNode n = models.putObject(m.name());
      n.put("layer", info.layer());
      n.put("materialization", info.materialization().label());
      n.put(
          "relation",
          info.materialization().isPublished()
              ? naming.table(info.layer(), m.name()).qualified()
              : null);
      n.put("description", info.description());
      info.refs().forEach(n.putArray("refs")::add);
      info.sources().forEach(n.putArray("sources")::add);
      checkedAgainst(m).forEach(n.putArray("checked_against")::add);
      project.dag().children(m.name()).forEach(n.putArray("children")::add);
      ArrayNode cols = n.putArray("columns");
      Map<String, String> types = types(schemas.get(m.name()));
      for (ColumnDoc c : info.columns()) {
        cols.addObject()
            .put("name", c.name())
            .put("type", types.get(c.name()))
            .put("description", c.description());
      }
      ArrayNode rules = n.putArray("rules");
      for (Rule r : info.rules()) {
        rules
            .addObject()
            .put("name", r.name())
            .put("level", r.level().label())
            .put("reason", r.reason());
      }
      if (!info.uniqueKey().isEmpty()) {
        info.uniqueKey().forEach(n.putArray("unique_key")::add);
      }
    }
    json.writeValue(file.toFile(), root);
  }

  private static Map<String, String> types(Optional<StructType> schema) {
    Map<String, String> out = new LinkedHashMap<>();
    schema.ifPresent(
        s -> {
          for (StructField f : s.fields()) {
            out.put(f.name(), f.dataType().simpleString());
          }
        });
    return out;
  }

  private String page(String title, String cssPath, String body) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + Html.escape(title)
        + "</title><link rel=\"stylesheet\" href=\""
        + cssPath
        + "\"></head><body>\n"
        + body
        + "\n</body></html>\n";
  }

  private String index() {
    StringBuilder b = new StringBuilder();
    b.append("<header><h1>")
        .append(Html.escape(project.name()))
        .append(" models</h1><p>Environment ")
        .append(Html.escape(env))
        .append(
            " · <a href=\"quality.html\">quality over time</a> · <a href=\"../manifest.json\">manifest.json</a></p></header>\n");
    b.append("<h2>Lineage</h2><div class=\"lineage-box\">")
        .append(lineage.svg("models/", null))
        .append("</div>\n");
    Map<String, List<Model>> byLayer = new LinkedHashMap<>();
    for (Model m : project.models()) {
      byLayer.computeIfAbsent(m.info().layer(), l -> new ArrayList<>()).add(m);
    }
    for (var e : byLayer.entrySet()) {
      b.append("<h2>")
          .append(Html.escape(e.getKey()))
          .append(
              "</h2>\n<table><tr><th>model</th><th>materialization</th><th>grain</th><th>last run</th></tr>\n");
      for (Model m : e.getValue()) {
        b.append("<tr><td><a href=\"models/")
            .append(m.name())
            .append(".html\">")
            .append(m.name())
            .append("</a></td><td>")
            .append(m.info().materialization().label())
            .append("</td><td>")
            .append(Html.escape(m.info().description()))
            .append("</td><td>")
            .append(lastRunSummary(m))
            .append("</td></tr>\n");
      }
      b.append("</table>\n");
    }
    return page(project.name() + " models", "style.css", b.toString());
  }

  private String lastRunSummary(Model m) {
    return history
        .last(m.name())
        .map(
            r ->
                Html.escape(r.get("status").asText())
                    + (r.get("rows_in_table").isNull()
                        ? ""
                        : String.format(
                            Locale.ROOT, ", %,d rows", r.get("rows_in_table").asLong())))
        .orElse("not run yet");
  }

  private String modelPage(Model m, Optional<StructType> schema) {
    ModelInfo info = m.info();
    StringBuilder b = new StringBuilder();
    b.append(
        "<p><a href=\"../index.html\">all models</a> · <a href=\"../quality.html\">quality</a></p>\n");
    b.append("<h1>")
        .append(m.name())
        .append("</h1>\n<p class=\"grain\">")
        .append(Html.escape(info.description()))
        .append("</p>\n");
    b.append("<table class=\"facts\"><tr><th>layer</th><td>")
        .append(Html.escape(info.layer()))
        .append("</td></tr><tr><th>materialization</th><td>")
        .append(info.materialization().label())
        .append("</td></tr><tr><th>table</th><td>")
        .append(
            info.materialization().isPublished()
                ? Html.escape(naming.table(info.layer(), m.name()).qualified())
                : "none (not published)")
        .append("</td></tr>");
    if (!info.uniqueKey().isEmpty()) {
      b.append("<tr><th>unique key</th><td>")
          .append(Html.escape(String.join(", ", info.uniqueKey())))
          .append("</td></tr>");
    }
    Optional<JsonNode> last = history.last(m.name());
    if (last.isPresent()) {
      JsonNode r = last.get();
      b.append("<tr><th>last run</th><td class=\"last-run\">")
          .append(Html.escape(r.get("status").asText()))
          .append(" at ")
          .append(Html.escape(r.get("started_at").asText()))
          .append(String.format(Locale.ROOT, " in %.1fs", r.get("execution_time").asDouble()));
      if (!r.get("rows_in_table").isNull()) {
        b.append(String.format(Locale.ROOT, ", %,d rows", r.get("rows_in_table").asLong()));
      }
      b.append("</td></tr>");
    } else {
      b.append("<tr><th>last run</th><td class=\"last-run\">not run yet</td></tr>");
    }
    b.append("</table>\n");

    b.append(
        "<h2>Columns</h2>\n<table class=\"columns\"><tr><th>column</th><th>type</th><th>description</th></tr>\n");
    Map<String, String> types = types(schema);
    for (ColumnDoc c : info.columns()) {
      b.append("<tr><td>")
          .append(Html.escape(c.name()))
          .append("</td><td>")
          .append(Html.escape(types.getOrDefault(c.name(), "")))
          .append("</td><td>")
          .append(Html.escape(c.description()))
          .append("</td></tr>\n");
    }
    b.append("</table>\n");

    b.append("<h2>Rules</h2>\n");
    if (info.rules().isEmpty()) {
      b.append("<p>none</p>\n");
    } else {
      Map<String, JsonNode> outcomes = new LinkedHashMap<>();
      last.ifPresent(
          r -> {
            if (r.has("rules")) {
              r.get("rules").forEach(x -> outcomes.put(x.get("name").asText(), x));
            }
          });
      b.append(
          "<table class=\"rules\"><tr><th>rule</th><th>level</th><th>why</th><th>last result</th></tr>\n");
      for (Rule r : info.rules()) {
        JsonNode o = outcomes.get(r.name());
        String status = o == null ? "not run yet" : o.get("status").asText();
        b.append("<tr><td>")
            .append(Html.escape(r.name()))
            .append("</td><td>")
            .append(r.level().label())
            .append("</td><td>")
            .append(Html.escape(r.reason()))
            .append("</td><td class=\"status ")
            .append(Html.escape(status.replace(' ', '-')))
            .append("\">")
            .append(Html.escape(status))
            .append(o == null ? "" : ": " + Html.escape(o.get("observed").asText()))
            .append("</td></tr>\n");
      }
      b.append("</table>\n");
    }

    b.append("<h2>Upstream</h2>\n").append(links(info.refs(), info.sources()));
    List<String> checkedAgainst = checkedAgainst(m);
    if (!checkedAgainst.isEmpty()) {
      b.append("<p>Checked against (built first, for its relationships rules):</p>\n")
          .append(links(checkedAgainst, List.of()));
    }
    b.append("<h2>Downstream</h2>\n").append(links(project.dag().children(m.name()), List.of()));
    b.append("<h2>Lineage</h2><div class=\"lineage-box\">")
        .append(lineage.svg("", m.name()))
        .append("</div>\n");
    return page(m.name(), "../style.css", b.toString());
  }

  /** Models this one is ordered after without a ref: the targets of its relationships rules. */
  private List<String> checkedAgainst(Model m) {
    return project.dag().parents(m.name()).stream()
        .filter(p -> !m.info().refs().contains(p))
        .toList();
  }

  private static String links(List<String> models, List<String> sources) {
    if (models.isEmpty() && sources.isEmpty()) {
      return "<p>none</p>\n";
    }
    StringBuilder b = new StringBuilder("<ul>");
    for (String m : models) {
      b.append("<li><a href=\"").append(m).append(".html\">").append(m).append("</a></li>");
    }
    for (String s : sources) {
      b.append("<li>source ").append(Html.escape(s)).append("</li>");
    }
    return b.append("</ul>\n").toString();
  }

  private String quality() {
    StringBuilder b = new StringBuilder();
    b.append("<p><a href=\"index.html\">all models</a></p><h1>Quality over the last runs</h1>\n");
    b.append(
        "<p>Row counts from the Deequ metrics repository; one square per run and rule: green passed, orange warned, red failed.</p>\n");
    for (Model m : project.models()) {
      if (!m.info().materialization().isPublished()) {
        continue;
      }
      String table = naming.table(m.info().layer(), m.name()).qualified();
      List<MetricsHistory.RowCount> counts =
          rowCounts.stream().filter(c -> c.model().equals(table)).toList();
      counts = counts.subList(Math.max(0, counts.size() - LAST_RUNS), counts.size());
      var outcomes = history.ruleOutcomes(m.name(), LAST_RUNS);
      b.append("<section class=\"model-quality\" id=\"q-")
          .append(m.name())
          .append("\"><h2><a href=\"models/")
          .append(m.name())
          .append(".html\">")
          .append(m.name())
          .append("</a></h2>\n");
      b.append(counts.isEmpty() ? "<p>no row counts recorded yet</p>\n" : rowChart(counts));
      b.append(
          outcomes.isEmpty() ? "<p>no rule results recorded yet</p>\n" : ruleGrid(m, outcomes));
      b.append("</section>\n");
    }
    return page("Quality", "style.css", b.toString());
  }

  /** Row counts over runs as a small SVG line chart with its values. */
  private static String rowChart(List<MetricsHistory.RowCount> counts) {
    int w = 520;
    int h = 120;
    long max = counts.stream().mapToLong(MetricsHistory.RowCount::rows).max().orElse(1);
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"row-chart\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"10\">",
                w,
                h + 20));
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < counts.size(); i++) {
      int x = 40 + (counts.size() == 1 ? 0 : i * (w - 60) / (counts.size() - 1));
      int y =
          10 + (int) Math.round((h - 20) * (1 - (double) counts.get(i).rows() / Math.max(1, max)));
      points.append(x).append(',').append(y).append(' ');
      s.append(
          String.format(
              Locale.ROOT,
              "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"#1c7ed6\"><title>%s: %,d rows</title></circle>",
              x,
              y,
              counts.get(i).at(),
              counts.get(i).rows()));
    }
    s.append("<polyline fill=\"none\" stroke=\"#1c7ed6\" stroke-width=\"1.5\" points=\"")
        .append(points.toString().trim())
        .append("\"/>");
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"0\" y=\"14\">%,d</text><text x=\"0\" y=\"%d\">0</text>",
            max,
            h - 6));
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"40\" y=\"%d\">%d runs, last %,d rows</text>",
            h + 14,
            counts.size(),
            counts.get(counts.size() - 1).rows()));
    return s.append("</svg>\n").toString();
  }

  private static String ruleGrid(Model m, List<Map.Entry<String, Map<String, String>>> runs) {
    StringBuilder b =
        new StringBuilder("<table class=\"rule-grid\"><tr><th>rule</th><th>last runs</th></tr>\n");
    for (Rule r : m.info().rules()) {
      b.append("<tr><td>").append(Html.escape(r.name())).append("</td><td>");
      for (var run : runs) {
        String status = run.getValue().getOrDefault(r.name(), "none");
        b.append("<span class=\"cell ")
            .append(status)
            .append("\" title=\"")
            .append(Html.escape(run.getKey()))
            .append(": ")
            .append(status)
            .append("\"></span>");
      }
      b.append("</td></tr>\n");
    }
    return b.append("</table>\n").toString();
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static final String STYLE =
      """
      body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1400px}
      h1{margin-bottom:4px}h2{margin-top:28px;border-bottom:1px solid #ddd}
      table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
      th{background:#f6f6f6}.grain{font-size:1.1em;color:#444}
      .lineage-box{overflow-x:auto;border:1px solid #eee;padding:8px}
      .status.pass{color:#2b8a3e}.status.warn{color:#e67700}.status.fail{color:#c92a2a}
      .cell{display:inline-block;width:12px;height:12px;margin-right:2px;border-radius:2px;background:#ccc}
      .cell.pass{background:#40c057}.cell.warn{background:#fd7e14}.cell.fail{background:#fa5252}
      """;
}
