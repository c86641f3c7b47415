package io.reelhouse.movielens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelhouse.config.Settings;
import io.reelhouse.config.SettingsLoader;
import io.reelhouse.spark.HadoopSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every command takes: which environment, overrides, and --debug. */
public final class SettingsOptions {
  /** Keys of free-form settings whose values are secrets. */
  private static final Pattern SECRET =
      Pattern.compile("(?i).*(secret|password|passphrase|token|credential|access\\.key|private).*");

  /** What stands for a secret's value wherever settings are shown or recorded. */
  static final String MASK = "****";

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

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

  /** Whether a setting's value is a secret (not a {@code -env} or {@code -file} naming one). */
  static boolean isSecret(String key) {
    return SECRET.matcher(key).matches() && !key.endsWith("-env") && !key.endsWith("-file");
  }

  /**
   * These options as {@code run_results.json} records them in {@code args}, so {@code retry} runs
   * with the same settings: {@code env}, {@code conf} and {@code vars} (the {@code -D} overrides,
   * secrets masked).
   */
  Map<String, Object> recorded() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("env", env);
    if (confFile != null) {
      out.put("conf", confFile);
    }
    Map<String, String> vars = new TreeMap<>();
    overrides.forEach((k, v) -> vars.put(k, isSecret(k) ? MASK : v));
    out.put("vars", vars);
    return out;
  }

  /**
   * The invocation's arguments as dbt records them in run_results.json ({@code retry} reads them
   * back): the command, its selection options ({@code SelectionOptions.recorded()}, empty for a
   * command without them), the target and these options.
   */
  Map<String, Object> invocationArgs(String which, Map<String, Object> selection, Settings s) {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("which", which);
    args.putAll(selection);
    args.put("target", s.env().name());
    args.putAll(recorded());
    return args;
  }

  /**
   * Takes the options an earlier run recorded ({@link #recorded()}) wherever this command line does
   * not give its own; a secret the earlier run was given must be given again.
   *
   * @param file the file the options come from, for the error
   */
  void adopt(JsonNode args, String file) {
    if (!given("--env") && args.hasNonNull("env")) {
      env = args.get("env").asText();
    }
    if (confFile == null && args.hasNonNull("conf")) {
      confFile = args.get("conf").asText();
    }
    args.path("vars")
        .fields()
        .forEachRemaining(
            e -> {
              if (overrides.containsKey(e.getKey())) {
                return;
              }
              if (e.getValue().asText().equals(MASK)) {
                throw new IllegalArgumentException(
                    "the run recorded in "
                        + file
                        + " was given the secret -D"
                        + e.getKey()
                        + ", which is not recorded: give it again");
              }
              overrides.put(e.getKey(), e.getValue().asText());
            });
  }

  private boolean given(String option) {
    return command != null
        && command.commandLine() != null
        && command.commandLine().getParseResult() != null
        && command.commandLine().getParseResult().hasMatchedOption(option);
  }

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
