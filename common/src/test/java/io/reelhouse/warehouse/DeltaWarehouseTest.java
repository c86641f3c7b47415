package io.reelhouse.warehouse;

import static io.reelhouse.testing.Fixtures.rows;
import static io.reelhouse.testing.RowAssert.assertRows;
import static io.reelhouse.testing.RowAssert.row;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import io.reelhouse.testing.Fixtures;
import io.reelhouse.testing.TestSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaWarehouseTest {
  private static final String DDL = "id INT, name STRING";
  private static final TableId T = new TableId("wh_test", "things");

  @TempDir Path dir;
  private SparkSession spark;
  private DeltaWarehouse wh;

  @BeforeEach
  void open() {
    spark = TestSpark.session();
    spark.sql("DROP TABLE IF EXISTS wh_test.things");
    wh = new DeltaWarehouse(spark, dir.toString());
  }

  @Test
  void aFirstWriteKilledBeforeItsCommitLeavesNoTableAndTheNextWriteCreatesIt() throws Exception {
    // What a JVM halted mid-write leaves: data files and an empty _delta_log, no commit.
    java.nio.file.Path folder = dir.resolve("t_core/killed");
    java.nio.file.Files.createDirectories(folder.resolve("_delta_log"));
    java.nio.file.Files.writeString(folder.resolve("part-00000-stray.snappy.parquet"), "half");
    TableId killed = new TableId("t_core", "killed");
    DeltaWarehouse reopened = new DeltaWarehouse(spark, dir.toString());
    assertThat(reopened.exists(killed)).isFalse();
    reopened.replace(killed, spark.sql("select 1 as id"));
    assertThat(reopened.exists(killed)).isTrue();
    assertThat(reopened.read(killed).count()).isEqualTo(1);
    assertThat(spark.sql("select count(*) from t_core.killed").head().getLong(0)).isEqualTo(1);
  }

  @Test
  void replaceCreatesThenReplacesAndReportsRowsFromTheCommit() {
    WriteResult first = wh.replace(T, rows(DDL, row(1, "a"), row(2, "b")));
    assertThat(first.rowsInTable()).isEqualTo(2);
    WriteResult second = wh.replace(T, rows(DDL, row(3, "c")));
    assertThat(second.rowsInTable()).isEqualTo(1);
    assertThat(second.version()).isEqualTo(first.version() + 1);
    assertRows(wh.read(T), List.of("id", "name"), List.of(row(3, "c")));
    assertRows(wh.sql("select * from wh_test.things"), List.of("id", "name"), List.of(row(3, "c")));
  }

  @Test
  void aReplaceThatFailsMidwayLeavesTheTableAsItWas() {
    wh.replace(T, rows(DDL, row(1, "a"), row(2, "b")));
    long before = DeltaTable.forPath(spark, wh.pathOf(T)).history(1).head().getLong(0);
    Dataset<Row> failing =
        rows(DDL, row(7, "x"), row(8, "boom"))
            .withColumn(
                "name",
                when(col("name").equalTo("boom"), raise_error(lit("bad row")))
                    .otherwise(col("name")));
    assertThatThrownBy(() -> wh.replace(T, failing)).hasStackTraceContaining("bad row");
    assertRows(wh.read(T), List.of("id", "name"), List.of(row(1, "a"), row(2, "b")));
    long after = DeltaTable.forPath(spark, wh.pathOf(T)).history(1).head().getLong(0);
    assertThat(after).as("no new commit").isEqualTo(before);
  }

  @Test
  void mergeUpdatesChangedRowsInsertsNewOnesAndLeavesOthers() {
    wh.replace(T, rows(DDL, row(1, "a"), row(2, "b"), row(3, "c")));
    WriteResult w = wh.merge(T, rows(DDL, row(2, "B"), row(3, "c"), row(4, "d")), List.of("id"));
    assertThat(w.rowsInserted()).as("inserted").isEqualTo(1);
    assertThat(w.rowsUpdated()).as("only the row whose values changed").isEqualTo(1);
    assertThat(w.rowsInTable()).isEqualTo(4);
    assertRows(
        wh.read(T),
        List.of("id", "name"),
        List.of(row(1, "a"), row(2, "B"), row(3, "c"), row(4, "d")));
  }

  @Test
  void appendingNoRowsReportsNoneWritten() {
    wh.replace(T, rows(DDL, row(1, "a"), row(2, "b"), row(3, "c")));
    WriteResult w = wh.append(T, rows(DDL).limit(0));
    assertThat(w.rowsInserted()).as("not the rows of the commit before it").isZero();
    assertThat(wh.read(T).count()).isEqualTo(3);
  }

  @Test
  void mergeOfKeysOutsideEveryRowOfTheTableAppendsThem() {
    wh.replace(T, rows(DDL, row(1, "a"), row(2, "b"), row(3, "c")));
    WriteResult w = wh.merge(T, rows(DDL, row(5, "e"), row(4, "d")), List.of("id"));
    assertThat(w.rowsInserted()).isEqualTo(2);
    assertThat(w.rowsUpdated()).isZero();
    assertThat(w.rowsInTable()).isEqualTo(5);
    assertThat(lastOperation()).as("no key to match: appended, not merged").isEqualTo("WRITE");
    assertRows(
        wh.read(T),
        List.of("id", "name"),
        List.of(row(1, "a"), row(2, "b"), row(3, "c"), row(4, "d"), row(5, "e")));
  }

  @Test
  void mergeOfKeysWithinTheTablesRangeButMatchingNoneStillMerges() {
    // 2 lies between 1 and 3: only a MERGE can tell that no row has it.
    wh.replace(T, rows(DDL, row(1, "a"), row(3, "c")));
    WriteResult w = wh.merge(T, rows(DDL, row(2, "b"), row(3, "C")), List.of("id"));
    assertThat(lastOperation()).isEqualTo("MERGE");
    assertThat(w.rowsInserted()).isEqualTo(1);
    assertThat(w.rowsUpdated()).isEqualTo(1);
    assertThat(w.rowsInTable()).isEqualTo(3);
    assertRows(wh.read(T), List.of("id", "name"), List.of(row(1, "a"), row(2, "b"), row(3, "C")));
  }

  @Test
  void aNullKeyMatchesNothingWhetherAppendedOrMerged() {
    wh.replace(T, rows(DDL, row(1, "a"), row(null, "x")));
    wh.merge(T, rows(DDL, row(null, "y")), List.of("id"));
    wh.merge(T, rows(DDL, row(null, "z"), row(1, "A")), List.of("id"));
    assertRows(
        wh.read(T),
        List.of("id", "name"),
        List.of(row(1, "A"), row(null, "x"), row(null, "y"), row(null, "z")));
  }

  @Test
  void mergeVersionsClosesAndInsertsAndCountsTheRowsItLeaves() {
    String ddl = "id INT, name STRING, scd_id STRING, valid_to STRING";
    TableId v = new TableId("wh_test", "versions");
    wh.replace(v, rows(ddl, row(1, "a", "1a", null), row(2, "x", "2x", null)));
    WriteResult w =
        wh.mergeVersions(
            v,
            rows(ddl + ", mk STRING", row(1, "a", "1a", "t1", "1a"), row(1, "b", "1b", null, null)),
            "mk",
            "scd_id",
            List.of("valid_to"));
    assertThat(w.rowsInserted()).isEqualTo(1);
    assertThat(w.rowsUpdated()).isEqualTo(1);
    assertThat(w.rowsInTable()).isEqualTo(3);
    assertRows(
        wh.read(v),
        List.of("id", "name", "scd_id", "valid_to"),
        List.of(row(1, "a", "1a", "t1"), row(1, "b", "1b", null), row(2, "x", "2x", null)));
  }

  @Test
  void mergeVersionsHashesTheStagedRowsInsteadOfSortingTheTableAndRestoresTheSetting()
      throws Exception {
    String ddl = "id INT, name STRING, scd_id STRING, valid_to STRING";
    TableId v = new TableId("wh_test", "hashed");
    List<Row> current = new java.util.ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      current.add(row(i, "n" + i, "id" + i, null));
    }
    wh.replace(v, rows(ddl, current.toArray(Row[]::new)));
    Dataset<Row> staged =
        rows(ddl + ", mk STRING", row(7, "n7", "id7", "t1", "id7"), row(7, "b", "7b", null, null));
    List<String> plans = new java.util.concurrent.CopyOnWriteArrayList<>();
    org.apache.spark.sql.util.QueryExecutionListener listener =
        new org.apache.spark.sql.util.QueryExecutionListener() {
          @Override
          public void onSuccess(
              String f, org.apache.spark.sql.execution.QueryExecution qe, long d) {
            plans.add(qe.executedPlan().toString());
          }

          @Override
          public void onFailure(
              String f, org.apache.spark.sql.execution.QueryExecution qe, Exception e) {}
        };
    // Small enough that the table (2,000 rows) is not broadcast, large enough for the staged rows.
    spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "2048");
    spark.listenerManager().register(listener);
    try {
      WriteResult w = wh.mergeVersions(v, staged, "mk", "scd_id", List.of("valid_to"));
      assertThat(w.rowsUpdated()).isEqualTo(1);
      assertThat(w.rowsInserted()).isEqualTo(1);
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.listenerManager().unregister(listener);
      spark.conf().unset("spark.sql.autoBroadcastJoinThreshold");
    }
    assertThat(String.join("\n", plans))
        .as("the outer join writing the changed rows")
        .contains("ShuffledHashJoin")
        .doesNotContain("SortMergeJoin");
    assertThat(spark.conf().contains("spark.sql.join.preferSortMergeJoin"))
        .as("the session's setting, unset before, is unset again")
        .isFalse();
    assertThat(wh.read(v).where("valid_to = 't1'").count()).isEqualTo(1);
  }

  private String lastOperation() {
    return DeltaTable.forPath(spark, wh.pathOf(T)).history(1).head().getAs("operation");
  }

  @Test
  void tablesAreFoundAgainWhenTheWarehouseIsReopened() {
    wh.replace(T, rows(DDL, row(1, "a")));
    spark.sql("DROP TABLE wh_test.things"); // a new process starts with an empty catalog
    DeltaWarehouse reopened = new DeltaWarehouse(spark, dir.toString());
    assertThat(reopened.exists(T)).isTrue();
    assertThat(reopened.sql("select count(*) from wh_test.things").head().getLong(0)).isEqualTo(1);
    assertThat(reopened.max(T, "id")).contains(1);
  }

  @Test
  void aNameIsPointedAtTheRootThatWroteOrNamedItLast(@TempDir Path other) {
    wh.replace(T, rows(DDL, row(1, "a")));
    DeltaWarehouse elsewhere = new DeltaWarehouse(spark, other.toString());
    elsewhere.replace(T, rows(DDL, row(2, "b")));
    List<String> cols = List.of("id", "name");
    assertRows(elsewhere.sql("select * from wh_test.things"), cols, List.of(row(2, "b")));
    // wh's first SQL names the tables of its own folder
    assertRows(wh.sql("select * from wh_test.things"), cols, List.of(row(1, "a")));
    wh.replace(T, rows(DDL, row(3, "c")));
    assertRows(wh.sql("select * from wh_test.things"), cols, List.of(row(3, "c")));
    assertRows(elsewhere.read(T), cols, List.of(row(2, "b")));
  }

  @Test
  void openingAWarehouseLeavesTheCatalogAloneUntilSqlNamesATable() {
    wh.replace(T, rows(DDL, row(1, "a")));
    spark.sql("DROP TABLE wh_test.things"); // a new process starts with an empty catalog
    DeltaWarehouse reopened = new DeltaWarehouse(spark, dir.toString());
    assertThat(spark.catalog().tableExists("wh_test", "things")).as("not at open").isFalse();
    reopened.nameTables();
    assertThat(spark.catalog().tableExists("wh_test", "things")).isTrue();
  }

  @Test
  void aQueryRegistersTheTablesItNamesAndNoOthers() {
    TableId others = new TableId("wh_test", "others");
    TableId unread = new TableId("wh_test", "unread");
    wh.replace(T, rows(DDL, row(1, "a"), row(2, "b")));
    wh.replace(others, rows(DDL, row(2, "x")));
    wh.replace(unread, rows(DDL, row(3, "y")));
    for (TableId t : List.of(T, others, unread)) {
      spark.sql("DROP TABLE " + t.qualified()); // a new process starts with an empty catalog
    }
    DeltaWarehouse reopened = new DeltaWarehouse(spark, dir.toString());
    // One name in a common table expression (in other letters' case), one in a subquery.
    List<Row> got =
        reopened
            .sql(
                "WITH t AS (SELECT * FROM WH_TEST.Things)"
                    + " SELECT name FROM t WHERE id IN (SELECT id FROM wh_test.others)")
            .collectAsList();
    assertThat(got).extracting(r -> r.getString(0)).containsExactly("b");
    assertThat(spark.catalog().tableExists("wh_test", "things")).isTrue();
    assertThat(spark.catalog().tableExists("wh_test", "others")).isTrue();
    assertThat(spark.catalog().tableExists("wh_test", "unread")).as("not named").isFalse();
  }

  @Test
  void aStatementWhoseTablesCannotBeToldFromItsTextNamesEveryTableAndADeleteItsTarget() {
    wh.replace(T, rows(DDL, row(1, "a"), row(2, "b")));
    spark.sql("DROP TABLE " + T.qualified()); // a new process starts with an empty catalog
    // DESCRIBE names its table outside the relations a query reads.
    List<Row> described =
        new DeltaWarehouse(spark, dir.toString()).sql("DESCRIBE wh_test.things").collectAsList();
    assertThat(described).extracting(r -> r.getString(0)).contains("id", "name");
    spark.sql("DROP TABLE " + T.qualified());
    // The quarantine ledger's statement: a DELETE names the table it deletes from.
    DeltaWarehouse again = new DeltaWarehouse(spark, dir.toString());
    again.sql("DELETE FROM wh_test.things WHERE id = 1");
    assertRows(again.read(T), List.of("id", "name"), List.of(row(2, "b")));
  }

  private static final String TIMED = "id INT, name STRING, at TIMESTAMP";
  private static final Instant NINE = Instant.parse("2024-03-01T09:00:00Z");
  private static final Instant TEN = Instant.parse("2024-03-01T10:00:00Z");
  private static final Instant NOON = Instant.parse("2024-03-01T12:00:00Z");

  @Test
  void aTimestampsMaximumComesFromTheFilesStatistics() {
    wh.replace(T, rows(TIMED, row(1, "a", TEN), row(2, "b", NOON), row(3, "c", null)));
    wh.merge(T, rows(TIMED, row(4, "d", NINE)), List.of("id")); // appended: a second file
    assertThat(wh.maxFromStatistics(T, "at")).as("decided by the log").contains(Optional.of(NOON));
    assertThat(wh.maxFromStatistics(T, "id")).contains(Optional.of(4));
    assertThat(wh.max(T, "at")).contains(NOON);
  }

  @Test
  void statisticsDoNotDecideTextNorAColumnOfNullsThatHasNoneButAllNullsDecide() {
    wh.replace(T, rows(TIMED, row(1, "zz", null), row(2, "a", null)));
    assertThat(wh.maxFromStatistics(T, "name")).as("text statistics are truncated").isEmpty();
    assertThat(wh.max(T, "name")).contains("zz");
    assertThat(wh.maxFromStatistics(T, "at"))
        .as("only nulls: no maximum")
        .contains(Optional.empty());
    assertThat(wh.max(T, "at")).isEmpty();
  }

  @Test
  void aFileWithDeletedRowsIsReadNotTakenFromItsStatistics() {
    wh.replace(T, rows(TIMED, row(1, "a", TEN), row(2, "b", NOON)).coalesce(1)); // one file
    // The noon row moves back to nine: the file keeps NOON as its maximum, the row marked deleted.
    wh.merge(T, rows(TIMED, row(2, "b", NINE)), List.of("id"));
    assertThat(wh.maxFromStatistics(T, "at")).as("a deletion vector: undecided").isEmpty();
    assertThat(wh.max(T, "at")).as("read from the rows").contains(TEN);
  }

  @Test
  void aCommitOutsideUtcRunsNoMoreSparkJobsThanInUtc() throws Exception {
    // Delta 3.3 re-reads a small table's whole state after each commit when the JVM's time zone
    // is not UTC (to check the file list it keeps in its checksum file): a laptop's zone must not
    // make every write of a run slower.
    wh.replace(T, rows(DDL, row(1, "a")));
    long inUtc = sparkJobsDuring(() -> wh.append(T, rows(DDL, row(2, "b"))));
    java.util.TimeZone zone = java.util.TimeZone.getDefault();
    java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Europe/Berlin"));
    try {
      long inBerlin = sparkJobsDuring(() -> wh.append(T, rows(DDL, row(3, "c"))));
      assertThat(inBerlin).isEqualTo(inUtc);
    } finally {
      java.util.TimeZone.setDefault(zone);
    }
    assertThat(wh.read(T).count()).isEqualTo(3);
  }

  @Test
  void aNewTablesFirstCommitRunsNoMoreSparkJobsThanALaterAppend() throws Exception {
    // The first commit's checksum once listed the files of the empty table before it, in a Spark
    // query of its own: in a fresh JVM the code generated for it cost the seed about half a second.
    long created = sparkJobsDuring(() -> wh.replace(T, rows(DDL, row(1, "a"))));
    long appended = sparkJobsDuring(() -> wh.append(T, rows(DDL, row(2, "b"))));
    assertThat(created).isLessThanOrEqualTo(appended);
  }

  @Test
  void aColumnWhoseDictionaryOutgrowsAQuarterMebibyteIsWrittenPlainly() throws Exception {
    // 10,000 distinct 32-character hashes, each 10 times (a dictionary of about 360 KB that
    // halves the column), beside a column of two values, in one file: Parquet's default 1 MiB
    // dictionary would hold every hash.
    wh.replace(
        T,
        spark
            .range(100_000)
            .selectExpr(
                "md5(cast(id % 10000 as string)) as hash",
                "if(id % 2 = 0, 'known', 'unknown') as info")
            .coalesce(1));
    var columns = parquetFooterOf(T).getBlocks().get(0).getColumns();
    assertThat(columns).extracting(c -> c.getPath().toDotString()).containsExactly("hash", "info");
    assertThat(columns.get(0).getEncodingStats().hasNonDictionaryEncodedPages())
        .as("hash falls back to plain encoding")
        .isTrue();
    assertThat(columns.get(1).getEncodingStats().hasNonDictionaryEncodedPages())
        .as("info stays encoded by dictionary")
        .isFalse();
  }

  @Test
  void timestampsAreWrittenAsParquetMicrosecondsAndReadBackExactly() throws Exception {
    wh.replace(
        T,
        spark.sql(
            "select 1 as id, timestamp'2024-03-01 12:34:56.123456' as at"
                + " union all select 2, timestamp'1900-01-02 00:00:00'"
                + " union all select 3, cast(null as timestamp)"));
    var at = parquetFooterOf(T).getFileMetaData().getSchema().getType("at").asPrimitiveType();
    assertThat(at.getPrimitiveTypeName().name()).isEqualTo("INT64");
    assertThat(at.getLogicalTypeAnnotation().toString()).isEqualTo("TIMESTAMP(MICROS,true)");
    assertThat(wh.read(T).orderBy("id").collectAsList())
        .extracting(r -> r.get(1))
        .containsExactly(
            Instant.parse("2024-03-01T12:34:56.123456Z"),
            Instant.parse("1900-01-02T00:00:00Z"),
            null);
  }

  /** The footer of the first Parquet file of a table written in one file. */
  private org.apache.parquet.hadoop.metadata.ParquetMetadata parquetFooterOf(TableId table)
      throws Exception {
    Path file;
    try (var files = java.nio.file.Files.list(Path.of(wh.pathOf(table)))) {
      file = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    try (var reader =
        org.apache.parquet.hadoop.ParquetFileReader.open(
            org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()),
                new org.apache.hadoop.conf.Configuration()))) {
      return reader.getFooter();
    }
  }

  /** Spark jobs that started while {@code write} ran. */
  private long sparkJobsDuring(Runnable write) {
    return TestSpark.jobsDuring(write);
  }

  @Test
  void theRowCountFromStatisticsLeavesOutRowsThatDeletionVectorsDelete() {
    wh.replace(T, rows(DDL, row(1, "a"), row(2, "b"), row(3, "c")).coalesce(1)); // one file
    wh.append(T, rows(DDL, row(4, "d"), row(5, "e")).coalesce(1));
    DeltaTable.forPath(spark, wh.pathOf(T)).delete("id in (2, 4)");
    assertThat(spark.read().json(wh.pathOf(T) + "/_delta_log/*.json"))
        .as("the delete marked rows: the files stay, with deletion vectors")
        .matches(log -> log.where("add.deletionVector is not null").count() == 2);
    assertThat(wh.rowsFromStatistics(T)).contains(3L);
    assertThat(wh.rowCount(T)).isEqualTo(3);
  }

  @Test
  void aVersionsStatisticsAreCollectedOnceForEveryQuestionAndAgainForTheNextVersion()
      throws Exception {
    wh.replace(T, rows(TIMED, row(1, "a", TEN), row(5, "b", NINE)));
    KeyRange above = KeyRange.of(rows(TIMED, row(20, "x", NINE)), List.of("id"));
    long first =
        sparkJobsDuring(() -> assertThat(wh.maxFromStatistics(T, "at")).contains(Optional.of(TEN)));
    assertThat(first).as("the log read by Delta Kernel, in the driver").isZero();
    long again =
        sparkJobsDuring(
            () -> {
              assertThat(wh.rowsFromStatistics(T)).contains(2L);
              assertThat(wh.keysFromStatistics(T, above, false)).contains(false);
              assertThat(wh.maxFromStatistics(T, "id")).contains(Optional.of(5));
            });
    assertThat(again).as("the same version: answered from what was collected").isZero();
    wh.append(T, rows(TIMED, row(20, "c", NOON)));
    assertThat(wh.rowsFromStatistics(T)).as("the next version").contains(3L);
    assertThat(wh.keysFromStatistics(T, above, false)).contains(true);
    assertThat(wh.maxFromStatistics(T, "at")).contains(Optional.of(NOON));
  }

  @Test
  void withoutDeltaKernelTheStatisticsComeFromDeltasStateInSparkWithTheSameAnswers()
      throws Exception {
    wh.replace(T, rows(TIMED, row(1, "a", TEN), row(2, "b", NOON), row(3, "c", null)).coalesce(1));
    wh.append(T, rows(TIMED, row(7, "d", NINE), row(9, null, null)).coalesce(1));
    DeltaTable.forPath(spark, wh.pathOf(T)).delete("id = 2"); // a deletion vector on file 1
    KeyRange gap = KeyRange.of(rows(TIMED, row(4, "x", NINE), row(6, "y", NINE)), List.of("id"));
    KeyRange top = KeyRange.of(rows(TIMED, row(8, "x", NINE)), List.of("id"));
    for (boolean refuse : List.of(false, true)) {
      Fixtures.withSystemProperty(
          DeltaLogAccess.REFUSE_KERNEL,
          String.valueOf(refuse),
          () -> {
            DeltaWarehouse fresh = new DeltaWarehouse(spark, dir.toString());
            long jobs =
                sparkJobsDuring(
                    () -> {
                      assertThat(fresh.rowsFromStatistics(T)).as("refuse=" + refuse).contains(4L);
                      assertThat(fresh.maxFromStatistics(T, "id"))
                          .as("a deletion vector")
                          .isEmpty();
                      assertThat(fresh.keysFromStatistics(T, gap, false)).contains(false);
                      assertThat(fresh.keysFromStatistics(T, top, false)).contains(true);
                    });
            if (refuse) {
              assertThat(jobs).as("Delta's state collected in Spark").isPositive();
            } else {
              assertThat(jobs).as("Delta Kernel reads the log without Spark").isZero();
            }
          });
    }
  }

  @Test
  void statisticsOfATableWithACheckpointCountTheFilesOfTheCheckpointAndTheCommitsAfterIt()
      throws Exception {
    wh.replace(T, rows(TIMED, row(1, "a", NINE)));
    spark.sql(
        "ALTER TABLE delta.`"
            + wh.pathOf(T)
            + "` SET TBLPROPERTIES (delta.checkpointInterval = 2)");
    for (int i = 2; i <= 5; i++) {
      wh.append(T, rows(TIMED, row(i * 10, "x", i == 4 ? NOON : TEN)));
    }
    assertThat(
            java.nio.file.Files.list(Path.of(wh.pathOf(T), "_delta_log"))
                .anyMatch(f -> f.toString().endsWith(".checkpoint.parquet")))
        .as("a checkpoint written")
        .isTrue();
    DeltaWarehouse fresh = new DeltaWarehouse(spark, dir.toString());
    long jobs =
        sparkJobsDuring(
            () -> {
              assertThat(fresh.rowsFromStatistics(T)).contains(5L);
              assertThat(fresh.maxFromStatistics(T, "at")).contains(Optional.of(NOON));
              assertThat(fresh.maxFromStatistics(T, "id")).contains(Optional.of(50));
            });
    assertThat(jobs).isZero();
  }

  @Test
  void filesStatisticsRuleOutAKeyRangeOnlyWhereNoFileCanHoldIt() {
    wh.replace(T, rows(DDL, row(1, "a"), row(5, "b")).coalesce(1)); // a file of ids 1-5
    wh.append(T, rows(DDL, row(10, "c"), row(null, "d")).coalesce(1)); // 10, and a null id
    List<String> id = List.of("id");
    KeyRange above = KeyRange.of(rows(DDL, row(20, "x"), row(30, "y")), id);
    KeyRange between = KeyRange.of(rows(DDL, row(6, "x"), row(9, "y")), id);
    KeyRange inside = KeyRange.of(rows(DDL, row(3, "x")), id);
    KeyRange nullsOnly = KeyRange.of(rows(DDL, row(null, "x")), id);
    assertThat(wh.keysFromStatistics(T, above, false)).contains(false);
    assertThat(wh.keysFromStatistics(T, between, false)).as("in no file's range").contains(false);
    assertThat(wh.keysFromStatistics(T, inside, false)).contains(true);
    assertThat(wh.keysFromStatistics(T, above, true)).as("a null id matches").contains(true);
    assertThat(wh.keysFromStatistics(T, nullsOnly, false)).contains(false);
    assertThat(wh.keysFromStatistics(T, nullsOnly, true)).contains(true);
    // Where the statistics say "may", the rows decide: 3 is within 1-5, yet no row holds it.
    assertThat(wh.mayHoldKeysWithin(T, inside, false)).isFalse();
    assertThat(wh.mayHoldKeysWithin(T, KeyRange.of(rows(DDL, row(5, "x")), id), false)).isTrue();
    assertThat(wh.mayHoldKeysWithin(T, above, false)).isFalse();
  }

  @Test
  void aTableWithColumnMappingIsNotDecidedByStatisticsKeptUnderOtherNames() {
    // Column mapping keys statistics by a column's physical name: after id is renamed and a new id
    // added, files written before hold the old column's statistics under the name "id".
    wh.replace(T, rows(DDL, row(1, "a"), row(2, "b")));
    String t = "delta.`" + wh.pathOf(T) + "`";
    spark.sql(
        "ALTER TABLE "
            + t
            + " SET TBLPROPERTIES ('delta.columnMapping.mode' = 'name',"
            + " 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5')");
    spark.sql("ALTER TABLE " + t + " RENAME COLUMN id TO old_id");
    spark.sql("ALTER TABLE " + t + " ADD COLUMNS (id INT)");
    spark.sql("INSERT INTO " + t + " VALUES (3, 'c', 50)");
    KeyRange fifty = KeyRange.of(rows(DDL, row(50, "x")), List.of("id"));
    assertThat(wh.keysFromStatistics(T, fifty, false)).isEmpty();
    assertThat(wh.mayHoldKeysWithin(T, fifty, false)).isTrue();
    assertThat(wh.maxFromStatistics(T, "id")).isEmpty();
    assertThat(wh.max(T, "id")).contains(50);
  }

  @Test
  void aTextKeysStatisticsDoNotDecideARange() {
    TableId byName = new TableId("wh_test", "by_name");
    wh.replace(byName, rows(DDL, row(1, "a"), row(2, "b")));
    KeyRange range = KeyRange.of(rows(DDL, row(9, "z")), List.of("name"));
    assertThat(wh.keysFromStatistics(byName, range, false)).as("text is truncated").isEmpty();
    assertThat(wh.mayHoldKeysWithin(byName, range, false)).isFalse();
    assertThat(
            wh.mayHoldKeysWithin(
                byName, KeyRange.of(rows(DDL, row(9, "b")), List.of("name")), false))
        .isTrue();
  }

  @Test
  void readingATableNeverBuiltSaysWhere() {
    TableId missing = new TableId("wh_test", "nothing");
    assertThat(wh.exists(missing)).isFalse();
    assertThatThrownBy(() -> wh.read(missing))
        .hasMessageContaining("wh_test.nothing")
        .hasMessageContaining(dir.toString());
  }
}
