package io.reelhouse.warehouse;

import static io.reelhouse.testing.Fixtures.rows;
import static io.reelhouse.testing.RowAssert.assertRows;
import static io.reelhouse.testing.RowAssert.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelhouse.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog layout on Spark's own catalog ({@code spark_catalog}), as Unity Catalog is used on
 * Databricks: managed tables named {@code catalog.schema.table} in schemas created without a
 * location, and Delta's internals never used ({@link DeltaLogAccess#REFUSE} is set throughout).
 */
class DeltaWarehouseCatalogTest {
  private static final String DDL = "id INT, name STRING";
  private static final TableId T = new TableId("whc_test", "things");

  @TempDir Path dir;
  private SparkSession spark;
  private DeltaWarehouse wh;

  @BeforeEach
  void open() {
    spark = TestSpark.session();
    spark.sql("DROP TABLE IF EXISTS spark_catalog.whc_test.things");
    spark.sql("DROP TABLE IF EXISTS spark_catalog.whc_test.versions");
    System.setProperty(DeltaLogAccess.REFUSE, "true");
    wh = DeltaWarehouse.inCatalog(spark, dir.resolve("state").toString(), "spark_catalog");
  }

  @AfterEach
  void allowInternals() {
    System.clearProperty(DeltaLogAccess.REFUSE);
  }

  @Test
  void tablesAreManagedByTheCatalogAndNamedWithIt() throws Exception {
    assertThat(wh.exists(T)).isFalse();
    WriteResult first = wh.replace(T, rows(DDL, row(1, "a"), row(2, "b")));
    assertThat(first.rowsInTable())
        .as("numOutputRows of the commit, from its history")
        .isEqualTo(2);
    assertThat(first.version()).isZero();
    assertThat(wh.exists(T)).isTrue();
    assertThat(wh.sqlName(T)).isEqualTo("`spark_catalog`.`whc_test`.`things`");
    assertThat(wh.describe(T)).isEqualTo("spark_catalog.whc_test.things");
    var entry =
        spark
            .sessionState()
            .catalog()
            .getTableMetadata(new TableIdentifier("things", scala.Option.apply("whc_test")));
    assertThat(entry.tableType().name()).as("no LOCATION: managed").isEqualTo("MANAGED");
    assertThat(Files.exists(dir.resolve("state/whc_test")))
        .as("nothing of the table under the state folder")
        .isFalse();
    String schemaLocation =
        spark.sessionState().catalog().getDatabaseMetadata("whc_test").locationUri().toString();
    assertThat(schemaLocation)
        .as("the schema where the catalog puts it (spark.sql.warehouse.dir)")
        .endsWith("/spark-warehouse/whc_test.db");

    WriteResult second = wh.replace(T, rows(DDL, row(3, "c")));
    assertThat(second.version()).isEqualTo(1);
    assertThat(second.rowsInTable()).isEqualTo(1);
    assertRows(
        wh.sql("select * from spark_catalog.whc_test.things"),
        List.of("id", "name"),
        List.of(row(3, "c")));
  }

  @Test
  void mergeAppendAndVersionsReportWhatTheCommitsDid() {
    wh.replace(T, rows(DDL, row(1, "a"), row(2, "b"), row(3, "c")));
    WriteResult merged =
        wh.merge(T, rows(DDL, row(2, "B"), row(3, "c"), row(4, "d")), List.of("id"));
    assertThat(merged.rowsInserted()).isEqualTo(1);
    assertThat(merged.rowsUpdated()).as("only the row whose values changed").isEqualTo(1);
    assertThat(merged.rowsInTable()).isEqualTo(4);
    WriteResult appended = wh.merge(T, rows(DDL, row(9, "z")), List.of("id"));
    assertThat(appended.rowsInserted()).as("outside every key: appended").isEqualTo(1);
    assertThat(wh.append(T, rows(DDL).limit(0)).rowsInserted()).isZero();
    assertThat(wh.version(T)).hasValue(2);
    assertThat(wh.max(T, "id")).as("read from the rows, not statistics").contains(9);
    assertRows(
        wh.read(T),
        List.of("id", "name"),
        List.of(row(1, "a"), row(2, "B"), row(3, "c"), row(4, "d"), row(9, "z")));
  }

  @Test
  void theChangeFeedIsReadByName() {
    wh.replace(T, rows(DDL, row(1, "a"), row(2, "b")));
    wh.recordChanges(T);
    long recorded = wh.version(T).getAsLong();
    assertThat(recorded).as("the property set in a commit of its own").isEqualTo(1);
    wh.recordChanges(T);
    assertThat(wh.version(T)).as("already on: no second commit").hasValue(1);
    wh.merge(T, rows(DDL, row(2, "B"), row(5, "e")), List.of("id"));
    TableChanges changes = wh.changesAfter(T, recorded, List.of("id"));
    assertThat(changes.rows()).as(String.valueOf(changes.whyNot())).isPresent();
    assertRows(changes.rows().get(), List.of("id", "name"), List.of(row(2, "B"), row(5, "e")));
  }

  @Test
  void mergeVersionsByName() {
    String ddl = "id INT, name STRING, scd_id STRING, valid_to STRING";
    TableId v = new TableId("whc_test", "versions");
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
  }

  @Test
  void aMissingCatalogOrVolumeFailsWhenTheWarehouseOpens() {
    assertThatThrownBy(() -> DeltaWarehouse.inCatalog(spark, dir.toString(), "no_such_catalog"))
        .hasMessageStartingWith(
            "setting 'warehouse.catalog': catalog 'no_such_catalog' does not exist or cannot be"
                + " read: ");
    assertThatThrownBy(
            () ->
                DeltaWarehouse.inCatalog(spark, "/Volumes/main/rh/nowhere/state", "spark_catalog"))
        .hasMessage(
            "setting 'warehouse.path': volume /Volumes/main/rh/nowhere does not exist (CREATE VOLUME"
                + " main.rh.nowhere, or set warehouse.path to a folder of a volume that does)");
  }

  @Test
  void aSchemaThatCannotBeCreatedIsNamed() throws Exception {
    // A file where the catalog would put the schema's folder: Spark cannot create it.
    String configured = spark.conf().get("spark.sql.warehouse.dir");
    Path warehouseDir =
        configured.startsWith("file:")
            ? Path.of(java.net.URI.create(configured))
            : Path.of(configured);
    Files.createDirectories(warehouseDir);
    Files.writeString(warehouseDir.resolve("whc_blocked.db"), "not a folder");
    assertThatThrownBy(() -> wh.createSchemas(List.of("whc_blocked")))
        .hasMessageStartingWith(
            "setting 'warehouse.catalog': cannot create schema spark_catalog.whc_blocked: ");
  }

  @Test
  void thePathLayoutUsesTheInternalsTheCatalogLayoutDoesNot() {
    DeltaWarehouse byPath = new DeltaWarehouse(spark, dir.resolve("paths").toString());
    assertThatThrownBy(() -> byPath.replace(new TableId("whc_paths", "t"), rows(DDL, row(1, "a"))))
        .as("the refusal bites where the internals are used")
        .hasMessageContaining("Delta internals used for");
  }
}
