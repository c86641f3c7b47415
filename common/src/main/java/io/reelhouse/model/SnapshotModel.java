package io.reelhouse.model;

import io.reelhouse.scd.SnapshotSpec;

/**
 * A model whose table keeps SCD type 2 history of what it builds (dbt snapshot). Its build returns
 * the current state of the source; the runner applies it with {@link io.reelhouse.scd.Snapshotter}.
 */
public interface SnapshotModel extends DatasetModel {
  SnapshotSpec snapshot();
}
