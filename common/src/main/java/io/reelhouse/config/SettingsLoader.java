package io.reelhouse.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
 * <p>Validation happens before any Spark work: an unknown key (a typo) fails here with the nearest
 * known key; a value of the wrong type fails in {@link SettingsReader} with the key, the file and
 * line it came from, and the expected type.
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
    return SettingsReader.read(ConfigFactory.parseResources("reference.conf").resolve());
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
    return SettingsReader.read(merged);
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
              + ConfigValues.where(e.getValue().origin())
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
    } catch (IOException e) {
      return "";
    }
    return names.isEmpty()
        ? " (no .conf files in " + confDir + ")"
        : " (available: " + String.join(", ", names) + ")";
  }
}
