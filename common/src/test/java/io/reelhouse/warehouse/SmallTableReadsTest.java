package io.reelhouse.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import io.reelhouse.testing.Fixtures;
import io.reelhouse.testing.TestSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.plans.logical.View;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table of at most {@link DeltaLogAccess#LOCAL_ROWS} rows is read by Delta Kernel in the driver,
 * as a local relation, with the rows Delta reads in Spark: every type, nulls, partition values,
 * rows deleted by a deletion vector. A larger table, or any table with Kernel refused, is read by
 * Delta in Spark.
 */
class SmallTableReadsTest {
  private static final TableId T = new TableId("small_test", "things");

  @TempDir Path dir;
  private SparkSession spark;
  private DeltaWarehouse wh;

  @BeforeEach
  void open() {
    spark = TestSpark.session();
    wh = new DeltaWarehouse(spark, dir.toString());
  }

  private Dataset<Row> delta() {
    return spark.read().format("delta").load(wh.pathOf(T));
  }

  /** Whether the rows are a local relation (under a view's name, if any). */
  private static boolean local(Dataset<Row> rows) {
    LogicalPlan plan = rows.queryExecution().analyzed();
    while (plan instanceof SubqueryAlias || plan instanceof View) {
      plan = plan.children().head();
    }
    return plan instanceof LocalRelation;
  }

  @Test
  void everyTypeNullsPartitionValuesAndDeletedRowsAreReadInTheDriverAsDeltaReadsThem() {
    spark
        .sql(
            """
            SELECT * FROM VALUES
              (1, true, 7Y, 300S, 9000000000L, 1.5F, double('NaN'), 12345678901234.5678BD, 'é😀',
               X'00FF', DATE'1969-07-20', TIMESTAMP'1969-12-31 23:59:59.999999',
               TIMESTAMP_NTZ'2024-02-29 12:00:00.000001', array('a', NULL), map('k', 1, 'n', NULL),
               named_struct('x', 1, 'y', array(2, 3)), 'p1'),
              (2, false, -1Y, -2S, -3L, -4.0F, 5.25D, -0.0001BD, '', X'', DATE'2024-12-31',
               TIMESTAMP'2024-12-31 23:59:59', TIMESTAMP_NTZ'1900-01-01 00:00:00', array(),
               map(), named_struct('x', NULL, 'y', NULL), 'p1'),
              (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, 'p2'),
              (4, true, 0Y, 0S, 0L, 0F, 0D, 0BD, 'x', X'01', DATE'2000-01-01',
               TIMESTAMP'2000-01-01 00:00:00', TIMESTAMP_NTZ'2000-01-01 00:00:00', array('b'),
               map('k', 2), named_struct('x', 4, 'y', array()), NULL)
            AS t(id, b, tiny, small, big, f, d, dec, s, bin, day, ts, ntz, arr, m, st, part)
            """)
        .write()
        .format("delta")
        .partitionBy("part")
        .option("delta.enableDeletionVectors", "true")
        .save(wh.pathOf(T));
    DeltaTable.forPath(spark, wh.pathOf(T)).delete("id = 2");
    assertThat(spark.read().json(wh.pathOf(T) + "/_delta_log/*.json"))
        .as("the delete left a deletion vector on a file of partition p1")
        .matches(log -> log.where("add.deletionVector is not null").count() == 1);

    AtomicReference<Dataset<Row>> read = new AtomicReference<>();
    long jobs = TestSpark.jobsDuring(() -> read.set(wh.read(T)));
    assertThat(local(read.get())).as("read in the driver: a local relation").isTrue();
    assertThat(jobs).as("no Spark job loads the table's state").isZero();
    assertThat(read.get().schema()).isEqualTo(delta().schema());
    List<Row> rows = read.get().collectAsList();
    assertThat(rows).as("rows 1, 3 and 4: row 2 deleted").hasSize(3);
    assertThat(rows).containsExactlyInAnyOrderElementsOf(delta().collectAsList());
    Row first = read.get().where("id = 1").head();
    assertThat(first.<Object>getAs("ts").toString())
        .as("microseconds before the epoch")
        .isIn("1969-12-31T23:59:59.999999Z", "1969-12-31 23:59:59.999999");
  }

  @Test
  void aTableOfMoreRowsThanTheLimitOrWithKernelRefusedIsReadByDeltaInSpark() {
    spark.range(DeltaLogAccess.LOCAL_ROWS + 1).write().format("delta").save(wh.pathOf(T));
    assertThat(local(wh.read(T))).as("one row over the limit").isFalse();
    assertThat(wh.readName(T)).isEqualTo(wh.sqlName(T));

    DeltaTable.forPath(spark, wh.pathOf(T)).delete("id > 10");
    assertThat(local(wh.read(T))).as("under the limit after a delete").isTrue();
    Fixtures.withSystemProperty(
        DeltaLogAccess.REFUSE_KERNEL,
        "true",
        () -> {
          Dataset<Row> byDelta = new DeltaWarehouse(spark, dir.toString()).read(T);
          assertThat(local(byDelta)).isFalse();
          assertThat(byDelta.count()).isEqualTo(11);
        });
  }

  @Test
  void someColumnsOfASmallTableAreReadInTheDriverAsTheTableHoldsThem() {
    spark
        .sql("SELECT * FROM VALUES (1, 'a', 10L), (2, 'b', 20L), (3, 'c', 30L) AS t(id, name, n)")
        .write()
        .format("delta")
        .option("delta.enableDeletionVectors", "true")
        .save(wh.pathOf(T));
    DeltaTable.forPath(spark, wh.pathOf(T)).delete("id = 2");

    AtomicReference<Dataset<Row>> names = new AtomicReference<>();
    long jobs = TestSpark.jobsDuring(() -> names.set(wh.read(T, List.of("name"))));
    assertThat(jobs).as("no Spark job loads the table's state").isZero();
    assertThat(local(names.get())).isTrue();
    assertThat(names.get().columns()).containsExactly("name");
    assertThat(names.get().collectAsList())
        .containsExactlyInAnyOrder(RowFactory.create("a"), RowFactory.create("c"));
    assertThat(wh.read(T, List.of("n", "id")).collectAsList())
        .as("other columns, in the order asked, are not the first read's")
        .containsExactlyInAnyOrder(RowFactory.create(10L, 1), RowFactory.create(30L, 3));
    assertThat(wh.read(T).columns()).containsExactly("id", "name", "n");
    assertThatThrownBy(() -> wh.read(T, List.of("id", "nope")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no column nope");
  }

  @Test
  void twoReadsAreTwoRelationsThatJoinAsTwoReadsOfTheTableWould() {
    spark.range(4).selectExpr("id", "id + 1 AS next").write().format("delta").save(wh.pathOf(T));
    Dataset<Row> a = wh.read(T);
    Dataset<Row> b = wh.read(T);
    assertThat(local(a) && local(b)).isTrue();
    List<Row> pairs =
        a.join(b, a.col("next").equalTo(b.col("id")))
            .select(a.col("id"), b.col("next"))
            .orderBy(a.col("id"))
            .collectAsList();
    assertThat(pairs)
        .as("each row with the row after it: (0, 2), (1, 3), (2, 4)")
        .containsExactly(
            org.apache.spark.sql.RowFactory.create(0L, 2L),
            org.apache.spark.sql.RowFactory.create(1L, 3L),
            org.apache.spark.sql.RowFactory.create(2L, 4L));
  }

  @Test
  void sqlReadsASmallTableByAViewOfItsRowsWithTheAnswersOfTheTable() {
    spark.range(5).selectExpr("id", "id * 2 AS twice").write().format("delta").save(wh.pathOf(T));
    String view = wh.readName(T);
    assertThat(view).isNotEqualTo(wh.sqlName(T));
    assertThat(local(spark.table(view))).isTrue();
    String query = "SELECT count(*), sum(twice), max(id) FROM %s";
    assertThat(wh.sql(query.formatted(view)).collectAsList())
        .isEqualTo(wh.sql(query.formatted(wh.sqlName(T))).collectAsList())
        .containsExactly(org.apache.spark.sql.RowFactory.create(5L, 20L, 4L));

    DeltaTable.forPath(spark, wh.pathOf(T)).delete("id = 4");
    assertThat(wh.sql(query.formatted(wh.readName(T))).collectAsList())
        .as("the view follows the table's newest version")
        .containsExactly(org.apache.spark.sql.RowFactory.create(4L, 12L, 3L));
  }
}
