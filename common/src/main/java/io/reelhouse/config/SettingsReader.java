package io.reelhouse.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a resolved config (every source merged by {@link SettingsLoader}) into {@link Settings},
 * one section at a time. Every key is read and every value checked, so every mistake surfaces
 * before any Spark work, naming the key, where it was set and what was expected ({@link
 * ConfigValues}).
 */
final class SettingsReader {
  private final ConfigValues v;

  private SettingsReader(Config c) {
    this.v = new ConfigValues(c);
  }

  /** Reads and validates a resolved config. */
  static Settings read(Config c) {
    return new SettingsReader(c).settings();
  }

  /** The sections, read in a fixed order so that the first mistake reported is always the same. */
  private Settings settings() {
    var env = env();
    var warehouse = warehouse();
    var incremental = incremental();
    var quality = quality();
    var s3 = s3();
    var spark = spark();
    return new Settings(
        env,
        v.nonBlank("source.path"),
        v.nonBlank("seeds.path"),
        warehouse,
        incremental,
        quality,
        s3,
        spark,
        v.nonBlank("target.path"),
        freshness(),
        lease());
  }

  private Settings.Env env() {
    var env = new Settings.Env(v.string("env.name"), v.bool("env.prod"));
    if (env.name().isBlank() || !env.name().matches("[A-Za-z][A-Za-z0-9_]*")) {
      throw v.bad("env.name", "a name of letters, digits and _ (it prefixes schema names)");
    }
    return env;
  }

  private Settings.Warehouse warehouse() {
    String type = v.string("warehouse.type");
    if (!type.equals("delta") && !type.equals("snowflake")) {
      throw v.bad("warehouse.type", "one of: delta, snowflake");
    }
    String catalog = v.string("warehouse.catalog");
    if (!catalog.isEmpty() && !catalog.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw v.bad("warehouse.catalog", "a catalog name of letters, digits and _, or empty");
    }
    if (!catalog.isEmpty() && !type.equals("delta")) {
      throw v.bad(
          "warehouse.catalog", "empty with warehouse.type " + type + " (it names Delta's catalog)");
    }
    return new Settings.Warehouse(type, v.nonBlank("warehouse.path"), catalog, snowflake(type));
  }

  private Settings.Snowflake snowflake(String type) {
    String p = "warehouse.snowflake.";
    boolean used = type.equals("snowflake");
    String method = v.string(p + "auth.method");
    if (!List.of("key-pair", "oauth", "password").contains(method)) {
      throw v.bad(p + "auth.method", "one of: key-pair, oauth, password");
    }
    var auth =
        new Settings.SnowflakeAuth(
            method,
            v.string(p + "auth.private-key-file"),
            v.string(p + "auth.private-key-env"),
            v.string(p + "auth.passphrase-env"),
            v.string(p + "auth.token-file"),
            v.string(p + "auth.token-env"),
            v.string(p + "auth.password-env"));
    var sf =
        new Settings.Snowflake(
            used ? v.nonBlank(p + "url") : v.string(p + "url"),
            used ? v.nonBlank(p + "user") : v.string(p + "user"),
            v.string(p + "role"),
            v.string(p + "warehouse"),
            used ? v.nonBlank(p + "database") : v.string(p + "database"),
            auth,
            v.duration(p + "login-timeout"),
            v.duration(p + "socket-timeout"));
    if (sf.loginTimeout().toSeconds() < 1) {
      throw v.bad(p + "login-timeout", "a duration of 1 second or more, e.g. 20s");
    }
    if (sf.socketTimeout().toMillis() < 100) {
      throw v.bad(p + "socket-timeout", "a duration of 100 ms or more, e.g. 10s");
    }
    return sf;
  }

  private Settings.Incremental incremental() {
    var incremental = new Settings.Incremental(v.duration("incremental.look-back"));
    if (incremental.lookBack().isNegative()) {
      throw v.bad("incremental.look-back", "a duration of zero or more, e.g. 3 days");
    }
    return incremental;
  }

