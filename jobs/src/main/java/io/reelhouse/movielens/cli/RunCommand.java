package io.reelhouse.movielens.cli;

import io.reelhouse.model.Materialization;
import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine.Command;

/** Models without seeds and snapshots (dbt run). */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run models (not seeds or snapshots), in dependency order.")
final class RunCommand extends ModelsCommand {
  @Override
  Set<Materialization> runs() {
    return EnumSet.of(Materialization.VIEW, Materialization.TABLE, Materialization.INCREMENTAL);
  }
}
