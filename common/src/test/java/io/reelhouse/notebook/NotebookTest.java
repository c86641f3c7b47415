package io.reelhouse.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing a Databricks-source SQL notebook: markdown, widgets, statements, markers. */
class NotebookTest {
  private static final String TEXT =
      """
      -- Databricks notebook source
      -- MAGIC %md
      -- MAGIC # Title
      -- MAGIC Some text.

      -- COMMAND ----------

      CREATE WIDGET TEXT catalog DEFAULT "";
      create widget text fct_schema default 'fct'

      -- COMMAND ----------

      -- a comment before the statement
      SELECT ':not_a_marker', :fct_schema FROM IDENTIFIER(:catalog || '.' || :fct_schema || '.t');
      SELECT 2
      """;

  @Test
  void widgetsBecomeParametersAndTheirCellIsLeftOut() {
    Notebook nb = Notebook.parse("n.sql", TEXT);
    assertThat(nb.widgets())
        .containsExactly(
            new Notebook.Widget("catalog", ""), new Notebook.Widget("fct_schema", "fct"));
    assertThat(nb.cells()).hasSize(2);
    assertThat(nb.cells().get(0)).isEqualTo(new Notebook.Cell(1, "# Title\nSome text.", List.of()));
    assertThat(nb.cells().get(1).number()).as("numbered as in the file").isEqualTo(3);
    assertThat(nb.cells().get(1).statements()).hasSize(2);
  }

  @Test
  void markersAndIdentifierArgumentsAreFoundOutsideStringsAndComments() {
    String sql = Notebook.parse("n.sql", TEXT).cells().get(1).statements().get(0);
    assertThat(NotebookRunner.markers(sql)).containsExactly("fct_schema", "catalog");
    assertThat(NotebookRunner.identifierArguments(sql))
        .containsExactly(":catalog || '.' || :fct_schema || '.t'");
  }

  @Test
  void aDefaultStandsInForAMissingValueButAnEmptyOneDoesNot() {
    Notebook nb = Notebook.parse("n.sql", TEXT);
    assertThat(NotebookRunner.bind(nb, Map.of("catalog", "spark_catalog")))
        .isEqualTo(Map.of("catalog", "spark_catalog", "fct_schema", "fct"));
    assertThatThrownBy(() -> NotebookRunner.bind(nb, Map.of()))
        .hasMessage(
            "n.sql: missing parameter catalog (give each with --param NAME=VALUE; the notebook"
                + " takes catalog, fct_schema)");
  }

  @Test
  void aMarkerWithoutAWidgetAndAWidgetThatIsNotTextAreRefused() {
    assertThatThrownBy(() -> NotebookRunner.bind(Notebook.parse("n.sql", "SELECT :year"), Map.of()))
        .hasMessage(
            "n.sql, cell 1: parameter marker :year has no widget; declare it with CREATE WIDGET"
                + " TEXT year DEFAULT \"\"");
    assertThatThrownBy(
            () ->
                Notebook.parse(
                    "n.sql", "CREATE WIDGET DROPDOWN layer DEFAULT 'dim' CHOICES SELECT 'dim'"))
        .hasMessage(
            "n.sql, cell 1: widget layer is declared as 'CREATE WIDGET DROPDOWN layer DEFAULT"
                + " 'dim' CHOICES SELECT 'dim''; notebooks take TEXT widgets with a quoted default"
                + " only (CREATE WIDGET TEXT name DEFAULT \"\")");
  }
}
