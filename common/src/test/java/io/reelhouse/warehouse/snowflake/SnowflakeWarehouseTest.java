package io.reelhouse.warehouse.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelhouse.config.Settings;
import io.reelhouse.testing.TestSpark;
import io.reelhouse.warehouse.TableId;
import io.reelhouse.warehouse.WriteResult;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every statement and connector call SnowflakeWarehouse makes, recorded instead of sent. */
class SnowflakeWarehouseTest {
  static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = TestSpark.session();
  }

  /** Records statements and writes; answers statements with {@code answers}. */
  static final class Recording implements SnowflakeSession {
    final List<String> calls = new ArrayList<>();
    final Function<String, List<List<Object>>> answers;

    Recording(Function<String, List<List<Object>>> answers) {
      this.answers = answers;
    }

    @Override
    public List<List<Object>> run(String sql) {
      calls.add(sql);
      return answers.apply(sql);
    }

    @Override
    public Dataset<Row> read(Map<String, String> options) {
      calls.add("read " + new java.util.TreeMap<>(options));
      return spark.sql("select 1 as USER_ID, 2.5 as RATING");
    }

    @Override
    public void write(Dataset<Row> rows, Map<String, String> options, SaveMode mode) {
      calls.add("write " + mode + " " + new java.util.TreeMap<>(options));
    }
  }

  static List<List<Object>> one(Object v) {
    List<Object> row = new ArrayList<>();
    row.add(v);
    return List.of(row);
  }

  static final TableId FCT = new TableId("dev_fct", "fct_ratings");
  static final String T = "\"ANALYTICS\".\"DEV_FCT\".\"FCT_RATINGS\"";
  static final String EXISTS =
      "SELECT COUNT(*) FROM \"ANALYTICS\".INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'DEV_FCT'"
          + " AND TABLE_NAME = 'FCT_RATINGS'";

  Dataset<Row> rows() {
    return spark.sql("select 1 as user_id, 10 as movie_id, 4.5 as rating");
  }

  @Test
  void replaceCreatesTheSchemaOverwritesThroughTheConnectorsStagingTableAndRecordsTheSchema() {
    var s =
        new Recording(
            q ->
                q.startsWith("SELECT COUNT(*) FROM \"ANALYTICS\".INFORMATION") ? one(0L) : one(7L));
    WriteResult w =
        new SnowflakeWarehouse(s, "analytics", "acme.snowflakecomputing.com").replace(FCT, rows());
    assertThat(s.calls)
        .containsExactly(
            "CREATE SCHEMA IF NOT EXISTS \"ANALYTICS\".\"DEV_FCT\"",
            EXISTS,
            "write Overwrite {dbtable=" + T + "}",
            "COMMENT ON TABLE " + T + " IS 'reelhouse-spark-schema:" + rows().schema().json() + "'",
            "SELECT COUNT(*) FROM " + T);
    assertThat(w).isEqualTo(new WriteResult(7, 0, 7, 0));
  }

  @Test
  void mergeStagesTheChangesInATransientTableMergesInSnowflakeAndDropsTheStage() {
    var s =
        new Recording(
            q -> q.startsWith("MERGE") ? List.of(List.<Object>of(3L, 2L)) : one(250_001L));
    WriteResult w =
        new SnowflakeWarehouse(s, "analytics", "acme.snowflakecomputing.com")
            .merge(FCT, rows(), List.of("user_id", "movie_id"));
    String stage =
        s.calls
            .get(0)
            .replaceAll(".*\"DEV_FCT\"\\.\"(FCT_RATINGS__RH_STAGE_[0-9A-F]{8})\".*", "$1");
    String st = "\"ANALYTICS\".\"DEV_FCT\".\"" + stage + "\"";
    assertThat(s.calls)
        .containsExactly(
            "CREATE OR REPLACE TRANSIENT TABLE "
                + st
                + " (\"USER_ID\" INTEGER, \"MOVIE_ID\" INTEGER, \"RATING\" NUMBER(2, 1))",
            "write Append {column_mapping=name, dbtable=" + st + "}",
            "MERGE INTO "
                + T
                + " AS t USING "
                + st
                + " AS s ON t.\"USER_ID\" = s.\"USER_ID\" AND t.\"MOVIE_ID\" = s.\"MOVIE_ID\""
                + " WHEN MATCHED AND (t.\"RATING\" IS DISTINCT FROM s.\"RATING\")"
                + " THEN UPDATE SET \"RATING\" = s.\"RATING\""
                + " WHEN NOT MATCHED THEN INSERT (\"USER_ID\", \"MOVIE_ID\", \"RATING\")"
                + " VALUES (s.\"USER_ID\", s.\"MOVIE_ID\", s.\"RATING\")",
            "DROP TABLE IF EXISTS " + st,
            "SELECT COUNT(*) FROM " + T);
    assertThat(w).isEqualTo(new WriteResult(3, 2, 250_001, 1));
  }

  @Test
  void aFailedMergeStillDropsTheStagingTable() {
    var s =
        new Recording(
            q -> {
              if (q.startsWith("MERGE")) {
                throw new SnowflakeException("Snowflake at acme: Duplicate row detected");
              }
              return one(0L);
            });
    var wh = new SnowflakeWarehouse(s, "analytics", "acme");
    assertThatThrownBy(() -> wh.merge(FCT, rows(), List.of("user_id", "movie_id")))
        .hasMessageContaining("Duplicate row");
    assertThat(s.calls.get(s.calls.size() - 1))
        .startsWith("DROP TABLE IF EXISTS ")
        .contains("__RH_STAGE_");
  }

  @Test
  void scd2VersionsMergeClosesByScdIdAndInsertsWithTheTargetsColumns() {
    TableId snap = new TableId("dev_snapshots", "snap_tags");
    var s =
        new Recording(q -> q.startsWith("MERGE") ? List.of(List.<Object>of(1L, 1L)) : one(null));
    Dataset<Row> staged = spark.sql("select 'k' as merge_key, 1 as user_id, 2.5 as rating");
    new SnowflakeWarehouse(s, "analytics", "acme")
        .mergeVersions(snap, staged, "merge_key", "user_id", List.of("rating"));
    String merge = s.calls.stream().filter(c -> c.startsWith("MERGE")).findFirst().orElseThrow();
    assertThat(merge)
        .matches(
            "MERGE INTO \"ANALYTICS\"\\.\"DEV_SNAPSHOTS\"\\.\"SNAP_TAGS\" AS t USING \"ANALYTICS\"\\.\"DEV_SNAPSHOTS\"\\.\"SNAP_TAGS__RH_STAGE_[0-9A-F]{8}\" AS s"
                + " ON t\\.\"USER_ID\" = s\\.\"MERGE_KEY\" WHEN MATCHED THEN UPDATE SET \"RATING\" = s\\.\"RATING\""
                + " WHEN NOT MATCHED THEN INSERT \\(\"USER_ID\", \"RATING\"\\) VALUES \\(s\\.\"USER_ID\", s\\.\"RATING\"\\)");
    assertThat(s.calls.get(s.calls.size() - 1))
        .startsWith("DROP TABLE IF EXISTS \"ANALYTICS\".\"DEV_SNAPSHOTS\".\"SNAP_TAGS__RH_STAGE_");
  }

  @Test
  void aSqlModelIsBuiltInsideSnowflakeAndTheWatermarkIsAQueryThere() {
    var s =
        new Recording(
            q ->
                q.startsWith("SELECT MAX")
                    ? one(Timestamp.from(Instant.parse("2019-11-21T09:15:03Z")))
                    : one(1L));
    var wh = new SnowflakeWarehouse(s, "analytics", "acme");
    TableId mart = new TableId("dev_mart", "mart_movie_releases");
    wh.replaceWithQuery(mart, "SELECT user_id FROM dev_fct.fct_ratings");
    assertThat(s.calls)
        .contains(
            "CREATE OR REPLACE TABLE \"ANALYTICS\".\"DEV_MART\".\"MART_MOVIE_RELEASES\" AS SELECT user_id FROM dev_fct.fct_ratings");
    assertThat(s.calls).noneMatch(c -> c.startsWith("read") || c.startsWith("write"));
    s.calls.clear();
    assertThat(wh.max(FCT, "rating_timestamp")).contains(Instant.parse("2019-11-21T09:15:03Z"));
    assertThat(s.calls).containsExactly("SELECT MAX(\"RATING_TIMESTAMP\") FROM " + T);
  }

  @Test
  void aSqlModelAuditedInPlaceIsStagedByCtasThenSwappedInAndTheOldRowsDropped() {
    var s =
        new Recording(
            q ->
                q.startsWith("SELECT COUNT(*) FROM \"ANALYTICS\".INFORMATION") ? one(1L) : one(9L));
    var wh = new SnowflakeWarehouse(s, "analytics", "acme");
    TableId mart = new TableId("dev_mart", "mart_movie_releases");
    TableId stage = wh.stageQuery(mart, "SELECT 1 AS x");
    assertThat(stage.name()).matches("mart_movie_releases__rh_stage_[0-9a-f]{8}");
    String st = "\"ANALYTICS\".\"DEV_MART\".\"" + stage.name().toUpperCase() + "\"";
    String m = "\"ANALYTICS\".\"DEV_MART\".\"MART_MOVIE_RELEASES\"";
    WriteResult w = wh.promote(stage, mart);
    assertThat(s.calls)
        .containsExactly(
            "CREATE SCHEMA IF NOT EXISTS \"ANALYTICS\".\"DEV_MART\"",
            EXISTS.replace("DEV_FCT", "DEV_MART").replace("FCT_RATINGS", "MART_MOVIE_RELEASES"),
            "CREATE OR REPLACE TABLE " + st + " AS SELECT 1 AS x",
            EXISTS.replace("DEV_FCT", "DEV_MART").replace("FCT_RATINGS", "MART_MOVIE_RELEASES"),
            "ALTER TABLE " + st + " SWAP WITH " + m,
            "DROP TABLE IF EXISTS " + st,
            "SELECT COUNT(*) FROM " + m);
    assertThat(w).isEqualTo(new WriteResult(9, 0, 9, 1));
    s.calls.clear();
    wh.drop(stage);
    wh.dropSchema("rh_1234abcd_dim");
    assertThat(s.calls)
        .containsExactly(
            "DROP TABLE IF EXISTS " + st,
            "DROP SCHEMA IF EXISTS \"ANALYTICS\".\"RH_1234ABCD_DIM\" CASCADE");
  }

  @Test
  void namesThatAreNotPlainIdentifiersAreRefusedBeforeAnySqlIsBuilt() {
    var s = new Recording(q -> one(0L));
    var wh = new SnowflakeWarehouse(s, "analytics", "acme");
    for (TableId bad :
        List.of(
            new TableId("dev_fct", "fct; DROP TABLE x"),
            new TableId("dev\"fct", "fct_ratings"),
            new TableId("dev_fct", "1fct"),
            new TableId("", "fct"))) {
      assertThatThrownBy(() -> wh.replace(bad, rows()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("invalid Snowflake ");
      assertThatThrownBy(() -> wh.max(bad, "x")).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> wh.max(FCT, "rating) FROM x; --"))
        .hasMessageStartingWith("invalid Snowflake column name 'rating) FROM x; --'");
    assertThatThrownBy(() -> new SnowflakeWarehouse(s, "my-db", "acme"))
        .hasMessageStartingWith("invalid Snowflake database name 'my-db'");
    assertThat(s.calls).isEmpty();
  }

  static Settings.Snowflake account(String method) {
    return new Settings.Snowflake(
        "acme-prod.snowflakecomputing.com",
        "RELHOUSE_SVC",
        "TRANSFORMER",
        "TRANSFORM_WH",
        "ANALYTICS",
        new Settings.SnowflakeAuth(method, "", "SF_KEY", "SF_PASS", "", "SF_TOKEN", "SF_PASSWORD"),
        Duration.ofSeconds(20),
        Duration.ofSeconds(10));
  }

  @Test
  void theConnectorOptionsAreExactAndTheirPrintedFormMasksTheSecret() {
    var o =
        SnowflakeOptions.of(account("oauth"), new Credentials.Credential("oauth", "tok-9f8e7d6c"));
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("sfurl", "acme-prod.snowflakecomputing.com");
    expected.put("sfuser", "RELHOUSE_SVC");
    expected.put("sfrole", "TRANSFORMER");
    expected.put("sfwarehouse", "TRANSFORM_WH");
    expected.put("sfdatabase", "ANALYTICS");
    expected.put("sfauthenticator", "oauth");
    expected.put("sftoken", "tok-9f8e7d6c");
    expected.put("sftimezone", "UTC");
    expected.put("TIMESTAMP_TYPE_MAPPING", "TIMESTAMP_NTZ");
    expected.put("keep_column_case", "off");
    expected.put("usestagingtable", "on");
    assertThat(o.connection()).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(o.toString()).contains("sftoken=****").doesNotContain("tok-9f8e7d6c");
    assertThat(o.failure(new RuntimeException("login failed for token tok-9f8e7d6c\n at line 2")))
        .isEqualTo(
            "Snowflake at acme-prod.snowflakecomputing.com: login failed for token **** at line 2");

    var kp =
        SnowflakeOptions.of(account("key-pair"), new Credentials.Credential("key-pair", "MIIEv"));
    assertThat(kp.connection())
        .containsEntry("pem_private_key", "MIIEv")
        .doesNotContainKeys("sftoken", "sfpassword");
    var pw =
        SnowflakeOptions.of(
            account("password"), new Credentials.Credential("password", "hunter22"));
    assertThat(pw.connection()).containsEntry("sfpassword", "hunter22");
    assertThat(pw.masked()).containsEntry("sfpassword", "****");
  }

  @Test
  void aMissingCredentialNamesTheVariableAndSetting() {
    assertThatThrownBy(() -> Credentials.resolve(account("oauth").auth(), k -> null))
        .hasMessage(
            "no Snowflake credential: environment variable SF_TOKEN is not set (see"
                + " warehouse.snowflake.auth.token-file or warehouse.snowflake.auth.token-env)");
    assertThat(
            Credentials.resolve(account("oauth").auth(), k -> k.equals("SF_TOKEN") ? "t0k3n" : null)
                .secret())
        .isEqualTo("t0k3n");
  }
}
