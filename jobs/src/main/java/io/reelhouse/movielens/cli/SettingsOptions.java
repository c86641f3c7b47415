package io.reelhouse.movielens.cli;

import io.reelhouse.config.Settings;
import io.reelhouse.config.SettingsLoader;
import io.reelhouse.spark.HadoopSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.sql.SparkSession;
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
      names = "--conf",
      paramLabel = "FILE",
      description =
          "Environment file to use instead of conf/<env>.conf: a path (e.g. one shipped with"
              + " spark-submit --files) or any Hadoop URI (s3://, s3a://, dbfs:/).")
  String confFile;

  @Option(
      names = "-D",
      paramLabel = "key=value",
      description = "Override a setting, e.g. -Dsource.path=/data/ml-25m (repeatable).")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--debug", description = "Print stack traces of errors.")
  boolean debug;

  /** Loads and validates the settings; fails before any Spark work. */
  public Settings load() {
    if (confFile != null) {
      return SettingsLoader.load(confFile, read(confFile), overrides);
    }
    return SettingsLoader.load(confDir(), env, overrides);
  }

  /**
   * The file's text, from local disk or any Hadoop file system, read with the Hadoop settings the
   * job's Spark settings describe (the running session's, else {@code spark.hadoop.*} of the job),
   * so an endpoint or credentials provider given to spark-submit applies to it too.
   */
  private static String read(String location) {
    try {
      if (!location.contains(":/")) {
        return java.nio.file.Files.readString(Path.of(location));
      }
      var path = new org.apache.hadoop.fs.Path(location);
      var fs = path.getFileSystem(HadoopSettings.forConfFile(jobHadoopConf()));
      try (var in = fs.open(path)) {
        return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
    } catch (java.io.IOException | RuntimeException e) {
      throw new io.reelhouse.config.SettingsException(
          "cannot read the --conf file " + location + ": " + io.reelhouse.model.Errors.oneLine(e));
    }
  }

  /** The running session's Hadoop configuration, else the one Spark would make for this job. */
  static Configuration jobHadoopConf() {
    var session = SparkSession.getActiveSession();
    if (session.isEmpty()) {
      session = SparkSession.getDefaultSession();
    }
    if (session.isDefined()) {
      return new Configuration(session.get().sparkContext().hadoopConfiguration());
    }
    return SparkHadoopUtil.get().newConfiguration(new SparkConf());
  }

  Path confDir() {
    if (confDir != null) {
      return confDir;
    }
    String home = System.getenv("REELHOUSE_HOME");
    return home != null ? Path.of(home, "conf") : Path.of("conf");
  }
}
