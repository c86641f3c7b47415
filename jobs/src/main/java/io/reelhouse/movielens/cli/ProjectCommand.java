package io.reelhouse.movielens.cli;

import io.reelhouse.config.Settings;
import io.reelhouse.model.Project;
import io.reelhouse.movielens.MovieLensProject;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A command that works on the MovieLens project with the resolved settings: it takes the settings
 * options ({@code --env}, {@code --conf}, {@code -D}, ...), loads them, and hands the settings and
 * the project to {@link #call(Settings, Project)}.
 */
abstract class ProjectCommand implements Callable<Integer> {
  @Mixin SettingsOptions settings;

  @Override
  public final Integer call() throws Exception {
    return call(settings.load(), MovieLensProject.create());
  }

  /**
   * The invocation's arguments as dbt records them in run_results.json ({@code retry} reads them
   * back): the command, its selection, the target and the settings options.
   */
  Map<String, Object> args(String which, SelectionOptions selection, Settings s) {
    return settings.invocationArgs(which, selection.recorded(), s);
  }

  /** Runs the command; the exit code. */
  abstract int call(Settings s, Project project) throws Exception;
}
