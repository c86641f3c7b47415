package io.reelhouse.movielens.cli;

import io.reelhouse.model.Materialization;
import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine.Command;

/** Snapshots only (dbt snapshot). */
@Command(
    name = "snapshot",
    mixinStandardHelpOptions = true,
    description = "Apply the current source state to the SCD type 2 snapshots.")
final class SnapshotCommand extends ModelsCommand {
  @Override
  Set<Materialization> runs() {
    return EnumSet.of(Materialization.SNAPSHOT);
  }
}
