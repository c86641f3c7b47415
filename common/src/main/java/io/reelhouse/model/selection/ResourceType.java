package io.reelhouse.model.selection;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The kinds of node a selection returns, named as dbt's {@code resource_type} names them. */
public enum ResourceType {
  MODEL,
  SEED,
  SNAPSHOT,
  SOURCE,
  TEST;

  /** dbt's resource types that this project has no node of; selecting them matches nothing. */
  static final List<String> DBT_ONLY =
      List.of(
          "analysis",
          "operation",
          "rpc",
          "sql_operation",
          "doc",
          "macro",
          "exposure",
          "metric",
          "group",
          "saved_query",
          "semantic_model",
          "unit_test",
          "fixture",
          "function");

  /** Lower-case, as dbt prints it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The type of a dbt name, or null for a dbt type this project has no node of.
   *
   * @throws IllegalArgumentException for a name dbt does not know either
   */
  public static ResourceType parse(String label, String where) {
    for (ResourceType t : values()) {
      if (t.label().equals(label)) {
        return t;
      }
    }
    if (DBT_ONLY.contains(label)) {
      return null;
    }
    throw new IllegalArgumentException(
        "invalid resource type '"
            + label
            + "' in "
            + where
            + " (one of "
            + String.join(
                ", ",
                Arrays.stream(values()).map(ResourceType::label).toList().toArray(String[]::new))
            + ", or dbt's "
            + String.join(", ", DBT_ONLY)
            + ")");
  }
}
