package io.reelhouse.movielens.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A command made of subcommands (docs, notebook, source): alone, it prints its usage. */
abstract class CommandGroup implements Runnable {
  @ParentCommand Main main;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(main.out);
  }
}
