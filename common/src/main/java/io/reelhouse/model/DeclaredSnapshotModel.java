package io.reelhouse.model;

import io.reelhouse.scd.SnapshotSpec;
import java.util.Objects;

/**
 * A {@link SnapshotModel} whose declaration and snapshot config are handed to its constructor; the
 * model class adds only its build (the current state of what it keeps history of).
 */
public abstract class DeclaredSnapshotModel extends DeclaredDatasetModel implements SnapshotModel {
  private final SnapshotSpec snapshot;

  protected DeclaredSnapshotModel(ModelInfo info, SnapshotSpec snapshot) {
    super(info);
    this.snapshot = Objects.requireNonNull(snapshot, "snapshot config of model " + info.name());
  }

  @Override
  public final SnapshotSpec snapshot() {
    return snapshot;
  }
}
