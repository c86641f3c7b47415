package io.reelhouse.docs;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelhouse.model.ColumnDoc;
import io.reelhouse.model.Model;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.model.Project;
import io.reelhouse.quality.MetricsHistory;
import io.reelhouse.quality.Rule;
import io.reelhouse.warehouse.SchemaNaming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Writes the documentation site from the project's own declarations and what its runs recorded: a
 * static site in {@code <target>/docs/} (index by layer, one page per model with columns, rules and
 * their last results, last run, upstream and downstream, a lineage picture, and a quality page with
 * row counts and rule outcomes over the last runs). Everything is plain HTML and SVG with one local
 * stylesheet: it opens from the file system, offline. The pages are Mustache templates beside this
 * class ({@link Templates}), filled from views built here.
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

  /** Writes docs/ under {@code target}; returns the index page. */
  public Path write(Path target) {
    Map<String, Optional<StructType>> schemas = new LinkedHashMap<>();
    for (Model m : project.models()) {
      schemas.put(m.name(), schemaOf.apply(m));
    }
    Path docs = target.resolve("docs");
    try {
      Files.createDirectories(docs.resolve("models"));
      write(docs.resolve("style.css"), Templates.resource("style.css"));
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

  private static String page(String title, String cssPath, String template, Object view) {
    return Templates.render(
        "page",
        Templates.view("title", title, "css", cssPath, "body", Templates.render(template, view)));
  }

  private String index() {
    Map<String, List<Map<String, Object>>> byLayer = new LinkedHashMap<>();
    for (Model m : project.models()) {
      byLayer
          .computeIfAbsent(m.info().layer(), l -> new ArrayList<>())
          .add(
              Templates.view(
                  "name", m.name(),
                  "materialization", m.info().materialization().label(),
                  "description", m.info().description(),
                  "lastRun",
                      history.last(m.name()).map(DocsSite::lastRunSummary).orElse("not run yet")));
    }
    List<Map<String, Object>> layers = new ArrayList<>();
    byLayer.forEach(
        (layer, models) -> layers.add(Templates.view("layer", layer, "models", models)));
    return page(
        project.name() + " models",
        "style.css",
        "index",
        Templates.view(
            "project",
            project.name(),
            "env",
            env,
            "lineage",
            lineage.svg("models/", null),
            "layers",
            layers));
  }

  private static String lastRunSummary(JsonNode r) {
    return r.get("status").asText() + rowsInTable(r);
  }

  private static String rowsInTable(JsonNode r) {
    return r.get("rows_in_table").isNull()
        ? ""
        : String.format(Locale.ROOT, ", %,d rows", r.get("rows_in_table").asLong());
  }

  private String modelPage(Model m, Optional<StructType> schema) {
    ModelInfo info = m.info();
    Optional<JsonNode> last = history.last(m.name());
    Map<String, String> types = types(schema);
    List<Map<String, Object>> columns = new ArrayList<>();
    for (ColumnDoc c : info.columns()) {
      columns.add(
          Templates.view(
              "name", c.name(),
              "type", types.getOrDefault(c.name(), ""),
              "description", c.description()));
    }
    Map<String, JsonNode> outcomes = new LinkedHashMap<>();
    last.ifPresent(
        r -> {
          if (r.has("rules")) {
            r.get("rules").forEach(x -> outcomes.put(x.get("name").asText(), x));
          }
        });
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Rule r : info.rules()) {
      JsonNode o = outcomes.get(r.name());
      String status = o == null ? "not run yet" : o.get("status").asText();
      rules.add(
          Templates.view(
              "name", r.name(),
              "level", r.level().label(),
              "reason", r.reason(),
              "statusClass", status.replace(' ', '-'),
              "result", o == null ? status : status + ": " + o.get("observed").asText()));
    }
    List<String> checkedAgainst = checkedAgainst(m);
    return page(
        m.name(),
        "../style.css",
        "model",
        Templates.view(
            "name", m.name(),
            "description", info.description(),
            "layer", info.layer(),
            "materialization", info.materialization().label(),
            "table",
                info.materialization().isPublished()
                    ? naming.table(info.layer(), m.name()).qualified()
                    : "none (not published)",
            "hasUniqueKey", !info.uniqueKey().isEmpty(),
            "uniqueKey", String.join(", ", info.uniqueKey()),
            "lastRun",
                last.map(
                        r ->
                            r.get("status").asText()
                                + " at "
                                + r.get("started_at").asText()
                                + String.format(
                                    Locale.ROOT, " in %.1fs", r.get("execution_time").asDouble())
                                + rowsInTable(r))
                    .orElse("not run yet"),
            "columns", columns,
            "hasRules", !rules.isEmpty(),
            "rules", rules,
            "upstream", links(info.refs(), info.sources()),
            "hasCheckedAgainst", !checkedAgainst.isEmpty(),
            "checkedAgainst", links(checkedAgainst, List.of()),
            "downstream", links(project.dag().children(m.name()), List.of()),
            "lineage", lineage.svg("", m.name())));
  }

  /** Models this one is ordered after without a ref: the targets of its relationships rules. */
  private List<String> checkedAgainst(Model m) {
    return project.dag().parents(m.name()).stream()
        .filter(p -> !m.info().refs().contains(p))
        .toList();
  }

  private static Map<String, Object> links(List<String> models, List<String> sources) {
    return Templates.view(
        "hasLinks", !models.isEmpty() || !sources.isEmpty(), "models", models, "sources", sources);
  }

  private String quality() {
    List<Map<String, Object>> models = new ArrayList<>();
    for (Model m : project.models()) {
      if (!m.info().materialization().isPublished()) {
        continue;
      }
      String table = naming.table(m.info().layer(), m.name()).qualified();
      List<MetricsHistory.RowCount> counts =
          rowCounts.stream().filter(c -> c.model().equals(table)).toList();
      counts = counts.subList(Math.max(0, counts.size() - LAST_RUNS), counts.size());
      var outcomes = history.ruleOutcomes(m.name(), LAST_RUNS);
      models.add(
          Templates.view(
              "name", m.name(),
              "hasCounts", !counts.isEmpty(),
              "chart", counts.isEmpty() ? null : rowChart(counts),
              "hasOutcomes", !outcomes.isEmpty(),
              "rules", ruleGrid(m, outcomes)));
    }
    return page("Quality", "style.css", "quality", Templates.view("models", models));
  }

  /** Row counts over runs as a small SVG line chart with its values. */
  private static Map<String, Object> rowChart(List<MetricsHistory.RowCount> counts) {
    int w = 520;
    int h = 120;
    long max = counts.stream().mapToLong(MetricsHistory.RowCount::rows).max().orElse(1);
    List<Map<String, Object>> points = new ArrayList<>();
    List<String> line = new ArrayList<>();
    for (int i = 0; i < counts.size(); i++) {
      int x = 40 + (counts.size() == 1 ? 0 : i * (w - 60) / (counts.size() - 1));
      int y =
          10 + (int) Math.round((h - 20) * (1 - (double) counts.get(i).rows() / Math.max(1, max)));
      line.add(x + "," + y);
      points.add(
          Templates.view(
              "x", x, "y", y, "at", counts.get(i).at(), "rows", thousands(counts.get(i).rows())));
    }
    return Templates.view(
        "width",
        w,
        "height",
        h + 20,
        "points",
        points,
        "line",
        String.join(" ", line),
        "max",
        thousands(max),
        "zeroY",
        h - 6,
        "captionY",
        h + 14,
        "runs",
        counts.size(),
        "last",
        thousands(counts.get(counts.size() - 1).rows()));
  }

  private static String thousands(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** Per rule, one cell per run with the rule's status in that run ("none" if it did not run). */
  private static List<Map<String, Object>> ruleGrid(
      Model m, List<Map.Entry<String, Map<String, String>>> runs) {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Rule r : m.info().rules()) {
      List<Map<String, Object>> cells = new ArrayList<>();
      for (var run : runs) {
        cells.add(
            Templates.view(
                "run", run.getKey(), "status", run.getValue().getOrDefault(r.name(), "none")));
      }
      rules.add(Templates.view("name", r.name(), "cells", cells));
    }
    return rules;
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
