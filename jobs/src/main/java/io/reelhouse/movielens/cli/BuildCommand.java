package io.reelhouse.movielens.cli;

import io.reelhouse.model.Materialization;
import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine.Command;

/** Seeds and models together, in dependency order (dbt build). */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description = "Load seeds and run models, in dependency order.")
final class BuildCommand extends ModelsCommand {
  @Override
  Set<Materialization> runs() {
    return EnumSet.allOf(Materialization.class);
  }
}
