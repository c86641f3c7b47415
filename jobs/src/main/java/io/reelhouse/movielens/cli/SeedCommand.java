package io.reelhouse.movielens.cli;

import io.reelhouse.model.Materialization;
import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine.Command;

/** Seeds only (dbt seed). */
@Command(
    name = "seed",
    mixinStandardHelpOptions = true,
    description = "Load the seed CSVs from seeds.path into the warehouse.")
final class SeedCommand extends ModelsCommand {
  @Override
  Set<Materialization> runs() {
    return EnumSet.of(Materialization.SEED);
  }
}
