package io.reelhouse.notebook;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Databricks-source SQL notebook: cells separated by {@code -- COMMAND ----------}, markdown
 * cells as {@code -- MAGIC %md} lines. Its parameters are Databricks text widgets declared in SQL
 * ({@code CREATE WIDGET TEXT core_schema DEFAULT ""}) and read by the cells as named parameter
 * markers ({@code IDENTIFIER(:catalog || '.' || :core_schema || '.orders')}), so the same text runs
 * on Databricks and in Spark 3.5, which binds the markers from {@code spark.sql(text, args)}.
 *
 * @param name file name
 * @param widgets the parameters, in the order the notebook declares them
 * @param cells markdown and SQL cells, in order; a cell that only declares widgets is left out
 */
public record Notebook(String name, List<Widget> widgets, List<Cell> cells) {
  static final String SEPARATOR = "-- COMMAND ----------";

  private static final Pattern WIDGET =
      Pattern.compile("(?is)CREATE\\s+WIDGET\\s+(\\w+)\\s+(\\w+)(.*)");
  private static final Pattern DEFAULT =
      Pattern.compile("(?is)\\s*(?:DEFAULT\\s+(?:\"([^\"]*)\"|'([^']*)'))?\\s*");

  /**
   * A text widget.
   *
   * @param name the parameter's name, as the cells write it after a colon
   * @param defaultValue what Databricks shows before the user types; empty means "no default"
   */
  public record Widget(String name, String defaultValue) {}

  /**
   * One cell.
   *
   * @param number 1-based position in the file, counting every cell
   * @param markdown the text of a markdown cell, or null for a SQL cell
   * @param statements the SQL statements of a SQL cell, in order; empty for markdown
   */
  public record Cell(int number, String markdown, List<String> statements) {
    public boolean isMarkdown() {
      return markdown != null;
    }
  }

  /** The widget of this name, if the notebook declares one. */
  public java.util.Optional<Widget> widget(String name) {
    return widgets.stream().filter(w -> w.name().equals(name)).findFirst();
  }

  public static Notebook parse(String name, String text) {
    List<Widget> widgets = new ArrayList<>();
    List<Cell> cells = new ArrayList<>();
    int number = 0;
    for (String cell : text.replace("\r\n", "\n").split("\n" + SEPARATOR + "\n?")) {
      number++;
      StringBuilder sql = new StringBuilder();
      StringBuilder md = new StringBuilder();
      for (String line : cell.split("\n", -1)) {
        String t = line.strip();
        if (t.equals("-- Databricks notebook source") || t.startsWith(SEPARATOR)) {
          continue;
        }
        if (t.startsWith("-- MAGIC")) {
          md.append(t.substring("-- MAGIC".length()).replaceFirst("^ ", "")).append('\n');
          continue;
        }
        sql.append(line).append('\n');
      }
      String markdown = md.toString().strip();
      if (markdown.startsWith("%md")) {
        cells.add(new Cell(number, markdown.substring(3).strip(), List.of()));
        continue;
      }
      List<String> statements = new ArrayList<>();
      for (String statement : statements(sql.toString())) {
        Matcher w = WIDGET.matcher(withoutComments(statement));
        if (w.matches()) {
          widgets.add(widget(name, number, w));
        } else {
          statements.add(statement);
        }
      }
      if (!statements.isEmpty()) {
        cells.add(new Cell(number, null, List.copyOf(statements)));
      }
    }
    return new Notebook(name, List.copyOf(widgets), List.copyOf(cells));
  }

  private static Widget widget(String notebook, int cell, Matcher m) {
    Matcher dflt = DEFAULT.matcher(m.group(3));
    if (!m.group(1).toUpperCase(Locale.ROOT).equals("TEXT") || !dflt.matches()) {
      throw new IllegalArgumentException(
          notebook
              + ", cell "
              + cell
              + ": widget "
              + m.group(2)
              + " is declared as '"
              + m.group().strip()
              + "'; notebooks take TEXT widgets with a quoted default only"
              + " (CREATE WIDGET TEXT name DEFAULT \"\")");
    }
    String value =
        dflt.group(1) != null ? dflt.group(1) : dflt.group(2) != null ? dflt.group(2) : "";
    return new Widget(m.group(2), value);
  }

  /** The statement without its comment lines, stripped. */
  static String withoutComments(String statement) {
    return statement
        .lines()
        .filter(l -> !l.strip().startsWith("--"))
        .reduce((a, b) -> a + "\n" + b)
        .orElse("")
        .strip();
  }

  /** Splits on semicolons outside quotes and comments; drops statements that are only comments. */
  static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (quote == 0 && c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? sql.length() : end;
        cur.append(sql, i, end);
        i = end - 1;
        continue;
      }
      if (quote == 0 && (c == '\'' || c == '"' || c == '`')) {
        quote = c;
      } else if (quote != 0 && c == quote) {
        quote = 0;
      }
      if (quote == 0 && c == ';') {
        add(out, cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    add(out, cur.toString());
    return out;
  }

  private static void add(List<String> out, String statement) {
    boolean code =
        statement.lines().map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("--"));
    if (code) {
      out.add(statement.strip());
    }
  }
}
