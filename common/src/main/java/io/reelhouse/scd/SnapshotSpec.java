package io.reelhouse.scd;

import java.util.List;
import java.util.Objects;

/**
 * How a snapshot keeps history (dbt snapshot config).
 *
 * <pre>{@code
 * new SnapshotSpec(List.of("row_key"), new Strategy.Timestamp("tag_timestamp"),
 *     HardDeletes.INVALIDATE, MetaColumns.DBT);
 * }</pre>
 *
 * @param uniqueKey columns that identify an entity across versions
 * @param strategy how a changed row is recognised
 * @param hardDeletes what a key missing from the source means
 * @param meta names of the meta columns
 */
public record SnapshotSpec(
    List<String> uniqueKey, Strategy strategy, HardDeletes hardDeletes, MetaColumns meta) {
  public SnapshotSpec {
    if (uniqueKey == null || uniqueKey.isEmpty()) {
      throw new IllegalArgumentException("a snapshot needs a unique key");
    }
    uniqueKey = List.copyOf(uniqueKey);
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(hardDeletes, "hardDeletes");
    Objects.requireNonNull(meta, "meta");
  }

  /** How a changed source row is recognised. */
  public sealed interface Strategy {
    /** Changed when the updated-at column is newer than the current version's. */
    record Timestamp(String updatedAt) implements Strategy {}

    /** Changed when any of these columns differs (all non-key columns when empty). */
    record Check(List<String> columns) implements Strategy {
      public Check {
        columns = List.copyOf(columns);
      }
    }
  }

  /** What a key that is no longer in the source means (dbt 1.9's hard_deletes). */
  public enum HardDeletes {
    /** Nothing: the last version stays current. */
    IGNORE,
    /** The current version is closed at the snapshot time. */
    INVALIDATE,
    /** Closed, and a version flagged deleted is added (dbt_is_deleted = 'True'). */
    NEW_RECORD
  }

  /**
   * Names of the meta columns, as dbt names them unless renamed.
   *
   * @param scdId unique id of a version: md5 of the key and the version's valid-from time
   * @param updatedAt the source's updated-at (timestamp strategy) or the snapshot time (check)
   * @param validFrom when the version became current
   * @param validTo when it stopped being current; null while current
   * @param isDeleted 'True' on versions that record a deletion (new_record mode only)
   */
  public record MetaColumns(
      String scdId, String updatedAt, String validFrom, String validTo, String isDeleted) {
    public static final MetaColumns DBT =
        new MetaColumns(
            "dbt_scd_id", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to", "dbt_is_deleted");
  }
}
