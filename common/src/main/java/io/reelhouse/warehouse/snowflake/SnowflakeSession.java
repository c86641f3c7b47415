package io.reelhouse.warehouse.snowflake;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * What {@link SnowflakeWarehouse} needs from a Snowflake connection: run a statement, read and
 * write through the spark-snowflake connector. The connector implementation is {@link
 * ConnectorSession}; tests record the calls.
 */
public interface SnowflakeSession {
  /** Runs one statement in Snowflake and returns its result rows (column values in order). */
  List<List<Object>> run(String sql);

  /** A connector read with these options ({@code dbtable} or {@code query} among them). */
  Dataset<Row> read(Map<String, String> options);

  /** A connector write with these options ({@code dbtable} among them). */
  void write(Dataset<Row> rows, Map<String, String> options, SaveMode mode);
}
