package io.reelhouse.warehouse.snowflake;

import static org.apache.spark.sql.functions.col;

import io.reelhouse.config.Settings;
import io.reelhouse.warehouse.BuildsSqlInPlace;
import io.reelhouse.warehouse.TableId;
import io.reelhouse.warehouse.Warehouse;
import io.reelhouse.warehouse.WriteResult;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Tables in Snowflake, through the spark-snowflake connector.
 *
 * <ul>
 *   <li>replace: the connector's overwrite, which loads a staging table and swaps it in;
 *   <li>merge and SCD2 versions: the change set is loaded into a transient staging table, then one
 *       {@code MERGE INTO} runs in Snowflake ({@code Utils.runQuery}); the staging table is dropped
 *       afterwards, also when something failed;
 *   <li>SQL models, watermarks and existence checks are queries Snowflake evaluates; nothing comes
 *       back to Spark but their result.
 * </ul>
 *
 * <p>Snowflake stores integers as NUMBER(38,0) and names in upper case, so each table written from
 * Spark records its Spark schema in its comment; reads give back the declared names and types.
 */
public final class SnowflakeWarehouse implements Warehouse, BuildsSqlInPlace {
  static final String SCHEMA_COMMENT = "reelhouse-spark-schema:";

  private final SnowflakeSession session;
  private final SnowflakeSql sql;
  private final String host;
  private final java.time.Duration connectDeadline;

  public SnowflakeWarehouse(SnowflakeSession session, String database, String host) {
    this(session, database, host, java.time.Duration.ofSeconds(30));
  }

  /**
   * @param connectDeadline how long {@link #check()} waits for the account to answer
   */
  public SnowflakeWarehouse(
      SnowflakeSession session, String database, String host, java.time.Duration connectDeadline) {
    this.session = session;
    this.sql = new SnowflakeSql(database);
    this.host = host;
    this.connectDeadline = connectDeadline;
  }

  /**
   * Connects to the account in {@code settings}: resolves the credential, bounds the driver's
   * timeouts, and runs one trivial query so a wrong account or key fails here, in one line.
   */
  public static SnowflakeWarehouse open(SparkSession spark, Settings.Snowflake settings) {
    var hadoop = spark.sparkContext().hadoopConfiguration();
    SnowflakeOptions options =
        SnowflakeOptions.of(settings, Credentials.resolve(settings.auth(), hadoop));
    boundDriverTimeouts(settings);
    SnowflakeWarehouse wh =
        new SnowflakeWarehouse(
            new ConnectorSession(spark, options),
            settings.database(),
            options.host(),
            settings.loginTimeout().plus(settings.socketTimeout()));
    reachable(options.host(), settings.socketTimeout());
    wh.check();
    return wh;
  }

