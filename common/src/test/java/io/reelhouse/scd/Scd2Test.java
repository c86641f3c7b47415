package io.reelhouse.scd;

import static io.reelhouse.testing.Fixtures.rows;
import static io.reelhouse.testing.RowAssert.assertRows;
import static io.reelhouse.testing.RowAssert.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import io.reelhouse.scd.SnapshotSpec.HardDeletes;
import io.reelhouse.scd.SnapshotSpec.MetaColumns;
import io.reelhouse.scd.SnapshotSpec.Strategy;
import io.reelhouse.testing.TestSpark;
import io.reelhouse.warehouse.DeltaWarehouse;
import io.reelhouse.warehouse.TableId;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-written multi-run histories. Each batch is the whole source at that run; each expectation is
 * the whole snapshot, meta columns included, written out by hand.
 */
class Scd2Test {
  private static final String SRC = "id INT, name STRING, updated_at TIMESTAMP";
  private static final List<String> COLUMNS =
      List.of(
          "id",
          "name",
          "updated_at",
          "dbt_scd_id",
          "dbt_updated_at",
          "dbt_valid_from",
          "dbt_valid_to");
  private static final TableId TABLE = new TableId("scd_test", "snap");

  // Source times (updated_at) and snapshot run times (now), in order.
  private static final Instant U1 = Instant.parse("2024-01-01T08:00:00Z");
  private static final Instant RUN1 = Instant.parse("2024-01-02T00:00:00Z");
  private static final Instant U2 = Instant.parse("2024-01-03T08:00:00Z");
  private static final Instant U2B = Instant.parse("2024-01-03T09:30:00Z");
  private static final Instant RUN2 = Instant.parse("2024-01-04T00:00:00Z");
  private static final Instant U3 = Instant.parse("2024-01-05T08:00:00Z");
  private static final Instant RUN3 = Instant.parse("2024-01-06T00:00:00Z");
  private static final Instant RUN4 = Instant.parse("2024-01-08T00:00:00Z");

  @TempDir Path dir;
  private DeltaWarehouse wh;
  private Snapshotter snapshotter;

  @BeforeEach
  void open() {
    wh = new DeltaWarehouse(TestSpark.session(), dir.toString());
    snapshotter = new Snapshotter(wh);
  }

  private static SnapshotSpec timestamp(HardDeletes deletes) {
    return new SnapshotSpec(
        List.of("id"), new Strategy.Timestamp("updated_at"), deletes, MetaColumns.DBT);
  }

  private Snapshotter.Result run(SnapshotSpec spec, Instant now, Row... batch) {
    return snapshotter.apply(TABLE, spec, rows(SRC, batch), false, now, () -> {});
  }

  private long version() {
    return DeltaTable.forPath(TestSpark.session(), wh.pathOf(TABLE)).history(1).head().getLong(0);
  }

