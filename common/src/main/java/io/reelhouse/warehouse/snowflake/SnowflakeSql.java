package io.reelhouse.warehouse.snowflake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Every SQL statement {@link SnowflakeWarehouse} sends, built from validated identifiers only.
 *
 * <p>Names are refused unless they are plain identifiers (letters, digits, _ and $, not starting
 * with a digit): no quoting trick or injected statement can reach a query. They are then written
 * quoted and upper-case, which is exactly how Snowflake stores an unquoted name, so {@code select
 * customer_id from dev_core.orders} finds what Reelhouse wrote, as it would for a dbt model.
 */
public final class SnowflakeSql {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,254}");

  private final String database;

  public SnowflakeSql(String database) {
    this.database = quote("database", database);
  }

  /** Refuses anything but a plain identifier; returns it quoted and upper-case. */
  public static String quote(String what, String name) {
    if (name == null || !IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid Snowflake "
              + what
              + " name '"
              + name
              + "': use letters, digits, _ and $, starting with a letter or _");
    }
    return "\"" + name.toUpperCase(Locale.ROOT) + "\"";
  }

  /** {@code "DB"."SCHEMA"."TABLE"}. */
  public String table(String schema, String table) {
    return database + "." + quote("schema", schema) + "." + quote("table", table);
  }

  /** The same name, as the connector's {@code dbtable} option takes it. */
  public String dbtable(String schema, String table) {
    return table(schema, table);
  }

  public String createSchema(String schema) {
    return "CREATE SCHEMA IF NOT EXISTS " + database + "." + quote("schema", schema);
  }

  /** Whether a table exists: one row with a count, from the database's information schema. */
  public String exists(String schema, String table) {
    return fromTables("COUNT(*)", schema, table);
  }

  private String fromTables(String what, String schema, String table) {
    // Both names pass quote(): plain identifiers, safe inside a string literal.
    quote("schema", schema);
    quote("table", table);
    return "SELECT "
        + what
        + " FROM "
        + database
        + ".INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = '"
        + schema.toUpperCase(Locale.ROOT)
        + "' AND TABLE_NAME = '"
        + table.toUpperCase(Locale.ROOT)
        + "'";
  }

  /** A table's comment (where SnowflakeWarehouse records the Spark schema), one row or none. */
  public String comment(String schema, String table) {
    return fromTables("COMMENT", schema, table);
  }

  /** Rows of a table, answered from Snowflake's metadata. */
  public String count(String schema, String table) {
    return "SELECT COUNT(*) FROM " + table(schema, table);
  }

  /** The watermark of an incremental model, evaluated in Snowflake. */
  public String max(String schema, String table, String column) {
    return "SELECT MAX(" + quote("column", column) + ") FROM " + table(schema, table);
  }

  /** A table built by a query where the data lives (SQL marts); atomic in Snowflake. */
  public String createTableAs(String schema, String table, String select) {
    return "CREATE OR REPLACE TABLE " + table(schema, table) + " AS " + select;
  }

  /**
   * A transient table (no fail-safe, no time travel cost) for a change set, with the columns and
   * types of {@code schema}.
   */
  public String createStage(String schema, String stage, StructType columns) {
    List<String> defs = new ArrayList<>();
    for (StructField f : columns.fields()) {
      defs.add(quote("column", f.name()) + " " + type(f.dataType()));
    }
    return "CREATE OR REPLACE TRANSIENT TABLE "
        + table(schema, stage)
        + " ("
        + String.join(", ", defs)
        + ")";
  }

  /** Exchanges two tables' contents and metadata in one atomic step. */
  public String swap(String schema, String stage, String target) {
    return "ALTER TABLE " + table(schema, stage) + " SWAP WITH " + table(schema, target);
  }

  public String rename(String schema, String from, String to) {
    return "ALTER TABLE " + table(schema, from) + " RENAME TO " + table(schema, to);
  }

  public String dropSchema(String schema) {
    return "DROP SCHEMA IF EXISTS " + database + "." + quote("schema", schema) + " CASCADE";
  }

  public String drop(String schema, String table) {
    return "DROP TABLE IF EXISTS " + table(schema, table);
  }

  /**
   * Upsert by key: a staged row whose key is in the target updates it when another column differs
   * (null-safe, so a rerun on the same rows updates nothing), a new key is inserted. Same meaning
   * as {@code DeltaWarehouse.merge}.
   */
  public String merge(
      String schema, String target, String stage, List<String> columns, List<String> key) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("unique key must not be empty to merge into " + target);
    }
    List<String> others = columns.stream().filter(c -> !key.contains(c)).toList();
    StringBuilder b =
        new StringBuilder("MERGE INTO ")
            .append(table(schema, target))
            .append(" AS t USING ")
            .append(table(schema, stage))
            .append(" AS s ON ")
            .append(
                key.stream()
                    .map(k -> "t." + quote("column", k) + " = s." + quote("column", k))
                    .collect(Collectors.joining(" AND ")));
    if (!others.isEmpty()) {
      b.append(" WHEN MATCHED AND (")
          .append(
              others.stream()
                  .map(c -> "t." + quote("column", c) + " IS DISTINCT FROM s." + quote("column", c))
                  .collect(Collectors.joining(" OR ")))
          .append(") THEN UPDATE SET ")
          .append(
              others.stream()
                  .map(c -> quote("column", c) + " = s." + quote("column", c))
                  .collect(Collectors.joining(", ")));
    }
    return b.append(" WHEN NOT MATCHED THEN ").append(insert(columns)).toString();
  }

  /**
   * The SCD2 apply: a staged row whose {@code stagedKey} equals a target row's {@code targetKey}
   * closes that version (sets {@code updateColumns}); a staged row matching nothing (null key) is a
   * new version, inserted with the target's columns. Same meaning as {@code
   * DeltaWarehouse.mergeVersions}.
   */
  public String mergeVersions(
      String schema,
      String target,
      String stage,
      String stagedKey,
      String targetKey,
      List<String> updateColumns,
      List<String> targetColumns) {
    return "MERGE INTO "
        + table(schema, target)
        + " AS t USING "
        + table(schema, stage)
        + " AS s ON t."
        + quote("column", targetKey)
        + " = s."
        + quote("column", stagedKey)
        + " WHEN MATCHED THEN UPDATE SET "
        + updateColumns.stream()
            .map(c -> quote("column", c) + " = s." + quote("column", c))
            .collect(Collectors.joining(", "))
        + " WHEN NOT MATCHED THEN "
        + insert(targetColumns);
  }

  private static String insert(List<String> columns) {
    return "INSERT ("
        + columns.stream().map(c -> quote("column", c)).collect(Collectors.joining(", "))
        + ") VALUES ("
        + columns.stream().map(c -> "s." + quote("column", c)).collect(Collectors.joining(", "))
        + ")";
  }

  /** Snowflake's type for a Spark column: timestamps are TIMESTAMP_NTZ in UTC. */
  static String type(DataType t) {
    if (t.equals(DataTypes.IntegerType)
        || t.equals(DataTypes.ShortType)
        || t.equals(DataTypes.ByteType)) {
      return "INTEGER";
    }
    if (t.equals(DataTypes.LongType)) {
      return "BIGINT";
    }
    if (t.equals(DataTypes.DoubleType) || t.equals(DataTypes.FloatType)) {
      return "DOUBLE";
    }
    if (t instanceof DecimalType d) {
      return "NUMBER(" + d.precision() + ", " + d.scale() + ")";
    }
    if (t.equals(DataTypes.StringType)) {
      return "VARCHAR";
    }
    if (t.equals(DataTypes.BooleanType)) {
      return "BOOLEAN";
    }
    if (t.equals(DataTypes.DateType)) {
      return "DATE";
    }
    if (t.equals(DataTypes.TimestampType) || t.equals(DataTypes.TimestampNTZType)) {
      return "TIMESTAMP_NTZ";
    }
    throw new IllegalArgumentException(
        "no Snowflake column type for Spark type " + t.simpleString());
  }
}
