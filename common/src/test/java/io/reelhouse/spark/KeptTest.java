package io.reelhouse.spark;

import static io.reelhouse.testing.Fixtures.rows;
import static io.reelhouse.testing.RowAssert.assertRows;
import static io.reelhouse.testing.RowAssert.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.testing.TestSpark;
import io.reelhouse.warehouse.DeltaWarehouse;
import io.reelhouse.warehouse.TableId;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeptTest {
  private static final String DDL = "id INT, name STRING";
  private static final TableId T = new TableId("kept_test", "things");

  @TempDir Path dir;

  @Test
  void keptRowsStayAsComputedWhenTheTableTheyCameFromIsWritten() {
    SparkSession spark = TestSpark.session();
    DeltaWarehouse wh = new DeltaWarehouse(spark, dir.toString());
    wh.replace(T, rows(DDL, row(1, "a")));
    Dataset<Row> kept = Kept.keep(wh.read(T));
    // A persisted Dataset would be re-planned by this write and read the new version.
    wh.append(T, rows(DDL, row(2, "b")));
    assertRows(kept, List.of("id", "name"), List.of(row(1, "a")));
    int before = spark.sparkContext().getPersistentRDDs().size();
    Kept.release(kept);
    assertThat(spark.sparkContext().getPersistentRDDs().size()).isEqualTo(before - 1);
  }

  @Test
  void rowsThatAreTheOutputOfAGroupingOrADeduplicationAreWorthKeeping() {
    Dataset<Row> rows = rows(DDL, row(1, "a"), row(2, "a"));
    assertThat(Kept.regroups(rows.groupBy("name").count())).isTrue();
    assertThat(Kept.regroups(rows.select("name").distinct().where("name >= 'a'"))).isTrue();
    assertThat(Kept.regroups(rows.dropDuplicates("name").orderBy("name"))).isTrue();
    assertThat(Kept.regroups(rows.where("id > 1").select("name")))
        .as("a projection: built again from its input")
        .isFalse();
    assertThat(Kept.regroups(rows.join(rows.groupBy("name").count(), "name")))
        .as("a join with grouped rows: as many rows as the table joined")
        .isFalse();
    assertThat(
            Kept.regroups(
                rows.withColumn(
                    "n",
                    org.apache
                        .spark
                        .sql
                        .functions
                        .row_number()
                        .over(
                            org.apache.spark.sql.expressions.Window.partitionBy("name")
                                .orderBy("id")))))
        .as("a window: as many rows as its input")
        .isFalse();
  }

  @Test
  void keptRowsCountedWithinTheBroadcastThresholdAreBroadcastToAJoin() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> big = spark.range(1000).selectExpr("CAST(id AS INT) AS id");
    // Two rows kept from a plan Spark estimates at 100,000 rows, as a change set computed from a
    // large table is. Spark sizes a row of (INT, STRING) at 8 + 4 + 20 = 32 bytes: 31 rows fit
    // 1,000 bytes, 32 do not.
    Dataset<Row> kept =
        Kept.keep(
            spark
                .range(100_000)
                .selectExpr("CAST(id AS INT) AS id", "CAST(id AS STRING) AS name")
                .where("id < 2"));
    String before = spark.conf().get("spark.sql.autoBroadcastJoinThreshold");
    spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "1000");
    try {
      assertThat(joinPlan(big, kept)).as("Spark's own estimate").contains("SortMergeJoin");
      assertThat(joinPlan(big, Kept.broadcastIfSmall(kept, 31))).contains("BroadcastHashJoin");
      assertThat(joinPlan(big, Kept.broadcastIfSmall(kept, 32)))
          .as("32 rows of 32 bytes are over 1,000 bytes")
          .contains("SortMergeJoin");
      spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
      assertThat(joinPlan(big, Kept.broadcastIfSmall(kept, 1)))
          .as("broadcasts turned off")
          .contains("SortMergeJoin");
    } finally {
      spark.conf().set("spark.sql.autoBroadcastJoinThreshold", before);
      Kept.release(kept);
    }
  }

  private static String joinPlan(Dataset<Row> big, Dataset<Row> small) {
    return big.join(small, "id").queryExecution().executedPlan().toString();
  }
}
