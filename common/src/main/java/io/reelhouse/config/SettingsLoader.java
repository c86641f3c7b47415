package io.reelhouse.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Loads {@link Settings} with one precedence, decided here and nowhere else:
 *
 * <ol>
 *   <li>{@code reference.conf} on the classpath (every key, with its default);
 *   <li>{@code conf/<env>.conf};
 *   <li>JVM system properties whose key is a Reelhouse setting ({@code -Dsource.path=...});
 *   <li>command-line overrides ({@code reelhouse -Dsource.path=... build}).
 * </ol>
 *
 * <p>Validation happens before any Spark work: an unknown key (a typo) or a value of the wrong type
 * fails with the key, the file and line it came from, and the expected type.
 *
 * <pre>{@code
 * Settings s = SettingsLoader.load(Path.of("conf"), "local", Map.of("source.path", "/data/ml"));
 * }</pre>
 */
public final class SettingsLoader {

  /** Settings whose children are free-form (passed through to another system). */
  private static final List<String> FREE_FORM = List.of("spark.conf", "freshness");

  private SettingsLoader() {}

  public static Settings load(Path confDir, String envName, Map<String, String> overrides) {
    Path envFile = confDir.resolve(envName + ".conf");
    if (!Files.isRegularFile(envFile)) {
      throw new SettingsException(
          "no configuration for environment '"
              + envName
              + "': "
              + envFile
              + " not found"
              + availableEnvs(confDir));
    }
    Config envConf;
    try {
      envConf =
          ConfigFactory.parseFile(
              envFile.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw new SettingsException("cannot read " + envFile + ": " + e.getMessage());
    }
    return load(envConf, overrides);
  }

  /**
   * Loads settings from the text of an environment file that lives elsewhere (a path passed with
   * spark-submit's {@code --files}, an {@code s3://} object), named {@code origin} in messages.
   */
  public static Settings load(String origin, String text, Map<String, String> overrides) {
    Config envConf;
    try {
      envConf =
          ConfigFactory.parseString(
              text, ConfigParseOptions.defaults().setOriginDescription(origin));
    } catch (ConfigException e) {
      throw new SettingsException("cannot read " + origin + ": " + e.getMessage());
    }
    return load(envConf, overrides);
  }

  /**
   * Every setting at its reference.conf default (for what must run before the env file is read).
   */
  public static Settings defaults() {
    return read(ConfigFactory.parseResources("reference.conf").resolve());
  }

  private static Settings load(Config envConf, Map<String, String> overrides) {
    Config reference = ConfigFactory.parseResources("reference.conf");
    Config known = reference.resolve();
    Config systemProps = knownSystemProperties(known);
    Config cli = ConfigFactory.parseMap(overrides, "command-line -D");
    checkKnown(known, envConf);
    checkKnown(known, cli);
    Config merged;
    try {
      merged =
          cli.withFallback(systemProps)
              .withFallback(envConf)
              .withFallback(reference)
              .resolve(ConfigResolveOptions.defaults());
    } catch (ConfigException e) {
      throw new SettingsException(e.getMessage());
    }
    return read(merged);
  }

  /** Reads and validates a resolved config; every key is read so every mistake surfaces now. */
  static Settings read(Config c) {
    var env = new Settings.Env(string(c, "env.name"), bool(c, "env.prod"));
    if (env.name().isBlank() || !env.name().matches("[A-Za-z][A-Za-z0-9_]*")) {
      throw bad(c, "env.name", "a name of letters, digits and _ (it prefixes schema names)");
    }
    String type = string(c, "warehouse.type");
    if (!type.equals("delta") && !type.equals("snowflake")) {
      throw bad(c, "warehouse.type", "one of: delta, snowflake");
    }
    String catalog = string(c, "warehouse.catalog");
    if (!catalog.isEmpty() && !catalog.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw bad(c, "warehouse.catalog", "a catalog name of letters, digits and _, or empty");
    }
    if (!catalog.isEmpty() && !type.equals("delta")) {
      throw bad(
          c,
          "warehouse.catalog",
          "empty with warehouse.type " + type + " (it names Delta's catalog)");
    }
    var warehouse =
        new Settings.Warehouse(type, nonBlank(c, "warehouse.path"), catalog, snowflake(c, type));
    var incremental = new Settings.Incremental(duration(c, "incremental.look-back"));
    if (incremental.lookBack().isNegative()) {
      throw bad(c, "incremental.look-back", "a duration of zero or more, e.g. 3 days");
    }
    double ceiling = number(c, "quality.quarantine-ceiling");
    if (ceiling < 0 || ceiling > 1) {
      throw bad(c, "quality.quarantine-ceiling", "a fraction between 0 and 1, e.g. 0.01");
    }
    double minRatio = number(c, "quality.row-count-anomaly.min-ratio");
    double maxRatio = number(c, "quality.row-count-anomaly.max-ratio");
    if (minRatio < 0 || maxRatio < minRatio) {
      throw bad(
          c,
          "quality.row-count-anomaly.max-ratio",
          "a ratio at or above min-ratio (" + minRatio + ")");
    }
    String anomalyLevel = string(c, "quality.row-count-anomaly.level");
    if (!anomalyLevel.equals("warn") && !anomalyLevel.equals("error")) {
      throw bad(c, "quality.row-count-anomaly.level", "warn or error");
    }
    var quality =
        new Settings.Quality(
            bool(c, "quality.audit"),
            ceiling,
            nonBlank(c, "quality.metrics-path"),
            bool(c, "quality.row-count-anomaly.enabled"),
            minRatio,
            maxRatio,
            anomalyLevel.equals("error"));
    int attempts = integer(c, "s3.attempts");
    if (attempts < 1) {
      throw bad(c, "s3.attempts", "a whole number of 1 or more");
    }
    var s3 =
        new Settings.S3(
            string(c, "s3.endpoint"),
            string(c, "s3.region"),
            bool(c, "s3.path-style-access"),
            duration(c, "s3.connection-timeout"),
            duration(c, "s3.request-timeout"),
            attempts,
            explicit(
                c,
                "s3.endpoint",
                "s3.region",
                "s3.path-style-access",
                "s3.connection-timeout",
                "s3.request-timeout",
                "s3.attempts"));
    int partitions = integer(c, "spark.shuffle-partitions");
    if (partitions < 1) {
      throw bad(c, "spark.shuffle-partitions", "a whole number of 1 or more");
    }
    var spark =
        new Settings.Spark(
            string(c, "spark.local-master"),
            nonBlank(c, "spark.app-name"),
            partitions,
            stringMap(c, "spark.conf"),
            !explicit(c, "spark.shuffle-partitions").isEmpty());
    return new Settings(
        env,
        nonBlank(c, "source.path"),
        nonBlank(c, "seeds.path"),
        warehouse,
        incremental,
        quality,
        s3,
        spark,
        nonBlank(c, "target.path"),
        freshness(c),
        lease(c));
  }

  private static Duration lease(Config c) {
    Duration lease = duration(c, "lock.lease");
    if (lease.toSeconds() < 4) {
      throw bad(c, "lock.lease", "a duration of 4 seconds or more, e.g. 2 minutes");
    }
    return lease;
  }

  /** Which of the keys have a value from outside reference.conf (an env file, -D, ...). */
  private static java.util.Set<String> explicit(Config c, String... keys) {
    java.util.Set<String> set = new java.util.TreeSet<>();
    for (String k : keys) {
      String resource = c.getValue(k).origin().resource();
      if (resource == null || !resource.endsWith("reference.conf")) {
        set.add(k);
      }
    }
    return java.util.Collections.unmodifiableSet(set);
  }

  private static Config knownSystemProperties(Config reference) {
    Properties props = System.getProperties();
    Map<String, String> known = new LinkedHashMap<>();
    for (String key : props.stringPropertyNames()) {
      if (isSettingKey(reference, key)) {
        known.put(key, props.getProperty(key));
      }
    }
    return ConfigFactory.parseMap(known, "JVM system property");
  }

  private static boolean isSettingKey(Config reference, String key) {
    try {
      return reference.hasPathOrNull(key)
              && !reference.getValue(key).valueType().equals(ConfigValueType.OBJECT)
          || FREE_FORM.stream().anyMatch(f -> key.startsWith(f + "."));
    } catch (ConfigException e) {
      return false;
    }
  }

  private static void checkKnown(Config reference, Config given) {
    for (Map.Entry<String, ConfigValue> e : given.entrySet()) {
      String key = e.getKey();
      if (key.equals("home") || isSettingKey(reference, key)) {
        continue;
      }
      throw new SettingsException(
          "unknown setting '"
              + key
              + "' in "
              + where(e.getValue().origin())
              + suggestion(reference, key));
    }
  }

  private static String suggestion(Config reference, String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Map.Entry<String, ConfigValue> e : reference.entrySet()) {
      int d = Names.distance(key, e.getKey());
      if (d < bestDistance) {
        bestDistance = d;
        best = e.getKey();
      }
    }
    return best != null && bestDistance <= Math.max(3, key.length() / 3)
        ? "; did you mean '" + best + "'?"
        : "; every setting is listed in reference.conf";
  }