  /**
   * A plain TCP connect to the account's host first: an unknown host or a refused port is named at
   * once, instead of after the driver's retries.
   */
  static void reachable(String hostPort, java.time.Duration timeout) {
    String hostOnly = hostPort.replaceFirst("^https?://", "").replaceFirst("/.*$", "");
    int colon = hostOnly.lastIndexOf(':');
    String name = colon > 0 ? hostOnly.substring(0, colon) : hostOnly;
    int port = 443;
    if (colon > 0) {
      try {
        port = Integer.parseInt(hostOnly.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new SnowflakeException(
            "warehouse.snowflake.url '" + hostPort + "': the port is not a number");
      }
    }
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress(name, port), (int) timeout.toMillis());
    } catch (java.net.UnknownHostException e) {
      throw new SnowflakeException(
          "Snowflake at "
              + hostPort
              + ": unknown host "
              + name
              + " (check warehouse.snowflake.url)");
    } catch (java.net.SocketTimeoutException e) {
      throw new SnowflakeException(
          "Snowflake at "
              + hostPort
              + ": connection timed out after "
              + timeout.toSeconds()
              + " s (check warehouse.snowflake.url and the network path to it)");
    } catch (java.io.IOException e) {
      throw new SnowflakeException(
          "Snowflake at " + hostPort + ": cannot connect (" + e.getMessage() + ")");
    }
  }

  /**
   * The JDBC driver's HTTP socket and connect timeouts are JVM-wide system properties; without them
   * one unanswered TLS handshake waits 60 s per attempt, whatever loginTimeout says.
   */
  static void boundDriverTimeouts(Settings.Snowflake settings) {
    String ms = Long.toString(settings.socketTimeout().toMillis());
    for (String p :
        List.of(
            "net.snowflake.jdbc.http_client_socket_timeout_in_ms",
            "net.snowflake.jdbc.http_client_connection_timeout_in_ms")) {
      if (System.getProperty(p) == null) {
        System.setProperty(p, ms);
      }
    }
  }

  /**
   * One trivial query: proves the account, the credential and the warehouse answer, within the
   * connect deadline.
   *
   * <p>The deadline is kept here, by hand, because the driver's own login timeout cannot be set
   * through the connector: the connector turns numeric extra options into Integers, and the JDBC
   * driver reads only String-valued properties ({@code Properties.stringPropertyNames}), so {@code
   * loginTimeout} is dropped and a silent host is retried for the driver's default 300 s.
   */
  public String check() {
    var pool =
        java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "snowflake-connect-check");
              t.setDaemon(true);
              return t;
            });
    try {
      var answer = pool.submit(() -> session.run("SELECT CURRENT_VERSION()"));
      List<List<Object>> r =
          answer.get(connectDeadline.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      return r.isEmpty() || r.get(0).isEmpty() ? "" : String.valueOf(r.get(0).get(0));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new SnowflakeException(
          "Snowflake at "
              + host
              + ": no answer within "
              + connectDeadline.toSeconds()
              + " s (connection timed out; warehouse.snowflake.login-timeout + socket-timeout):"
              + " check warehouse.snowflake.url and the network path to it");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new SnowflakeException("Snowflake at " + host + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SnowflakeException("Snowflake at " + host + ": interrupted while connecting");
    } finally {
      pool.shutdownNow();
    }
  }

  @Override
  public boolean exists(TableId table) {
    return longAt(session.run(sql.exists(table.schema(), table.name()))) > 0;
  }

  @Override
  public Dataset<Row> read(TableId table) {
    Dataset<Row> raw = session.read(Map.of("dbtable", sql.dbtable(table.schema(), table.name())));
    return declared(raw, recordedSchema(table));
  }

  @Override
  public WriteResult replace(TableId table, Dataset<Row> rows) {
    boolean existed = prepare(table);
    session.write(
        rows, Map.of("dbtable", sql.dbtable(table.schema(), table.name())), SaveMode.Overwrite);
    record(table, rows.schema());
    long n = count(table);
    return new WriteResult(n, 0, n, existed ? 1 : 0);
  }

  @Override
  public WriteResult append(TableId table, Dataset<Row> rows) {
    boolean existed = prepare(table);
    long before = existed ? count(table) : 0;
    session.write(
        rows,
        Map.of("dbtable", sql.dbtable(table.schema(), table.name()), "column_mapping", "name"),
        SaveMode.Append);
    if (!existed) {
      record(table, rows.schema());
    }
    long after = count(table);
    return new WriteResult(after - before, 0, after, existed ? 1 : 0);
  }

  @Override
  public WriteResult replaceWithQuery(TableId table, String select) {
    boolean existed = prepare(table);
    session.run(sql.createTableAs(table.schema(), table.name(), select));
    long n = count(table);
    return new WriteResult(n, 0, n, existed ? 1 : 0);
  }

  @Override
  public TableId stageQuery(TableId table, String select) {
    prepare(table);
    TableId stage = new TableId(table.schema(), stageName(table));
    session.run(sql.createTableAs(stage.schema(), stage.name(), select));
    return stage;
  }

  @Override
  public WriteResult promote(TableId stage, TableId table) {
    boolean existed = exists(table);
    if (existed) {
      // SWAP is one atomic metadata operation; the stage then holds the old rows.
      session.run(sql.swap(table.schema(), stage.name(), table.name()));
      session.run(sql.drop(stage.schema(), stage.name()));
    } else {
      session.run(sql.rename(table.schema(), stage.name(), table.name()));
    }
    long n = count(table);
    return new WriteResult(n, 0, n, existed ? 1 : 0);
  }

  /** Drops a schema and everything in it (throwaway schemas of tests and CI). */
  public void dropSchema(String schema) {
    session.run(sql.dropSchema(schema));
  }

  @Override
  public void drop(TableId table) {
    session.run(sql.drop(table.schema(), table.name()));
  }

  @Override
  public WriteResult merge(TableId table, Dataset<Row> changes, List<String> uniqueKey) {
    String stage = stageName(table);
    List<String> columns = Arrays.asList(changes.columns());
    String merge = sql.merge(table.schema(), table.name(), stage, columns, uniqueKey);
    List<List<Object>> result = viaStage(table, stage, changes, merge);
    long n = count(table);
    return new WriteResult(at(result, 0), at(result, 1), n, 1);
  }

  @Override
  public WriteResult mergeVersions(
      TableId table,
      Dataset<Row> staged,
      String stagedKey,
      String targetKey,
      List<String> updateColumns) {
    String stage = stageName(table);
    // The recorded schema names the columns with one metadata query; no connector read.
    List<String> targetColumns =
        recordedSchema(table)
            .map(st -> Arrays.asList(st.fieldNames()))
            .orElseGet(() -> Arrays.asList(read(table).columns()));
    String merge =
        sql.mergeVersions(
            table.schema(),
            table.name(),
            stage,
            stagedKey,
            targetKey,
            updateColumns,
            targetColumns);
    List<List<Object>> result = viaStage(table, stage, staged, merge);
    return new WriteResult(at(result, 0), at(result, 1), -1, 1);
  }

  /** Loads {@code rows} into a transient stage, runs {@code merge}, drops the stage always. */
  private List<List<Object>> viaStage(
      TableId table, String stage, Dataset<Row> rows, String merge) {
    try {
      session.run(sql.createStage(table.schema(), stage, rows.schema()));
      session.write(
          rows,
          Map.of("dbtable", sql.dbtable(table.schema(), stage), "column_mapping", "name"),
          SaveMode.Append);
      return session.run(merge);
    } finally {
      session.run(sql.drop(table.schema(), stage));
    }
  }

  @Override
  public Dataset<Row> sql(String query) {
    return lowerCase(session.read(Map.of("query", query)));
  }

  @Override
  public Optional<Object> max(TableId table, String column) {
    List<List<Object>> r = session.run(sql.max(table.schema(), table.name(), column));
    if (r.isEmpty() || r.get(0).isEmpty() || r.get(0).get(0) == null) {
      return Optional.empty();
    }
    Object v = r.get(0).get(0);
    return Optional.of(v instanceof Timestamp t ? t.toInstant() : v);
  }

  @Override
  public String describe(TableId table) {
    return "snowflake://" + host + "/" + sql.table(table.schema(), table.name()).replace("\"", "");
  }

  /** Creates the schema if needed; says whether the table already existed. */
  private boolean prepare(TableId table) {
    sql.table(table.schema(), table.name()); // refuses a bad name before any statement runs
    session.run(sql.createSchema(table.schema()));
    return exists(table);
  }

  private long count(TableId table) {
    return longAt(session.run(sql.count(table.schema(), table.name())));
  }

  private void record(TableId table, StructType schema) {
    session.run(
        "COMMENT ON TABLE "
            + sql.table(table.schema(), table.name())
            + " IS '"
            + (SCHEMA_COMMENT + schema.json()).replace("\\", "\\\\").replace("'", "\\'")
            + "'");
  }

  private Optional<StructType> recordedSchema(TableId table) {
    List<List<Object>> r = session.run(sql.comment(table.schema(), table.name()));
    if (r.isEmpty() || r.get(0).isEmpty() || !(r.get(0).get(0) instanceof String c)) {
      return Optional.empty();
    }
    if (!c.startsWith(SCHEMA_COMMENT)) {
      return Optional.empty();
    }
    try {
      return Optional.of((StructType) DataType.fromJson(c.substring(SCHEMA_COMMENT.length())));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Declared names and types back from Snowflake's upper-case names and NUMBER(38,0). */
  static Dataset<Row> declared(Dataset<Row> raw, Optional<StructType> schema) {
    if (schema.isEmpty()) {
      return lowerCase(raw);
    }
    List<Column> cols = new ArrayList<>();
    for (StructField f : schema.get().fields()) {
      cols.add(col(f.name().toUpperCase(Locale.ROOT)).cast(f.dataType()).as(f.name()));
    }
    return raw.select(cols.toArray(Column[]::new));
  }

  private static Dataset<Row> lowerCase(Dataset<Row> raw) {
    return raw.toDF(
        Arrays.stream(raw.columns()).map(c -> c.toLowerCase(Locale.ROOT)).toArray(String[]::new));
  }

  private static String stageName(TableId table) {
    return table.name() + "__rh_stage_" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static long longAt(List<List<Object>> rows) {
    return at(rows, 0);
  }

  private static long at(List<List<Object>> rows, int column) {
    if (rows.isEmpty() || rows.get(0).size() <= column || rows.get(0).get(column) == null) {
      return 0;
    }
    return ((Number) rows.get(0).get(column)).longValue();
  }
}