  private Settings.Quality quality() {
    double ceiling = v.number("quality.quarantine-ceiling");
    if (ceiling < 0 || ceiling > 1) {
      throw v.bad("quality.quarantine-ceiling", "a fraction between 0 and 1, e.g. 0.01");
    }
    double minRatio = v.number("quality.row-count-anomaly.min-ratio");
    double maxRatio = v.number("quality.row-count-anomaly.max-ratio");
    if (minRatio < 0 || maxRatio < minRatio) {
      throw v.bad(
          "quality.row-count-anomaly.max-ratio",
          "a ratio at or above min-ratio (" + minRatio + ")");
    }
    String anomalyLevel = v.string("quality.row-count-anomaly.level");
    if (!anomalyLevel.equals("warn") && !anomalyLevel.equals("error")) {
      throw v.bad("quality.row-count-anomaly.level", "warn or error");
    }
    return new Settings.Quality(
        v.bool("quality.audit"),
        ceiling,
        v.nonBlank("quality.metrics-path"),
        v.bool("quality.row-count-anomaly.enabled"),
        minRatio,
        maxRatio,
        anomalyLevel.equals("error"));
  }

  private Settings.S3 s3() {
    int attempts = v.integer("s3.attempts");
    if (attempts < 1) {
      throw v.bad("s3.attempts", "a whole number of 1 or more");
    }
    return new Settings.S3(
        v.string("s3.endpoint"),
        v.string("s3.region"),
        v.bool("s3.path-style-access"),
        v.duration("s3.connection-timeout"),
        v.duration("s3.request-timeout"),
        attempts,
        v.explicit(
            "s3.endpoint",
            "s3.region",
            "s3.path-style-access",
            "s3.connection-timeout",
            "s3.request-timeout",
            "s3.attempts"));
  }

  private Settings.Spark spark() {
    int partitions = v.integer("spark.shuffle-partitions");
    if (partitions < 1) {
      throw v.bad("spark.shuffle-partitions", "a whole number of 1 or more");
    }
    return new Settings.Spark(
        v.string("spark.local-master"),
        v.nonBlank("spark.app-name"),
        partitions,
        v.stringMap("spark.conf"),
        !v.explicit("spark.shuffle-partitions").isEmpty());
  }

  /**
   * A freshness threshold, if set: a positive number of whole minutes, as dbt's periods (minute,
   * hour, day) can say it in {@code sources.json}.
   */
  private Duration wholeMinutes(String key) {
    Duration d = v.optionalDuration(key);
    if (d != null
        && (d.isNegative() || d.isZero() || d.toSecondsPart() != 0 || d.toNanosPart() != 0)) {
      throw v.bad(key, "a positive number of whole minutes, hours or days, e.g. 30 minutes");
    }
    return d;
  }

  /** Per source: {@code warn-after} and {@code error-after}, each optional. */
  private Map<String, Settings.Freshness> freshness() {
    Map<String, Settings.Freshness> out = new TreeMap<>();
    for (String source : v.childrenOf("freshness")) {
      String base = "freshness." + source;
      for (String k : v.childrenOf(base)) {
        if (!k.equals("warn-after") && !k.equals("error-after")) {
          throw new SettingsException(
              "unknown setting '"
                  + base
                  + "."
                  + k
                  + "' in "
                  + v.whereSet(base + "." + k)
                  + "; a source's freshness takes warn-after and error-after");
        }
      }
      out.put(
          source,
          new Settings.Freshness(
              wholeMinutes(base + ".warn-after"), wholeMinutes(base + ".error-after")));
    }
    return Map.copyOf(out);
  }

  private Duration lease() {
    Duration lease = v.duration("lock.lease");
    if (lease.toSeconds() < 4) {
      throw v.bad("lock.lease", "a duration of 4 seconds or more, e.g. 2 minutes");
    }
    return lease;
  }
}
