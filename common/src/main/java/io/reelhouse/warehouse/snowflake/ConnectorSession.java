package io.reelhouse.warehouse.snowflake;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.snowflake.spark.snowflake.Utils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The spark-snowflake connector: statements through {@code Utils.runQuery} (the connector's own
 * JDBC connection, with the same options as reads and writes), data through {@code
 * format("snowflake")}.
 */
public final class ConnectorSession implements SnowflakeSession {
  private final SparkSession spark;
  private final SnowflakeOptions options;

  public ConnectorSession(SparkSession spark, SnowflakeOptions options) {
    this.spark = spark;
    this.options = options;
  }

  @Override
  public List<List<Object>> run(String sql) {
    try (ResultSet rs = Utils.runQuery(options.connection(), sql)) {
      List<List<Object>> rows = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new SnowflakeException(options.failure(e), e);
    } catch (RuntimeException e) {
      throw new SnowflakeException(options.failure(e), e);
    }
  }

  @Override
  public Dataset<Row> read(Map<String, String> extra) {
    return spark.read().format("snowflake").options(options.with(extra)).load();
  }

  @Override
  public void write(Dataset<Row> rows, Map<String, String> extra, SaveMode mode) {
    try {
      rows.write().format("snowflake").options(options.with(extra)).mode(mode).save();
    } catch (RuntimeException e) {
      throw new SnowflakeException(options.failure(e), e);
    }
  }
}
