package io.reelhouse.model;

/**
 * A model that is a SQL query over published tables, run by the warehouse where the data lives
 * (Snowflake builds it itself; nothing travels back to Spark). It may only ref published models.
 *
 * <pre>{@code
 * public String sql(SqlRefs refs) {
 *   return "SELECT * FROM " + refs.table("orders");
 * }
 * }</pre>
 */
public interface SqlModel extends Model {
  String sql(SqlRefs refs);
}
