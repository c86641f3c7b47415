package io.reelhouse.notebook;

import io.reelhouse.spark.RowPrinter;
import io.reelhouse.warehouse.SchemaNaming;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a notebook's SQL cells against the warehouse, the way a Databricks notebook would. Notebooks
 * name tables as production does, {@code <layer>.<model>} ({@code fct.fct_ratings}); in another
 * environment the runner points those names at the environment's schemas ({@code
 * local_fct.fct_ratings}), the seed's generate_schema_name rule.
 */
public final class NotebookRunner {
  private final SparkSession spark;
  private final SchemaNaming naming;
  private final Pattern layerPrefix;

  /**
   * @param layers the layers whose schemas notebooks may name
   */
  public NotebookRunner(SparkSession spark, SchemaNaming naming, Collection<String> layers) {
    this.spark = spark;
    this.naming = naming;
    this.layerPrefix = Pattern.compile("(?<![\\w.`])(" + String.join("|", layers) + ")\\.(?=\\w)");
  }

  /**
   * @param cell 1-based cell number
   * @param sql the statement as run
   * @param rows its result (empty for statements without one)
   */
  public record Result(int cell, String sql, Dataset<Row> rows) {}

  /** Runs every statement of every cell, in order; the results are lazy Spark datasets. */
  public List<Result> run(Notebook notebook) {
    List<Result> out = new ArrayList<>();
    int cell = 0;
    for (List<String> statements : notebook.cells()) {
      cell++;
      for (String sql : statements) {
        String resolved = resolve(sql);
        out.add(new Result(cell, resolved, spark.sql(resolved)));
      }
    }
    return out;
  }

  /** Runs the notebook and prints each statement's result. */
  public void print(Notebook notebook, int limit, PrintStream out) {
    for (Result r : run(notebook)) {
      out.println("-- cell " + r.cell() + ": " + firstLine(r.sql()));
      if (r.rows().columns().length == 0) {
        out.println("(done)");
      } else {
        RowPrinter.print(r.rows(), limit, RowPrinter.Format.TABLE, out);
      }
      out.println();
    }
  }

  /** {@code fct.fct_ratings} to this environment's schema of the fct layer. */
  String resolve(String sql) {
    Matcher m = layerPrefix.matcher(sql);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(b, Matcher.quoteReplacement(naming.schemaFor(m.group(1)) + "."));
    }
    m.appendTail(b);
    return b.toString();
  }

  private static String firstLine(String sql) {
    return sql.lines()
        .filter(l -> !l.strip().startsWith("--") && !l.isBlank())
        .findFirst()
        .orElse("")
        .strip();
  }
}
