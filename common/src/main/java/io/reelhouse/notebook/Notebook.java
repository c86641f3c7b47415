package io.reelhouse.notebook;

import java.util.ArrayList;
import java.util.List;

/**
 * A Databricks-source SQL notebook: cells separated by {@code -- COMMAND ----------}, markdown
 * cells as {@code -- MAGIC} lines. Only the SQL is kept, statement by statement.
 *
 * @param name file name
 * @param cells the SQL statements of each code cell, in order
 */
public record Notebook(String name, List<List<String>> cells) {
  static final String SEPARATOR = "-- COMMAND ----------";

  public static Notebook parse(String name, String text) {
    List<List<String>> cells = new ArrayList<>();
    for (String cell : text.replace("\r\n", "\n").split("\n" + SEPARATOR + "\n?")) {
      StringBuilder sql = new StringBuilder();
      for (String line : cell.split("\n", -1)) {
        String t = line.strip();
        if (t.startsWith("-- MAGIC")
            || t.equals("-- Databricks notebook source")
            || t.startsWith(SEPARATOR)) {
          continue;
        }
        sql.append(line).append('\n');
      }
      List<String> statements = statements(sql.toString());
      if (!statements.isEmpty()) {
        cells.add(statements);
      }
    }
    return new Notebook(name, List.copyOf(cells));
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