  private static String string(Config c, String key) {
    return typed(c, key, "a string", Config::getString);
  }

  private static String nonBlank(Config c, String key) {
    String v = string(c, key);
    if (v.isBlank()) {
      throw bad(c, key, "a non-empty string");
    }
    return v;
  }

  private static boolean bool(Config c, String key) {
    return typed(c, key, "true or false", Config::getBoolean);
  }

  private static double number(Config c, String key) {
    return typed(c, key, "a number", Config::getDouble);
  }

  private static int integer(Config c, String key) {
    return typed(c, key, "a whole number", Config::getInt);
  }

  private static Duration duration(Config c, String key) {
    return typed(c, key, "a duration such as 3 days or 12h", Config::getDuration);
  }

  /** Reads one value, turning Typesafe's errors into ones that name key, file and type. */
  private static <T> T typed(
      Config c, String key, String expected, java.util.function.BiFunction<Config, String, T> get) {
    try {
      return get.apply(c, key);
    } catch (ConfigException.Missing e) {
      throw new SettingsException("missing setting '" + key + "' (expected " + expected + ")");
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw wrongType(c, key, expected);
    }
  }

  private static Settings.Snowflake snowflake(Config c, String type) {
    String p = "warehouse.snowflake.";
    boolean used = type.equals("snowflake");
    String method = string(c, p + "auth.method");
    if (!List.of("key-pair", "oauth", "password").contains(method)) {
      throw bad(c, p + "auth.method", "one of: key-pair, oauth, password");
    }
    var auth =
        new Settings.SnowflakeAuth(
            method,
            string(c, p + "auth.private-key-file"),
            string(c, p + "auth.private-key-env"),
            string(c, p + "auth.passphrase-env"),
            string(c, p + "auth.token-file"),
            string(c, p + "auth.token-env"),
            string(c, p + "auth.password-env"));
    var sf =
        new Settings.Snowflake(
            used ? nonBlank(c, p + "url") : string(c, p + "url"),
            used ? nonBlank(c, p + "user") : string(c, p + "user"),
            string(c, p + "role"),
            string(c, p + "warehouse"),
            used ? nonBlank(c, p + "database") : string(c, p + "database"),
            auth,
            duration(c, p + "login-timeout"),
            duration(c, p + "socket-timeout"));
    if (sf.loginTimeout().toSeconds() < 1) {
      throw bad(c, p + "login-timeout", "a duration of 1 second or more, e.g. 20s");
    }
    if (sf.socketTimeout().toMillis() < 100) {
      throw bad(c, p + "socket-timeout", "a duration of 100 ms or more, e.g. 10s");
    }
    return sf;
  }

