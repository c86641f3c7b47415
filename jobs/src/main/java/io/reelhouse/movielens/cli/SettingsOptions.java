package io.reelhouse.movielens.cli;

import io.reelhouse.config.Settings;
import io.reelhouse.config.SettingsLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command takes: which environment, overrides, and --debug. */
public final class SettingsOptions {
  @Option(
      names = "--env",
      paramLabel = "NAME",
      description = "Environment: reads conf/NAME.conf (default: ${DEFAULT-VALUE}).",
      defaultValue = "local")
  String env;

  @Option(
      names = "--conf-dir",
      paramLabel = "DIR",
      description = "Folder of the environment files (default: $REELHOUSE_HOME/conf, else ./conf).")
  Path confDir;

  @Option(
      names = "-D",
      paramLabel = "key=value",
      description = "Override a setting, e.g. -Dsource.path=/data/ml-25m (repeatable).")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--debug", description = "Print stack traces of errors.")
  boolean debug;

  /** Loads and validates the settings; fails before any Spark work. */
  public Settings load() {
    return SettingsLoader.load(confDir(), env, overrides);
  }

  Path confDir() {
    if (confDir != null) {
      return confDir;
    }
    String home = System.getenv("REELHOUSE_HOME");
    return home != null ? Path.of(home, "conf") : Path.of("conf");
  }
}