  /** dbt_scd_id by hand: md5 of key|valid_from, the time as Spark writes it in UTC. */
  private static String scd(int id, Instant validFrom) {
    String text =
        id
            + "|"
            + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .withZone(ZoneOffset.UTC)
                .format(validFrom);
    try {
      byte[] d = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
      return String.format("%032x", new BigInteger(1, d));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A version: source values, then updated/from/to meta. */
  private static Row version(int id, String name, Instant updated, Instant from, Instant to) {
    return row(id, name, updated, scd(id, from), updated, from, to);
  }

  @Test
  void insertThenChangeThenNoChange() {
    Snapshotter.Result first =
        run(timestamp(HardDeletes.INVALIDATE), RUN1, row(1, "a", U1), row(2, "b", U1));
    assertThat(first.inserted()).isEqualTo(2);
    assertRows(
        wh.read(TABLE),
        COLUMNS,
        List.of(version(1, "a", U1, U1, null), version(2, "b", U1, U1, null)));

    Snapshotter.Result second =
        run(timestamp(HardDeletes.INVALIDATE), RUN2, row(1, "a2", U2), row(2, "b", U1));
    assertThat(second.counts()).isEqualTo(new Scd2.Counts(0, 1, 1, 0, 0, 0));
    List<Row> afterChange =
        List.of(
            version(1, "a", U1, U1, U2),
            version(1, "a2", U2, U2, null),
            version(2, "b", U1, U1, null));
    assertRows(wh.read(TABLE), COLUMNS, afterChange);

    long v = version();
    Snapshotter.Result again =
        run(timestamp(HardDeletes.INVALIDATE), RUN3, row(1, "a2", U2), row(2, "b", U1));
    assertThat(again.counts()).isEqualTo(new Scd2.Counts(0, 0, 2, 0, 0, 0));
    assertThat(again.write()).as("nothing written").isEmpty();
    assertThat(version()).isEqualTo(v);
    assertRows(wh.read(TABLE), COLUMNS, afterChange);
  }

  @Test
  void aDeletionIsIgnoredWhenAskedTo() {
    run(timestamp(HardDeletes.IGNORE), RUN1, row(1, "a", U1), row(2, "b", U1));
    Snapshotter.Result r = run(timestamp(HardDeletes.IGNORE), RUN2, row(1, "a", U1));
    assertThat(r.closed()).isZero();
    assertRows(
        wh.read(TABLE),
        COLUMNS,
        List.of(version(1, "a", U1, U1, null), version(2, "b", U1, U1, null)));
  }

  @Test
  void aDeletionClosesTheCurrentVersionAtTheSnapshotTime() {
    run(timestamp(HardDeletes.INVALIDATE), RUN1, row(1, "a", U1), row(2, "b", U1));
    Snapshotter.Result r = run(timestamp(HardDeletes.INVALIDATE), RUN2, row(1, "a", U1));
    assertThat(r.counts().deleted()).isEqualTo(1);
    assertRows(
        wh.read(TABLE),
        COLUMNS,
        List.of(version(1, "a", U1, U1, null), version(2, "b", U1, U1, RUN2)));
  }

  @Test
  void aDeletionInNewRecordModeAddsAVersionFlaggedDeletedAndAReturnClosesIt() {
    SnapshotSpec spec = timestamp(HardDeletes.NEW_RECORD);
    List<String> columns = new ArrayList<>(COLUMNS);
    columns.add("dbt_is_deleted");
    run(spec, RUN1, row(1, "a", U1), row(2, "b", U1));
    Snapshotter.Result deleted = run(spec, RUN2, row(1, "a", U1));
    assertThat(deleted.inserted()).as("the deletion record").isEqualTo(1);
    assertThat(deleted.closed()).isEqualTo(1);
    assertRows(
        wh.read(TABLE),
        columns,
        List.of(
            row(1, "a", U1, scd(1, U1), U1, U1, null, "False"),
            row(2, "b", U1, scd(2, U1), U1, U1, RUN2, "False"),
            row(2, "b", U1, scd(2, RUN2), RUN2, RUN2, null, "True")));
    // Back with a change made after the deletion: the new version starts at its updated_at.
    Snapshotter.Result back = run(spec, RUN4, row(1, "a", U1), row(2, "b3", U3));
    assertThat(back.counts().returned()).isEqualTo(1);
    assertRows(
        wh.read(TABLE),
        columns,
        List.of(
            row(1, "a", U1, scd(1, U1), U1, U1, null, "False"),
            row(2, "b", U1, scd(2, U1), U1, U1, RUN2, "False"),
            row(2, "b", U1, scd(2, RUN2), RUN2, RUN2, U3, "True"),
            row(2, "b3", U3, scd(2, U3), U3, U3, null, "False")));
  }

  @Test
  void aKeyThatDisappearsAndComesBackStartsAgainNoEarlierThanItsDeletion() {
    SnapshotSpec spec = timestamp(HardDeletes.INVALIDATE);
    run(spec, RUN1, row(1, "a", U1), row(2, "b", U1));
    run(spec, RUN2, row(1, "a", U1));
    // Back unchanged (updated_at U1, before its deletion at RUN2): it starts at this run, RUN3.
    Snapshotter.Result back = run(spec, RUN3, row(1, "a", U1), row(2, "b", U1));
    assertThat(back.counts().returned()).isEqualTo(1);
    assertRows(
        wh.read(TABLE),
        COLUMNS,
        List.of(
            version(1, "a", U1, U1, null),
            version(2, "b", U1, U1, RUN2),
            row(2, "b", U1, scd(2, RUN3), U1, RUN3, null)));
  }

  @Test
  void twoChangesBetweenRunsKeepTheLastState() {
    SnapshotSpec spec = timestamp(HardDeletes.INVALIDATE);
    run(spec, RUN1, row(1, "a", U1));
    // The source went a -> a2 (U2) -> a3 (U2B) before the next run: only a3 is seen.
    run(spec, RUN2, row(1, "a3", U2B));
    assertRows(
        wh.read(TABLE),
        COLUMNS,
        List.of(version(1, "a", U1, U1, U2B), version(1, "a3", U2B, U2B, null)));
  }

  @Test
  void aLateRowOlderThanTheCurrentVersionIsIgnoredAndCounted() {
    SnapshotSpec spec = timestamp(HardDeletes.INVALIDATE);
    run(spec, RUN1, row(1, "a", U2));
    long v = version();
    Snapshotter.Result late = run(spec, RUN2, row(1, "older", U1));
    assertThat(late.counts().late()).isEqualTo(1);
    assertThat(late.write()).isEmpty();
    assertThat(version()).isEqualTo(v);
    assertRows(wh.read(TABLE), COLUMNS, List.of(version(1, "a", U2, U2, null)));
  }

  @Test
  void duplicateKeysInABatchFailNamingAKeyAndWriteNothing() {
    SnapshotSpec spec = timestamp(HardDeletes.INVALIDATE);
    run(spec, RUN1, row(1, "a", U1));
    long v = version();
    assertThatThrownBy(
            () ->
                run(spec, RUN2, row(1, "x", U2), row(1, "y", U3), row(1, "z", U3), row(2, "b", U1)))
        .isInstanceOf(SnapshotException.class)
        .hasMessage(
            "1 key(s) appear more than once in the source batch, e.g. id=1 (3 rows); nothing was written");
    assertThat(version()).isEqualTo(v);
  }

  private static SnapshotSpec byIdAndName() {
    return new SnapshotSpec(
        List.of("id", "name"),
        new Strategy.Timestamp("updated_at"),
        HardDeletes.INVALIDATE,
        MetaColumns.DBT);
  }

  /**
   * A key with a null part matches its own current version (null equals null, as in a null-safe
   * join) and two source rows of that key are a duplicate; a key whose part is null differs from
   * one whose part is empty.
   */
  @Test
  void aKeyWithANullPartIsMatchedAndCheckedForDuplicatesNullSafely() {
    SnapshotSpec spec = byIdAndName();
    run(spec, RUN1, row(1, null, U1), row(2, "b", U1));
    Snapshotter.Result second =
        run(spec, RUN2, row(1, null, U2), row(2, "b", U1), row(2, null, U2), row(2, "", U2));
    assertThat(second.counts()).isEqualTo(new Scd2.Counts(2, 1, 1, 0, 0, 0));
    assertThat(second.closed()).isEqualTo(1);
    assertThat(wh.read(TABLE).where("id = 1 and name is null").count()).isEqualTo(2);
    assertThat(wh.read(TABLE).where("id = 1 and name is null and dbt_valid_to is null").count())
        .isEqualTo(1);
    long v = version();
    assertThatThrownBy(
            () ->
                run(
                    spec,
                    RUN3,
                    row(1, null, U3),
                    row(1, null, U2B),
                    row(1, null, U1),
                    row(2, "b", U1),
                    row(2, "b", U3),
                    row(2, null, U2)))
        .isInstanceOf(SnapshotException.class)
        .hasMessage(
            "2 key(s) appear more than once in the source batch, e.g. id=1, name=null (3 rows);"
                + " nothing was written");
    assertThat(version()).isEqualTo(v);
  }

  /** A key with a null part that comes back after a deletion starts no earlier than it. */
  @Test
  void aKeyWithANullPartBackAfterItsDeletionStartsNoEarlierThanIt() {
    SnapshotSpec spec = byIdAndName();
    run(spec, RUN1, row(1, null, U1), row(2, "b", U1));
    run(spec, RUN2, row(2, "b", U1));
    Snapshotter.Result back = run(spec, RUN3, row(1, null, U1), row(2, "b", U1));
    assertThat(back.counts().returned()).isEqualTo(1);
    assertThat(back.counts().newKeys()).isZero();
    List<Row> current =
        wh.read(TABLE)
            .where("id = 1 and dbt_valid_to is null")
            .select("dbt_valid_from")
            .collectAsList();
    assertThat(current).extracting(r -> r.get(0)).containsExactly(RUN3);
  }

  @Test
  void duplicateKeysInAFirstBatchFailNamingAKeyAndCreateNoTable() {
    assertThatThrownBy(
            () -> run(byIdAndName(), RUN1, row(1, "a", U1), row(1, "a", U2), row(2, "b", U1)))
        .isInstanceOf(SnapshotException.class)
        .hasMessage(
            "1 key(s) appear more than once in the source batch, e.g. id=1, name=a (2 rows);"
                + " nothing was written");
    assertThat(wh.exists(TABLE)).isFalse();
  }

  @Test
  void checkStrategyVersionsStartAtTheSnapshotTimeWhenAWatchedColumnChanges() {
    SnapshotSpec spec =
        new SnapshotSpec(
            List.of("id"),
            new Strategy.Check(List.of("name")),
            HardDeletes.INVALIDATE,
            MetaColumns.DBT);
    String ddl = "id INT, name STRING, genres STRING";
    List<String> cols =
        List.of(
            "id",
            "name",
            "genres",
            "dbt_scd_id",
            "dbt_updated_at",
            "dbt_valid_from",
            "dbt_valid_to");
    snapshotter.apply(
        TABLE,
        spec,
        rows(ddl, row(1, "Heat", "Crime"), row(2, "Up", "Animation")),
        false,
        RUN1,
        () -> {});
    // genres is not watched: no new version for id 2; the title of id 1 changed.
    Snapshotter.Result r =
        snapshotter.apply(
            TABLE,
            spec,
            rows(ddl, row(1, "Heat (1995)", "Crime"), row(2, "Up", "Comedy")),
            false,
            RUN2,
            () -> {});
    assertThat(r.counts()).isEqualTo(new Scd2.Counts(0, 1, 1, 0, 0, 0));
    assertRows(
        wh.read(TABLE),
        cols,
        List.of(
            row(1, "Heat", "Crime", scd(1, RUN1), RUN1, RUN1, RUN2),
            row(1, "Heat (1995)", "Crime", scd(1, RUN2), RUN2, RUN2, null),
            row(2, "Up", "Animation", scd(2, RUN1), RUN1, RUN1, null)));
  }

  @Test
  void aFailureBetweenChangeDetectionAndCommitLeavesThePreviousVersion() {
    SnapshotSpec spec = timestamp(HardDeletes.INVALIDATE);
    run(spec, RUN1, row(1, "a", U1), row(2, "b", U1));
    long v = version();
    assertThatThrownBy(
            () ->
                snapshotter.apply(
                    TABLE,
                    spec,
                    rows(SRC, row(1, "a2", U2)),
                    false,
                    RUN2,
                    () -> {
                      throw new IllegalStateException("injected: crash before commit");
                    }))
        .hasMessage("injected: crash before commit");
    assertThat(version()).isEqualTo(v);
    assertRows(
        wh.read(TABLE),
        COLUMNS,
        List.of(version(1, "a", U1, U1, null), version(2, "b", U1, U1, null)));
  }

  @Test
  void renamedMetaColumns() {
    SnapshotSpec spec =
        new SnapshotSpec(
            List.of("id"),
            new Strategy.Timestamp("updated_at"),
            HardDeletes.INVALIDATE,
            new MetaColumns(
                "version_id", "source_updated_at", "valid_from", "valid_to", "is_deleted"));
    snapshotter.apply(TABLE, spec, rows(SRC, row(1, "a", U1)), false, RUN1, () -> {});
    assertThat(wh.read(TABLE).columns())
        .containsExactly(
            "id",
            "name",
            "updated_at",
            "version_id",
            "source_updated_at",
            "valid_from",
            "valid_to");
  }
}
