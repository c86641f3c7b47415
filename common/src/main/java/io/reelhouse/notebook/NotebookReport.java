package io.reelhouse.notebook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A notebook run as one self-contained HTML page: the parameters, each markdown cell's text, and
 * each statement's result as a table, with a Chart.js chart where the result has one ({@link
 * ResultChart}). Chart.js is read from its webjar and written into the page, so the report opens
 * offline. The page is rendered by JMustache from {@code report.html.mustache} beside this class.
 */
public final class NotebookReport {
  /** Rows read from each result for its chart; the table shows the first {@code limit} of them. */
  static final int CHART_ROWS = 2_000;

  private static final String CHART_JS_POM =
      "META-INF/maven/org.webjars.npm/chart.js/pom.properties";
  private static final ObjectMapper JSON = new ObjectMapper();

  private NotebookReport() {}

  /** Runs nothing: renders results that {@link NotebookRunner#run} returned. */
  public static String render(
      Notebook notebook,
      Map<String, String> params,
      List<NotebookRunner.Result> results,
      int limit) {
    List<Map<String, Object>> cells = new ArrayList<>();
    for (Notebook.Cell cell : notebook.cells()) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("number", cell.number());
      c.put("isMarkdown", cell.isMarkdown());
      c.put("markdown", cell.isMarkdown() ? cell.markdown() : "");
      List<Map<String, Object>> statements = new ArrayList<>();
      int index = 0;
      for (NotebookRunner.Result r : results) {
        if (r.cell().number() == cell.number()) {
          statements.add(statement(r, ++index, limit));
        }
      }
      c.put("statements", statements);
      cells.add(c);
    }
    List<Map<String, Object>> paramList = new ArrayList<>();
    for (Notebook.Widget w : notebook.widgets()) { // in the order the notebook declares them
      if (params.containsKey(w.name())) {
        paramList.add(Map.of("name", w.name(), "value", params.get(w.name())));
      }
    }
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("title", notebook.name());
    page.put("params", paramList);
    page.put("cells", cells);
    page.put("chartJsVersion", chartJsVersion());
    page.put("chartJs", chartJs());
    return template().execute(page);
  }

  private static Map<String, Object> statement(NotebookRunner.Result r, int index, int limit) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("sql", r.sql());
    StructType schema = r.rows().schema();
    boolean hasRows = schema.fields().length > 0;
    s.put("hasRows", hasRows);
    s.put("chart", false);
    if (!hasRows) {
      return s;
    }
    List<Row> rows = r.rows().limit(CHART_ROWS + 1).collectAsList();
    boolean more = rows.size() > CHART_ROWS;
    rows = more ? rows.subList(0, CHART_ROWS) : rows;
    s.put("columns", List.of(schema.fieldNames()));
    List<Map<String, Object>> table = new ArrayList<>();
    for (Row row : rows.subList(0, Math.min(limit, rows.size()))) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        cells.add(row.isNullAt(i) ? "NULL" : String.valueOf(row.get(i)));
      }
      table.add(Map.of("cells", cells));
    }
    s.put("rows", table);
    s.put(
        "shown",
        table.size() < rows.size() || more
            ? "first " + table.size() + " of " + (more ? "more than " + CHART_ROWS : rows.size())
            : table.size() + (table.size() == 1 ? " row" : " rows"));
    var chart = ResultChart.of(r.sql(), schema, rows);
    if (chart.isPresent()) {
      s.put("chart", true);
      s.put("chartId", "chart-" + r.cell().number() + "-" + index);
      s.put("chartJson", json(chart.get().config(schema, rows)));
    }
    return s;
  }

  /** JSON inside a script element: no "</" may close the element early. */
  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value).replace("</", "<\\/");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a chart as JSON: " + e.getMessage(), e);
    }
  }

  private static Template template() {
    try (InputStream in = NotebookReport.class.getResourceAsStream("report.html.mustache")) {
      return Mustache.compiler().compile(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the report template: " + e.getMessage(), e);
    }
  }

  static String chartJsVersion() {
    Properties pom = new Properties();
    try (InputStream in = resource(CHART_JS_POM)) {
      pom.load(in);
      return pom.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + CHART_JS_POM + ": " + e.getMessage(), e);
    }
  }

  private static String chartJs() {
    String path =
        "META-INF/resources/webjars/chart.js/" + chartJsVersion() + "/dist/chart.umd.min.js";
    try (InputStream in = resource(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private static InputStream resource(String path) {
    InputStream in = NotebookReport.class.getClassLoader().getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException(
          path + " is not on the classpath: the org.webjars.npm:chart.js jar is missing");
    }
    return in;
  }
}
