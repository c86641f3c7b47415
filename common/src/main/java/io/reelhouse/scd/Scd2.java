package io.reelhouse.scd;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.md5;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.reelhouse.scd.SnapshotSpec.HardDeletes;
import io.reelhouse.scd.SnapshotSpec.MetaColumns;
import io.reelhouse.scd.SnapshotSpec.Strategy;
import io.reelhouse.spark.Kept;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * SCD type 2 change detection in Spark, with dbt snapshot semantics, producing what one atomic
 * MERGE applies: "close" rows keyed by the current version's {@code dbt_scd_id} and "insert" rows
 * with a null merge key (Delta's documented SCD2 pattern).
 *
 * <p>Guarantees, per key: at most one current version; validity intervals never overlap and every
 * one has valid_from &lt; valid_to; a source row older than the current version (a late row) is
 * ignored and counted, never written into the past; a key that comes back after a deletion starts a
 * new version no earlier than the deletion; a rerun on the same batch stages nothing; duplicate
 * keys in a batch fail before anything is written, naming a key.
 *
 * <p>{@code dbt_scd_id} is md5 of the key text, {@code |}, and the version's valid-from as Spark
 * casts it to a string (UTC), so it equals dbt's md5(key|updated_at) for every version whose
 * valid-from is its updated-at.
 */
public final class Scd2 {
  /** Column of staged rows: the dbt_scd_id a "close" row closes; null for "insert" rows. */
  public static final String MERGE_KEY = "_scd_merge_key";

  private static final String KIND = "_scd_kind";
  private static final String IN_SOURCE = "_scd_in_source";
  private static final String IN_SNAPSHOT = "_scd_in_snapshot";
  private static final String LAST_END = "_scd_last_end";
  private static final String NEW_FROM = "_scd_new_from";
  private static final String CLOSE_AT = "_scd_close_at";
  private static final String ROWS_WITH_KEY = "_scd_rows_with_key";
  private static final String DUPLICATE = "duplicate";

  private final SnapshotSpec spec;
  private final SnapshotKeys keys;

  public Scd2(SnapshotSpec spec) {
    this.spec = spec;
    this.keys = new SnapshotKeys(spec.uniqueKey());
  }

  /**
   * What a batch changed, by kind of change.
   *
   * @param newKeys keys never seen before
   * @param changed keys whose current version changed
   * @param unchanged keys whose current version is the same
   * @param late rows older than the key's current version, ignored
   * @param deleted keys no longer in the source, closed (invalidate, new_record)
   * @param returned keys back after a deletion
   */
  public record Counts(
      long newKeys, long changed, long unchanged, long late, long deleted, long returned) {}

  /**
   * The changes of one batch.
   *
   * @param inserts new versions, in the snapshot's columns
   * @param staged close and insert rows for the MERGE, with {@link #MERGE_KEY}; empty on a first
   *     run
   * @param counts what changed; null on a first run (the write counts it)
   * @param inserted versions the apply inserts; -1 on a first run
   * @param closed versions the apply closes
   * @param firstRun there was no snapshot yet: publish {@code inserts} as the table
   * @param kept data kept in memory for the plan; release it after applying
   */
  public record Plan(
      Dataset<Row> inserts,
      Dataset<Row> staged,
      Counts counts,
      long inserted,
      long closed,
      boolean firstRun,
      Optional<Dataset<Row>> kept) {
    /** Rows of {@code staged}: one close or insert each. */
    public long stagedRows() {
      return inserted + closed;
    }

    public void release() {
      kept.ifPresent(Kept::release);
    }
  }

  /**
   * Plans the batch {@code source} against the current {@code snapshot} (empty on the first run).
   *
   * @param now the snapshot time: deletions close at it; check-strategy versions start at it
   */
  public Plan plan(Dataset<Row> source, Optional<Dataset<Row>> snapshot, Instant now) {
    checkColumns(source);
    MetaColumns meta = spec.meta();
    List<String> columns = List.of(source.columns());
    Column nowLit = lit(now);
    if (snapshot.isEmpty()) {
      keys.checkUnique(source);
      Column from = spec.strategy() instanceof Strategy.Timestamp t ? col(t.updatedAt()) : nowLit;
      List<Column> out = new ArrayList<>();
      for (String c : columns) {
        out.add(col(c));
      }
      out.addAll(meta(keyText(""), from, from, lit(null).cast(DataTypes.TimestampType), false));
      // Nothing counted here: the first write reports how many rows it wrote.
      Dataset<Row> inserts = source.select(out.toArray(Column[]::new));
      return new Plan(inserts, inserts.limit(0), null, -1, 0, true, Optional.empty());
    }
    Dataset<Row> existing = snapshot.get();
    checkSameColumns(columns, existing.columns());

    // Each source row carries how many rows share its key: a duplicate key fails the batch after
    // the classification, before anything is written, and the join reuses the count's shuffle.
    Dataset<Row> current =
        keys.withNullSafeKey(existing.where(col(meta.validTo()).isNull()))
            .withColumn(IN_SNAPSHOT, lit(true));
    Dataset<Row> src =
        keys.withNullSafeKey(source)
            .withColumn(ROWS_WITH_KEY, keys.rowsWithKey())
            .withColumn(IN_SOURCE, lit(true));
    Column on = keys.sameKey("s", "c");
    Dataset<Row> joined = src.as("s").join(current.as("c"), on, "full_outer");
    if (spec.hardDeletes() == HardDeletes.INVALIDATE) {
      // When did each key's history end? A key coming back starts no earlier (null parts of a
      // key equal, as in the join above).
      List<Column> keyColumns = spec.uniqueKey().stream().map(k -> col("`" + k + "`")).toList();
      Dataset<Row> ends =
          keys.withNullSafeKey(
              existing
                  .where(col(meta.validTo()).isNotNull())
                  .groupBy(keyColumns.toArray(Column[]::new))
                  .agg(max(col(meta.validTo())).as(LAST_END)));
      joined = joined.join(ends.as("e"), keys.sameKey("s", "e"), "left");
    } else {
      joined = joined.withColumn(LAST_END, lit(null).cast(DataTypes.TimestampType));
    }

    Column inSource = col("s." + IN_SOURCE).isNotNull();
    Column inSnapshot = col("c." + IN_SNAPSHOT).isNotNull();
    Column deletionRecord =
        spec.hardDeletes() == HardDeletes.NEW_RECORD
            ? coalesce(col("c.`" + meta.isDeleted() + "`").equalTo("True"), lit(false))
            : lit(false);
    Column lastEnd = col(LAST_END);
    Column duplicate = coalesce(col("s." + ROWS_WITH_KEY).gt(1), lit(false));
    Column kind;
    Column newFrom;
    if (spec.strategy() instanceof Strategy.Timestamp t) {
      Column u = col("s.`" + t.updatedAt() + "`");
      Column changed = u.gt(col("c.`" + meta.validFrom() + "`"));
      Column unchanged = u.eqNullSafe(col("c.`" + meta.updatedAt() + "`"));
      kind =
          when(duplicate, lit(DUPLICATE))
              .when(inSource.and(not(inSnapshot)).and(lastEnd.isNotNull()), lit("returned"))
              .when(inSource.and(not(inSnapshot)), lit("new"))
              .when(inSource.and(deletionRecord), lit("returned"))
              .when(inSource.and(changed), lit("changed"))
              .when(inSource.and(unchanged), lit("unchanged"))
              .when(inSource, lit("late"))
              .when(deletionRecord, lit("kept"))
              .otherwise(lit(spec.hardDeletes() == HardDeletes.IGNORE ? "kept" : "deleted"));
      // A key back after a deletion starts at its updated-at if that is after the deletion,
      // else now: never before the end of its history.
      Column after = coalesce(lastEnd, when(deletionRecord, col("c.`" + meta.validFrom() + "`")));
      newFrom = when(after.isNotNull().and(not(u.gt(after))), nowLit).otherwise(u);
    } else {
      Strategy.Check check = (Strategy.Check) spec.strategy();
      List<String> checked = check.columns().isEmpty() ? nonKeyColumns(columns) : check.columns();
      Column differs = lit(false);
      for (String c : checked) {
        differs = differs.or(not(col("s.`" + c + "`").eqNullSafe(col("c.`" + c + "`"))));
      }
      kind =
          when(duplicate, lit(DUPLICATE))
              .when(inSource.and(not(inSnapshot)).and(lastEnd.isNotNull()), lit("returned"))
              .when(inSource.and(not(inSnapshot)), lit("new"))
              .when(inSource.and(deletionRecord), lit("returned"))
              .when(inSource.and(differs), lit("changed"))
              .when(inSource, lit("unchanged"))
              .when(deletionRecord, lit("kept"))
              .otherwise(lit(spec.hardDeletes() == HardDeletes.IGNORE ? "kept" : "deleted"));
      newFrom = nowLit;
    }
    Dataset<Row> all =
        joined
            .withColumn(KIND, kind)
            .withColumn(NEW_FROM, newFrom)
            .withColumn(
                CLOSE_AT, when(col(KIND).equalTo("deleted"), nowLit).otherwise(col(NEW_FROM)));
    // Only the rows that change the snapshot (and late ones, to count them) are kept, for the
    // counts and the MERGE; every source row is of exactly one of returned, new, changed, late,
    // unchanged (or duplicate, which fails the batch), so the unchanged ones are counted from the
    // source alone: keeping every classified row, most of them unchanged, costs more than the
    // count, and counting the kinds in a job of its own would run the join twice.
    // Kept apart from the snapshot table it was computed from (Kept): the MERGE into that table
    // would otherwise have Spark re-plan it after the commit.
    Dataset<Row> classified =
        Kept.keep(
            all.where(col(KIND).isin("new", "changed", "deleted", "returned", "late", DUPLICATE)));
    // The kept rows go with the plan; whatever fails before it is made releases them.
    boolean planned = false;
    try {
      Map<String, Long> byKind = new HashMap<>();
      for (Row r : classified.groupBy(KIND).count().collectAsList()) {
        byKind.put(r.getString(0), r.getLong(1));
      }
      if (byKind.containsKey(DUPLICATE)) {
        keys.failOnDuplicates(classified.where(col(KIND).equalTo(DUPLICATE)), "s.");
        throw new IllegalStateException(
            "rows sharing a key were counted in the join but not found again in the kept rows");
      }
      long sourceRows = source.count();
      long newKeys = byKind.getOrDefault("new", 0L);
      long changedKeys = byKind.getOrDefault("changed", 0L);
      long lateRows = byKind.getOrDefault("late", 0L);
      long returnedKeys = byKind.getOrDefault("returned", 0L);
      Counts counts =
          new Counts(
              newKeys,
              changedKeys,
              sourceRows - newKeys - changedKeys - lateRows - returnedKeys,
              lateRows,
              byKind.getOrDefault("deleted", 0L),
              returnedKeys);

      // New versions of new, changed and returned keys, from the source row.
      Column updatedAt =
          spec.strategy() instanceof Strategy.Timestamp t
              ? col("s.`" + t.updatedAt() + "`")
              : nowLit;
      List<Column> fromSource = new ArrayList<>();
      for (String c : columns) {
        fromSource.add(col("s.`" + c + "`").as(c));
      }
      fromSource.addAll(
          meta(
              keyText("s."),
              updatedAt,
              col(NEW_FROM),
              lit(null).cast(DataTypes.TimestampType),
              false));
      Dataset<Row> inserts =
          classified
              .where(col(KIND).isin("new", "changed", "returned"))
              .select(fromSource.toArray(Column[]::new));
      if (spec.hardDeletes() == HardDeletes.NEW_RECORD) {
        // A deletion is also a version of its own, flagged deleted, carrying the last values.
        List<Column> fromCurrent = new ArrayList<>();
        for (String c : columns) {
          fromCurrent.add(col("c.`" + c + "`").as(c));
        }
        fromCurrent.addAll(
            meta(keyText("c."), nowLit, nowLit, lit(null).cast(DataTypes.TimestampType), true));
        inserts =
            inserts.unionByName(
                classified
                    .where(col(KIND).equalTo("deleted"))
                    .select(fromCurrent.toArray(Column[]::new)));
      }
      // Close rows: the current version, ending when the new one starts (or now, for deletions).
      List<Column> close = new ArrayList<>();
      for (String c : targetColumns(columns)) {
        close.add(c.equals(meta.validTo()) ? col(CLOSE_AT).as(c) : col("c.`" + c + "`").as(c));
      }
      close.add(col("c.`" + meta.scdId() + "`").as(MERGE_KEY));
      Dataset<Row> closes =
          classified
              // A key back after "invalidate" has no current version to close.
              .where(col(KIND).isin("changed", "deleted", "returned").and(inSnapshot))
              .select(close.toArray(Column[]::new));
      Dataset<Row> staged =
          closes.unionByName(inserts.withColumn(MERGE_KEY, lit(null).cast(DataTypes.StringType)));
      long inserted =
          counts.newKeys()
              + counts.changed()
              + counts.returned()
              + (spec.hardDeletes() == HardDeletes.NEW_RECORD ? counts.deleted() : 0);
      // Keys back after "invalidate" had no current version; after "new_record" they close one.
      long closed =
          counts.changed()
              + counts.deleted()
              + (spec.hardDeletes() == HardDeletes.NEW_RECORD ? counts.returned() : 0);
      Plan plan =
          new Plan(inserts, staged, counts, inserted, closed, false, Optional.of(classified));
      planned = true;
      return plan;
    } finally {
      if (!planned) {
        Kept.release(classified);
      }
    }
  }

  /** The snapshot's columns: the source's, then the meta columns. */
  public List<String> targetColumns(List<String> sourceColumns) {
    MetaColumns m = spec.meta();
    List<String> out = new ArrayList<>(sourceColumns);
    out.addAll(List.of(m.scdId(), m.updatedAt(), m.validFrom(), m.validTo()));
    if (spec.hardDeletes() == HardDeletes.NEW_RECORD) {
      out.add(m.isDeleted());
    }
    return out;
  }

  private List<Column> meta(
      Column keyText, Column updatedAt, Column validFrom, Column validTo, boolean deleted) {
    MetaColumns m = spec.meta();
    List<Column> out = new ArrayList<>();
    out.add(
        md5(concat(keyText, lit("|"), coalesce(validFrom.cast(DataTypes.StringType), lit(""))))
            .as(m.scdId()));
    out.add(updatedAt.cast(DataTypes.TimestampType).as(m.updatedAt()));
    out.add(validFrom.cast(DataTypes.TimestampType).as(m.validFrom()));
    out.add(validTo.as(m.validTo()));
    if (spec.hardDeletes() == HardDeletes.NEW_RECORD) {
      out.add(lit(deleted ? "True" : "False").as(m.isDeleted()));
    }
    return out;
  }

  /** The key as text: its one column cast to a string, or its columns joined by {@code |}. */
  private Column keyText(String prefix) {
    List<Column> parts = new ArrayList<>();
    for (String k : spec.uniqueKey()) {
      parts.add(coalesce(col(prefix + "`" + k + "`").cast(DataTypes.StringType), lit("")));
    }
    return parts.size() == 1 ? parts.get(0) : concat_ws("|", parts.toArray(Column[]::new));
  }

  private List<String> nonKeyColumns(List<String> columns) {
    return columns.stream().filter(c -> !spec.uniqueKey().contains(c)).toList();
  }

  private void checkColumns(Dataset<Row> source) {
    Set<String> have = new LinkedHashSet<>(List.of(source.columns()));
    List<String> needed = new ArrayList<>(spec.uniqueKey());
    if (spec.strategy() instanceof Strategy.Timestamp t) {
      needed.add(t.updatedAt());
    } else {
      needed.addAll(((Strategy.Check) spec.strategy()).columns());
    }
    for (String c : needed) {
      if (!have.contains(c)) {
        throw new SnapshotException(
            "the source has no column " + c + " (columns: " + String.join(", ", have) + ")");
      }
    }
  }

  private void checkSameColumns(List<String> sourceColumns, String[] snapshotColumns) {
    List<String> expected = targetColumns(sourceColumns);
    if (!expected.equals(List.of(snapshotColumns))) {
      throw new SnapshotException(
          "the snapshot has columns "
              + List.of(snapshotColumns)
              + " but this batch makes "
              + expected
              + "; history cannot be rebuilt from the source, so change the model back or rebuild"
              + " the snapshot with --full-refresh-snapshots");
    }
  }
}
