package io.reelhouse.warehouse.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MERGE statements SnowflakeWarehouse sends, executed as they are on an embedded engine that
 * speaks MERGE (DuckDB), over small hand-made tables: a wrong join, condition or column list fails
 * here rather than in a customer's account.
 */
class SnowflakeMergeOnDuckDbTest {
  private final SnowflakeSql sql = new SnowflakeSql("db");
  private Connection db;

  @BeforeEach
  void open() throws SQLException {
    db = DriverManager.getConnection("jdbc:duckdb:");
    exec("ATTACH ':memory:' AS \"DB\"");
    exec("CREATE SCHEMA \"DB\".\"DEV_FCT\"");
  }

  @AfterEach
  void close() throws SQLException {
    db.close();
  }

  private void exec(String statement) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute(statement);
    }
  }

  private List<String> rows(String query) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> cells = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          cells.add(String.valueOf(rs.getObject(i)));
        }
        out.add(String.join(",", cells));
      }
    }
    return out;
  }

  @Test
  void incrementalMergeUpdatesChangedRowsInsertsNewKeysAndLeavesTheRestAlone() throws SQLException {
    exec(
        "CREATE TABLE \"DB\".\"DEV_FCT\".\"FCT_RATINGS\" (USER_ID INTEGER, MOVIE_ID INTEGER,"
            + " RATING DOUBLE, NOTE VARCHAR)");
    exec(
        "INSERT INTO \"DB\".\"DEV_FCT\".\"FCT_RATINGS\" VALUES"
            + " (1, 10, 4.0, 'a'), (1, 11, 3.0, NULL), (2, 10, 5.0, 'b'), (3, 12, 2.5, 'c')");
    exec(
        "CREATE TABLE \"DB\".\"DEV_FCT\".\"STAGE\" (USER_ID INTEGER, MOVIE_ID INTEGER,"
            + " RATING DOUBLE, NOTE VARCHAR)");
    // (1,10) re-rated; (1,11) unchanged with a null on both sides; (2,10) only its note went null;
    // (4,10) new; (3,12) absent from the change set.
    exec(
        "INSERT INTO \"DB\".\"DEV_FCT\".\"STAGE\" VALUES"
            + " (1, 10, 4.5, 'a'), (1, 11, 3.0, NULL), (2, 10, 5.0, NULL), (4, 10, 1.0, 'd')");

    String merge =
        sql.merge(
            "dev_fct",
            "fct_ratings",
            "stage",
            List.of("user_id", "movie_id", "rating", "note"),
            List.of("user_id", "movie_id"));
    try (Statement s = db.createStatement()) {
      int changed = s.executeUpdate(merge);
      assertThat(changed).as("rows updated + inserted").isEqualTo(3);
    }
    assertThat(
            rows(
                "SELECT USER_ID, MOVIE_ID, RATING, NOTE FROM \"DB\".\"DEV_FCT\".\"FCT_RATINGS\""
                    + " ORDER BY 1, 2"))
        .containsExactly(
            "1,10,4.5,a", "1,11,3.0,null", "2,10,5.0,null", "3,12,2.5,c", "4,10,1.0,d");

    // The same change set again changes nothing: IS DISTINCT FROM is null-safe.
    try (Statement s = db.createStatement()) {
      assertThat(s.executeUpdate(merge)).isZero();
    }
  }

  @Test
  void scd2MergeClosesTheOldVersionAndInsertsTheNewOne() throws SQLException {
    String cols =
        "SCD_ID VARCHAR, USER_ID INTEGER, TAG VARCHAR, VALID_FROM TIMESTAMP, VALID_TO TIMESTAMP";
    exec("CREATE TABLE \"DB\".\"DEV_FCT\".\"SNAP_TAGS\" (" + cols + ")");
    exec(
        "INSERT INTO \"DB\".\"DEV_FCT\".\"SNAP_TAGS\" VALUES"
            + " ('k1-v1', 1, 'funny', TIMESTAMP '2026-01-01 00:00:00', NULL),"
            + " ('k2-v1', 2, 'dark', TIMESTAMP '2026-01-01 00:00:00', NULL),"
            + " ('k3-v0', 3, 'old', TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2026-01-01 00:00:00')");
    // Staged as Scd2 plans it: the changed key's current version to close (merge key = its
    // scd id, valid_to = now), and its new version to insert (null merge key).
    exec("CREATE TABLE \"DB\".\"DEV_FCT\".\"STAGE\" (MERGE_KEY VARCHAR, " + cols + ")");
    exec(
        "INSERT INTO \"DB\".\"DEV_FCT\".\"STAGE\" VALUES"
            + " ('k1-v1', 'k1-v1', 1, 'funny', TIMESTAMP '2026-01-01 00:00:00', TIMESTAMP '2026-02-01 00:00:00'),"
            + " (NULL, 'k1-v2', 1, 'hilarious', TIMESTAMP '2026-02-01 00:00:00', NULL)");

    String merge =
        sql.mergeVersions(
            "dev_fct",
            "snap_tags",
            "stage",
            "merge_key",
            "scd_id",
            List.of("valid_to"),
            List.of("scd_id", "user_id", "tag", "valid_from", "valid_to"));
    try (Statement s = db.createStatement()) {
      assertThat(s.executeUpdate(merge)).as("one closed + one inserted").isEqualTo(2);
    }
    assertThat(rows("SELECT * FROM \"DB\".\"DEV_FCT\".\"SNAP_TAGS\" ORDER BY SCD_ID"))
        .containsExactly(
            "k1-v1,1,funny,2026-01-01 00:00:00.0,2026-02-01 00:00:00.0",
            "k1-v2,1,hilarious,2026-02-01 00:00:00.0,null",
            "k2-v1,2,dark,2026-01-01 00:00:00.0,null",
            "k3-v0,3,old,2025-01-01 00:00:00.0,2026-01-01 00:00:00.0");
  }
}