  private static Map<String, Settings.Freshness> freshness(Config c) {
    Map<String, Settings.Freshness> out = new TreeMap<>();
    Config all = c.getConfig("freshness");
    for (String source : all.root().keySet()) {
      String base = "freshness." + source;
      for (String k : all.getConfig(source).root().keySet()) {
        if (!k.equals("warn-after") && !k.equals("error-after")) {
          throw new SettingsException(
              "unknown setting '"
                  + base
                  + "."
                  + k
                  + "' in "
                  + where(c.getValue(base + "." + k).origin())
                  + "; a source's freshness takes warn-after and error-after");
        }
      }
      Duration warn = c.hasPath(base + ".warn-after") ? duration(c, base + ".warn-after") : null;
      Duration error = c.hasPath(base + ".error-after") ? duration(c, base + ".error-after") : null;
      out.put(source, new Settings.Freshness(warn, error));
    }
    return Map.copyOf(out);
  }

  private static Map<String, String> stringMap(Config c, String key) {
    Map<String, String> out = new TreeMap<>();
    Config sub;
    try {
      sub = c.getConfig(key);
    } catch (ConfigException.WrongType e) {
      throw wrongType(c, key, "an object of \"key\" = \"value\" pairs");
    }
    for (Map.Entry<String, ConfigValue> e : sub.entrySet()) {
      Object v = e.getValue().unwrapped();
      if (e.getValue().valueType() == ConfigValueType.LIST
          || e.getValue().valueType() == ConfigValueType.OBJECT) {
        throw wrongType(c, key + "." + e.getKey(), "a single value");
      }
      out.put(stripQuotes(e.getKey()), String.valueOf(v));
    }
    return Map.copyOf(out);
  }

  private static String stripQuotes(String path) {
    return path.startsWith("\"") && path.endsWith("\"")
        ? path.substring(1, path.length() - 1)
        : path;
  }

  private static SettingsException wrongType(Config c, String key, String expected) {
    ConfigValue v = c.getValue(key);
    return new SettingsException(
        "setting '"
            + key
            + "' in "
            + where(v.origin())
            + ": expected "
            + expected
            + ", got "
            + v.valueType().name().toLowerCase()
            + " "
            + v.render());
  }

  private static SettingsException bad(Config c, String key, String expected) {
    ConfigValue v = c.getValue(key);
    return new SettingsException(
        "setting '"
            + key
            + "' in "
            + where(v.origin())
            + ": expected "
            + expected
            + ", got "
            + v.render());
  }

  private static String where(ConfigOrigin origin) {
    String file = origin.filename();
    String name =
        file != null ? file : origin.resource() != null ? origin.resource() : origin.description();
    return origin.lineNumber() > 0 ? name + " line " + origin.lineNumber() : name;
  }

  private static String availableEnvs(Path confDir) {
    if (!Files.isDirectory(confDir)) {
      return " (folder " + confDir + " does not exist)";
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(confDir)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".conf"))
          .sorted(Comparator.naturalOrder())
          .forEach(n -> names.add(n.substring(0, n.length() - ".conf".length())));
    } catch (java.io.IOException e) {
      return "";
    }
    return names.isEmpty()
        ? " (no .conf files in " + confDir + ")"
        : " (available: " + String.join(", ", names) + ")";
  }
}
