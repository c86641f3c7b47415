package io.reelhouse.warehouse;

import java.util.List;
import java.util.OptionalLong;

/**
 * What a warehouse that keeps versions of its tables and their changes can do (Delta's change data
 * feed): an incremental model whose {@code changesOf} ref lives in such a warehouse reads only the
 * rows that ref changed since the model's last run. Elsewhere it reads its look-back window.
 */
public interface ChangeFeed {

  /** The table's newest version; empty when the table does not exist. */
  OptionalLong version(TableId table);

  /** Records the changes of the table's next writes, so {@link #changesAfter} can tell them. */
  void recordChanges(TableId table);

  /**
   * The rows inserted or updated in the table after {@code version} (up to its newest), one per
   * {@code key} (its newest); unknown, with the reason, when the feed cannot tell them: none
   * recorded for one of those versions, rows removed (a rebuild, a delete), versions no longer
   * kept.
   */
  TableChanges changesAfter(TableId table, long version, List<String> key);
}
