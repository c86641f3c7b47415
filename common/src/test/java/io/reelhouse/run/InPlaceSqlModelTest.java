package io.reelhouse.run;

import static io.reelhouse.testing.Fixtures.rows;
import static io.reelhouse.testing.RowAssert.assertRows;
import static io.reelhouse.testing.RowAssert.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelhouse.model.DatasetModel;
import io.reelhouse.model.Materialization;
import io.reelhouse.model.ModelContext;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.model.Project;
import io.reelhouse.model.SqlModel;
import io.reelhouse.model.SqlRefs;
import io.reelhouse.quality.Rules;
import io.reelhouse.testing.TestSpark;
import io.reelhouse.warehouse.BuildsSqlInPlace;
import io.reelhouse.warehouse.DeltaWarehouse;
import io.reelhouse.warehouse.TableId;
import io.reelhouse.warehouse.Warehouse;
import io.reelhouse.warehouse.WriteResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A warehouse that runs SQL itself (Snowflake's CTAS) gets SQL models built there: staged, audited
 * over the stage, swapped in when the rules pass, dropped when they fail, with the published table
 * untouched. Here the "warehouse" is Delta behind the contract, recording the calls.
 */
class InPlaceSqlModelTest {
  @TempDir Path dir;

  /** Delta, plus the in-place calls, which it records. */
  static final class InPlace implements Warehouse, BuildsSqlInPlace {
    final DeltaWarehouse delta;
    final List<String> calls = new ArrayList<>();

    InPlace(DeltaWarehouse delta) {
      this.delta = delta;
    }

    @Override
    public TableId stageQuery(TableId table, String sql) {
      TableId stage = new TableId(table.schema(), table.name() + "__stage");
      calls.add("stage " + stage);
      delta.replace(stage, delta.sql(sql));
      return stage;
    }

    @Override
    public WriteResult promote(TableId stage, TableId table) {
      calls.add("promote " + stage + " -> " + table);
      WriteResult w = delta.replace(table, delta.read(stage));
      delta.sql("DROP TABLE " + stage.qualified());
      return w;
    }

    @Override
    public void drop(TableId table) {
      calls.add("drop " + table);
    }

    @Override
    public WriteResult replaceWithQuery(TableId table, String sql) {
      calls.add("ctas " + table);
      return delta.replaceWithQuery(table, sql);
    }

    // The rest of the contract, as Delta does it.
    @Override
    public boolean exists(TableId t) {
      return delta.exists(t);
    }

    @Override
    public Dataset<Row> read(TableId t) {
      return delta.read(t);
    }

    @Override
    public WriteResult replace(TableId t, Dataset<Row> rows) {
      calls.add("replace " + t);
      return delta.replace(t, rows);
    }

    @Override
    public WriteResult append(TableId t, Dataset<Row> rows) {
      return delta.append(t, rows);
    }

    @Override
    public WriteResult merge(TableId t, Dataset<Row> c, List<String> k) {
      return delta.merge(t, c, k);
    }

    @Override
    public WriteResult mergeVersions(
        TableId t, Dataset<Row> s, String sk, String tk, List<String> u) {
      return delta.mergeVersions(t, s, sk, tk, u);
    }

    @Override
    public Dataset<Row> sql(String q) {
      calls.add("sql");
      return delta.sql(q);
    }

    @Override
    public Optional<Object> max(TableId t, String c) {
      return delta.max(t, c);
    }

    @Override
    public String describe(TableId t) {
      return delta.describe(t);
    }
  }

  record Sql(ModelInfo info, String text) implements SqlModel {
    @Override
    public String sql(SqlRefs refs) {
      return text.formatted(refs.table("base"));
    }
  }

  record Base(ModelInfo info, List<Row> data) implements DatasetModel {
    @Override
    public Dataset<Row> build(ModelContext ctx) {
      return rows("id INT, kind STRING", data.toArray(Row[]::new));
    }
  }

  private RunReport build(InPlace wh, List<Row> base) {
    return build(wh, base, Materialization.TABLE);
  }

  private RunReport build(InPlace wh, List<Row> base, Materialization martMaterialization) {
    return build(wh, base, martMaterialization, false);
  }

  private RunReport build(
      InPlace wh, List<Row> base, Materialization martMaterialization, boolean quarantine) {
    Project project =
        new Project(
            "p",
            List.of(),
            List.of(
                new Base(ModelInfo.builder("base", "core", Materialization.TABLE).build(), base),
                new Sql(
                    ModelInfo.builder("mart", "mart", martMaterialization)
                        .refs("base")
                        .incremental(null, "id")
                        .rules(Rules.acceptedValues("kind", "a", "b"))
                        .quarantine(quarantine)
                        .build(),
                    "SELECT id, kind FROM %s WHERE id > 1")));
    var out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    var ctx = TestSpark.context(project, wh, dir);
    var quality = TestSpark.settings(dir).quality();
    var noAnomaly =
        new io.reelhouse.config.Settings.Quality(
            true, quality.quarantineCeiling(), quality.metricsPath(), false, 0.7, 1.5, false);
    return new Runner(ctx, Duration.ofDays(1), noAnomaly, new ConsoleListener(out))
        .run("build", project.dag().order(), false);
  }

  @Test
  void aPassingSqlModelIsStagedAuditedThereAndSwappedInAFailingOneIsDroppedLeavingTheTable() {
    var wh = new InPlace(new DeltaWarehouse(TestSpark.session(), dir.resolve("wh").toString()));
    var first = build(wh, List.of(row(1, "a"), row(2, "a"), row(3, "b")));
    assertThat(first.succeeded()).isTrue();
    assertThat(wh.calls)
        .containsExactly(
            "replace t_core.base",
            "stage t_mart.mart__stage",
            "promote t_mart.mart__stage -> t_mart.mart");
    assertRows(
        wh.read(new TableId("t_mart", "mart")),
        List.of("id", "kind"),
        List.of(row(2, "a"), row(3, "b")));

    wh.calls.clear();
    var second = build(wh, List.of(row(2, "a"), row(3, "zzz")));
    assertThat(second.succeeded()).isFalse();
    assertThat(wh.calls)
        .containsExactly(
            "replace t_core.base", "stage t_mart.mart__stage", "drop t_mart.mart__stage");
    assertRows(
        wh.read(new TableId("t_mart", "mart")),
        List.of("id", "kind"),
        List.of(row(2, "a"), row(3, "b")));
  }

  @Test
  void anIncrementalSqlModelIsRebuiltWhereTheDataLivesNotMergedThroughSpark() {
    var wh = new InPlace(new DeltaWarehouse(TestSpark.session(), dir.resolve("wh").toString()));
    assertThat(
            build(wh, List.of(row(1, "a"), row(2, "a")), Materialization.INCREMENTAL).succeeded())
        .isTrue();
    wh.calls.clear();
    assertThat(
            build(wh, List.of(row(2, "b"), row(3, "a")), Materialization.INCREMENTAL).succeeded())
        .isTrue();
    assertThat(wh.calls)
        .as("no query of the mart's SQL into Spark, no merge")
        .containsExactly(
            "replace t_core.base",
            "stage t_mart.mart__stage",
            "promote t_mart.mart__stage -> t_mart.mart");
    assertRows(
        wh.read(new TableId("t_mart", "mart")),
        List.of("id", "kind"),
        List.of(row(2, "b"), row(3, "a")));
  }

  @Test
  void aSqlViewStaysASparkViewOnAWarehouseThatBuildsSqlInPlace() {
    var wh = new InPlace(new DeltaWarehouse(TestSpark.session(), dir.resolve("wh").toString()));
    var report = build(wh, List.of(row(1, "a"), row(2, "a")), Materialization.VIEW);
    assertThat(report.succeeded()).as(report.toString()).isTrue();
    assertThat(wh.calls)
        .as("the base table written, the view's SQL read; nothing staged or promoted")
        .containsExactly("replace t_core.base", "sql");
    assertThat(report.results().get(1).action()).isEqualTo(ModelOutcome.Action.VIEW);
  }

  @Test
  void aQuarantiningSqlModelIsRefusedWhenTheRunIsPlannedBeforeAnyModelRuns() {
    var wh = new InPlace(new DeltaWarehouse(TestSpark.session(), dir.resolve("wh").toString()));
    assertThatThrownBy(() -> build(wh, List.of(row(1, "a")), Materialization.TABLE, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mart quarantines rows, which needs them in Spark")
        .hasMessageContaining("quarantine(false)");
    assertThat(wh.calls).as("not even the base model ran").isEmpty();
  }
}
