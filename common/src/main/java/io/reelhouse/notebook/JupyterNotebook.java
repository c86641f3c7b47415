package io.reelhouse.notebook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A notebook as a Jupyter notebook (nbformat 4.4) for EMR Studio and Jupyter with a PySpark kernel.
 * Markdown cells stay markdown; the widgets become a cell tagged {@code parameters}, the cell that
 * papermill and EMR Studio's parameterised runs fill in; each SQL statement becomes {@code
 * spark.sql(text, args=params)}, which binds the same named parameter markers as Databricks (Spark
 * 3.4 and later), so the SQL is carried over unchanged.
 */
public final class JupyterNotebook {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JupyterNotebook() {}

  /** The .ipynb text. */
  public static String of(Notebook notebook, int limit) {
    List<Object> cells = new ArrayList<>();
    boolean parametersDone = false;
    for (Notebook.Cell cell : notebook.cells()) {
      if (!cell.isMarkdown() && !parametersDone) {
        cells.add(code(parameters(notebook), List.of("parameters")));
        cells.add(code(setup(notebook), List.of()));
        parametersDone = true;
      }
      if (cell.isMarkdown()) {
        cells.add(cell("markdown", cell.markdown(), Map.of()));
      } else {
        for (String sql : cell.statements()) {
          cells.add(
              code(
                  "spark.sql("
                      + pythonString(sql)
                      + ", args=params).show("
                      + limit
                      + ", truncate=False)",
                  List.of()));
        }
      }
    }
    Map<String, Object> nb = new LinkedHashMap<>();
    nb.put("cells", cells);
    nb.put(
        "metadata",
        Map.of(
            "kernelspec",
            // EMR Studio's PySpark kernel; Jupyter elsewhere offers to pick a Python kernel
            Map.of("name", "pysparkkernel", "display_name", "PySpark", "language", "python"),
            "language_info",
            Map.of("name", "python")));
    nb.put("nbformat", 4);
    nb.put("nbformat_minor", 4);
    try {
      return JSON.writeValueAsString(nb) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + notebook.name() + " as JSON", e);
    }
  }

  private static String parameters(Notebook notebook) {
    StringBuilder s = new StringBuilder();
    s.append(
        "# Parameters: the notebook's Databricks widgets. Fill them in, or let papermill or\n");
    s.append("# EMR Studio's parameterised run set them.\n");
    for (Notebook.Widget w : notebook.widgets()) {
      s.append(w.name()).append(" = ").append(pythonString(w.defaultValue())).append('\n');
    }
    return s.toString().strip();
  }

  private static String setup(Notebook notebook) {
    List<String> names = notebook.widgets().stream().map(Notebook.Widget::name).toList();
    StringBuilder dict = new StringBuilder("params = {");
    for (int i = 0; i < names.size(); i++) {
      dict.append(i == 0 ? "" : ", ").append(pythonString(names.get(i))).append(": ");
      dict.append(names.get(i));
    }
    dict.append('}');
    return String.join(
        "\n",
        dict.toString(),
        "missing = [name for name, value in params.items() if not value]",
        "if missing:",
        "    raise ValueError(\"missing parameter(s): \" + \", \".join(missing))",
        "try:",
        "    spark  # the PySpark kernel's session (EMR Studio)",
        "except NameError:",
        "    from pyspark.sql import SparkSession",
        "",
        "    spark = SparkSession.builder.getOrCreate()");
  }

  /**
   * A Python literal of {@code text}: triple-quoted when it spans lines and needs no escape, else a
   * JSON string (which Python reads the same).
   */
  static String pythonString(String text) {
    boolean tripleQuotable =
        text.contains("\n")
            && !text.contains("\"\"\"")
            && !text.contains("\\")
            && !text.endsWith("\"");
    if (tripleQuotable) {
      return "\"\"\"" + text + "\"\"\"";
    }
    try {
      return new ObjectMapper().writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> code(String source, List<String> tags) {
    Map<String, Object> c = cell("code", source, tags.isEmpty() ? Map.of() : Map.of("tags", tags));
    c.put("execution_count", null);
    c.put("outputs", List.of());
    return c;
  }

  private static Map<String, Object> cell(String type, String source, Map<String, Object> meta) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("cell_type", type);
    c.put("metadata", meta);
    c.put("source", lines(source));
    return c;
  }

  /** nbformat's multiline string: lines that keep their newline, the last without. */
  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    String[] parts = text.split("\n", -1);
    for (int i = 0; i < parts.length; i++) {
      out.add(i < parts.length - 1 ? parts[i] + "\n" : parts[i]);
    }
    return out;
  }
}
