package io.reelhouse.notebook;

import io.reelhouse.spark.RowPrinter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a notebook's SQL cells in a Spark session the way Databricks runs them: each widget's value
 * is bound to the named parameter markers of every statement ({@code spark.sql(text, args)}).
 * Before any cell runs, it checks that every widget has a value and that every table the cells name
 * through {@code IDENTIFIER(...)} exists, and says which parameter and which tables when not.
 *
 * <pre>{@code
 * var nb = Notebook.parse("movie_analysis.sql", text);
 * new NotebookRunner(spark).run(nb, Map.of("catalog", "spark_catalog", "sales_schema", "dev_sales",
 *     "region", "north"));
 * }</pre>
 */
public final class NotebookRunner {
  private static final Pattern MARKER = Pattern.compile("(?<![:\\w]):([A-Za-z_]\\w*)");
  private static final Pattern IDENTIFIER = Pattern.compile("(?i)\\bIDENTIFIER\\s*\\(");
  private static final Pattern STRING = Pattern.compile("'(?:[^'\\\\]|\\\\.)*'");

  private final SparkSession spark;

  public NotebookRunner(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * @param cell the cell the statement belongs to
   * @param sql the statement as written
   * @param rows its result (no columns for statements without one)
   */
  public record Result(Notebook.Cell cell, String sql, Dataset<Row> rows) {}

  /** Runs every statement of every SQL cell, in order; the results are lazy Spark datasets. */
  public List<Result> run(Notebook notebook, Map<String, String> params) {
    Map<String, Object> args = bind(notebook, params);
    checkTables(notebook, args);
    List<Result> out = new ArrayList<>();
    for (Notebook.Cell cell : notebook.cells()) {
      for (String sql : cell.statements()) {
        out.add(new Result(cell, sql, spark.sql(sql, args)));
      }
    }
    return out;
  }

  /** Prints each statement's result, the first {@code limit} rows as a text table. */
  public void print(List<Result> results, int limit, PrintStream out) {
    for (Result r : results) {
      out.println("-- cell " + r.cell().number() + ": " + firstLine(r.sql()));
      if (r.rows().columns().length == 0) {
        out.println("(done)");
      } else {
        RowPrinter.print(r.rows(), limit, RowPrinter.Format.TABLE, out);
      }
      out.println();
    }
  }

  /**
   * The value of each widget: the one given, else its non-empty default. Fails on a parameter the
   * notebook does not declare, a widget left without a value, or a marker no widget declares.
   */
  static Map<String, Object> bind(Notebook notebook, Map<String, String> params) {
    Set<String> declared = new LinkedHashSet<>();
    notebook.widgets().forEach(w -> declared.add(w.name()));
    for (String given : params.keySet()) {
      if (!declared.contains(given)) {
        throw new IllegalArgumentException(
            notebook.name()
                + " has no parameter '"
                + given
                + "'; it takes "
                + String.join(", ", declared));
      }
    }
    for (Notebook.Cell cell : notebook.cells()) {
      for (String sql : cell.statements()) {
        for (String marker : markers(sql)) {
          if (!declared.contains(marker)) {
            throw new IllegalArgumentException(
                notebook.name()
                    + ", cell "
                    + cell.number()
                    + ": parameter marker :"
                    + marker
                    + " has no widget; declare it with CREATE WIDGET TEXT "
                    + marker
                    + " DEFAULT \"\"");
          }
        }
      }
    }
    Map<String, Object> args = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (Notebook.Widget w : notebook.widgets()) {
      String value = params.getOrDefault(w.name(), w.defaultValue());
      if (value == null || value.isBlank()) {
        missing.add(w.name());
      } else {
        args.put(w.name(), value);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          notebook.name()
              + ": missing parameter"
              + (missing.size() > 1 ? "s " : " ")
              + String.join(", ", missing)
              + " (give each with --param NAME=VALUE; the notebook takes "
              + String.join(", ", declared)
              + ")");
    }
    return args;
  }

  /**
   * Every table named through IDENTIFIER(...) must exist where the parameters point. The clauses
   * are read here rather than from Spark's analysis, which stops at the first missing table.
   */
  private void checkTables(Notebook notebook, Map<String, Object> args) {
    Map<String, Set<String>> missing = new LinkedHashMap<>(); // table -> the parameters naming it
    for (Notebook.Cell cell : notebook.cells()) {
      for (String sql : cell.statements()) {
        for (String expr : identifierArguments(sql)) {
          String table = spark.sql("SELECT " + expr, args).head().getString(0);
          if (!spark.catalog().tableExists(table)) {
            missing.computeIfAbsent(table, t -> new TreeSet<>()).addAll(markers(expr));
          }
        }
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    Set<String> params = new TreeSet<>();
    missing.values().forEach(params::addAll);
    StringBuilder where = new StringBuilder();
    for (String p : params) {
      where.append(where.length() == 0 ? "" : ", ").append(p).append(" = '").append(args.get(p));
      where.append('\'');
    }
    throw new IllegalArgumentException(
        notebook.name()
            + ": no Reelhouse table where the parameters point ("
            + where
            + "): looked for "
            + String.join(", ", missing.keySet())
            + ". Build the models first, or give the schema that holds them");
  }

  /** The named parameter markers of a statement, outside string literals and comments. */
  static Set<String> markers(String sql) {
    String code = STRING.matcher(Notebook.withoutComments(sql)).replaceAll("''");
    Set<String> out = new LinkedHashSet<>();
    Matcher m = MARKER.matcher(code);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** The argument of each IDENTIFIER( ... ) clause, by balanced parentheses. */
  static List<String> identifierArguments(String sql) {
    String code = Notebook.withoutComments(sql);
    List<String> out = new ArrayList<>();
    Matcher m = IDENTIFIER.matcher(code);
    while (m.find()) {
      int depth = 1;
      int i = m.end();
      char quote = 0;
      for (; i < code.length() && depth > 0; i++) {
        char c = code.charAt(i);
        if (quote != 0) {
          quote = c == quote ? 0 : quote;
        } else if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == '(') {
          depth++;
        } else if (c == ')') {
          depth--;
        }
      }
      out.add(code.substring(m.end(), i - 1).strip());
    }
    return out;
  }

  private static String firstLine(String sql) {
    return sql.lines()
        .filter(l -> !l.strip().startsWith("--") && !l.isBlank())
        .findFirst()
        .orElse("")
        .strip();
  }
}
