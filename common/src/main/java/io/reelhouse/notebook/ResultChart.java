package io.reelhouse.notebook;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * The chart a result calls for, as a Chart.js configuration (plain maps, written as JSON into the
 * report). A result with a time axis (a date or timestamp column, or an integer column named {@code
 * *year}) and a measure is a line chart, one line per value of its first text column; a result with
 * a text category and a measure is a bar chart. A measure is a numeric column that is neither the
 * time axis, an id ({@code *_id}) nor a {@code rank}. A comment in the statement chooses instead:
 * {@code -- chart: line x=years_since_first_rating y=retention series=cohort_year} ({@code bar} or
 * {@code line}; {@code series} optional).
 *
 * @param type {@code line} or {@code bar}
 * @param x the column along the horizontal axis
 * @param y the measure
 * @param series the column whose values are separate lines or bars, or null for one
 */
public record ResultChart(String type, String x, String y, String series) {
  private static final Pattern HINT =
      Pattern.compile(
          "(?im)^\\s*--\\s*chart:\\s*(line|bar)\\s+x=(\\w+)\\s+y=(\\w+)(?:\\s+series=(\\w+))?\\s*$");

  /** The chart for a statement's result, if it has one. */
  public static Optional<ResultChart> of(String sql, StructType schema, List<Row> rows) {
    Matcher hint = HINT.matcher(sql);
    if (hint.find()) {
      var chart =
          new ResultChart(
              hint.group(1).toLowerCase(Locale.ROOT), hint.group(2), hint.group(3), hint.group(4));
      for (String column : new String[] {chart.x, chart.y, chart.series}) {
        if (column != null && !List.of(schema.fieldNames()).contains(column)) {
          throw new IllegalArgumentException(
              "chart comment '"
                  + hint.group().strip()
                  + "' names column "
                  + column
                  + ", which the result does not have; it has "
                  + String.join(", ", schema.fieldNames()));
        }
      }
      return Optional.of(chart);
    }
    String time = null;
    String measure = null;
    List<String> texts = new ArrayList<>();
    for (StructField f : schema.fields()) {
      String name = f.name().toLowerCase(Locale.ROOT);
      if (time == null && isTime(f.dataType(), name)) {
        time = f.name();
      } else if (f.dataType().equals(DataTypes.StringType)) {
        texts.add(f.name());
      } else if (measure == null
          && f.dataType() instanceof NumericType
          && !name.endsWith("_id")
          && !name.equals("rank")) {
        measure = f.name();
      }
    }
    if (measure == null) {
      return Optional.empty();
    }
    if (time != null) {
      String series = texts.isEmpty() ? null : texts.get(0);
      boolean onePointPerX = series != null || distinct(rows, schema, time) == rows.size();
      return onePointPerX ? Optional.of(new ResultChart("line", time, measure, series)) : none();
    }
    if (texts.isEmpty()) {
      return Optional.empty();
    }
    String category = texts.get(0);
    if (distinct(rows, schema, category) == rows.size()) {
      return Optional.of(new ResultChart("bar", category, measure, null));
    }
    // A category that repeats (five tags per genre) reads as one bar group per value.
    return texts.size() > 1
        ? Optional.of(new ResultChart("bar", texts.get(1), measure, category))
        : none();
  }

  private static Optional<ResultChart> none() {
    return Optional.empty();
  }

  private static boolean isTime(DataType type, String name) {
    return type instanceof DateType
        || type instanceof TimestampType
        || ((type.equals(DataTypes.IntegerType) || type.equals(DataTypes.LongType))
            && name.endsWith("year"));
  }

  private static long distinct(List<Row> rows, StructType schema, String column) {
    int i = schema.fieldIndex(column);
    return rows.stream().map(r -> String.valueOf(r.get(i))).distinct().count();
  }

  /** The Chart.js configuration: labels along x, one dataset per series value. */
  public Map<String, Object> config(StructType schema, List<Row> rows) {
    int xi = schema.fieldIndex(x);
    int yi = schema.fieldIndex(y);
    Integer si = series == null ? null : schema.fieldIndex(series);
    // Labels: a time axis in ascending order; categories in the result's order.
    Set<Object> labels =
        type.equals("line") && !(schema.fields()[xi].dataType().equals(DataTypes.StringType))
            ? new TreeSet<>()
            : new LinkedHashSet<>();
    Map<String, Map<Object, Object>> bySeries = new LinkedHashMap<>();
    for (Row r : rows) {
      Object label = label(r.get(xi));
      if (label == null) {
        continue;
      }
      labels.add(label);
      String s = si == null ? y : String.valueOf(r.get(si));
      bySeries.computeIfAbsent(s, k -> new LinkedHashMap<>()).put(label, number(r.get(yi)));
    }
    List<Map<String, Object>> datasets = new ArrayList<>();
    for (var e : bySeries.entrySet()) {
      List<Object> data = new ArrayList<>();
      labels.forEach(l -> data.add(e.getValue().get(l)));
      datasets.add(Map.of("label", e.getKey(), "data", data));
    }
    Map<String, Object> axes =
        Map.of(
            "x",
            Map.of("title", Map.of("display", true, "text", x)),
            // bars start at zero so their lengths compare; a line's axis fits its values
            "y",
            Map.of("beginAtZero", type.equals("bar"), "title", Map.of("display", true, "text", y)));
    return Map.of(
        "type",
        type,
        "data",
        Map.of("labels", List.copyOf(labels), "datasets", datasets),
        "options",
        Map.of(
            "animation",
            false,
            "spanGaps",
            true,
            "scales",
            axes,
            "plugins",
            Map.of(
                "title",
                Map.of(
                    "display",
                    true,
                    "text",
                    y + " by " + x + (series == null ? "" : " and " + series)),
                "legend",
                Map.of("display", series != null))));
  }

  private static Object label(Object value) {
    if (value == null) {
      return null;
    }
    return value instanceof Number || value instanceof String ? value : String.valueOf(value);
  }

  private static Object number(Object value) {
    if (value instanceof BigDecimal d) {
      return d.doubleValue();
    }
    return value instanceof Number ? value : null;
  }
}
