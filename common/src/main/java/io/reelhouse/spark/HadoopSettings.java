package io.reelhouse.spark;

import io.reelhouse.config.Settings;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Puts Reelhouse's storage settings into a Hadoop {@link Configuration}: the s3a connector's
 * endpoint, region, path style and fail-fast timeouts, and every {@code spark.conf} entry named
 * {@code spark.hadoop.*} (as Spark itself does, but also on a session that already exists, and for
 * commands that run without Spark). Credentials are left to s3a's default provider chain.
 *
 * <p>On a platform's session (EMR, Databricks: no {@code spark.local-master}) the cluster's s3a
 * settings stay as the cluster set them: only the {@code s3.*} keys the user set in Reelhouse's
 * conf are applied. Reelhouse's fail-fast defaults are for configurations it owns.
 */
public final class HadoopSettings {
  private HadoopSettings() {}

  /** Applies everything: a configuration Reelhouse owns (its local session, a bare one). */
  public static Configuration apply(Configuration conf, Settings settings) {
    return apply(conf, settings, false);
  }

  /**
   * @param platform the configuration is a platform session's: apply only what the user set
   */
  public static Configuration apply(Configuration conf, Settings settings, boolean platform) {
    Settings.S3 s3 = settings.s3();
    if (!s3.endpoint().isBlank()) {
      conf.set("fs.s3a.endpoint", s3.endpoint());
      conf.setBoolean("fs.s3a.connection.ssl.enabled", s3.endpoint().startsWith("https"));
    }
    if (!s3.region().isBlank()) {
      conf.set("fs.s3a.endpoint.region", s3.region());
    }
    if (!platform || s3.isSet("s3.path-style-access")) {
      conf.setBoolean("fs.s3a.path.style.access", s3.pathStyleAccess());
    }
    if (!platform || s3.isSet("s3.connection-timeout")) {
      conf.setInt("fs.s3a.connection.establish.timeout", (int) s3.connectionTimeout().toMillis());
    }
    if (!platform || s3.isSet("s3.request-timeout")) {
      conf.setInt("fs.s3a.connection.timeout", (int) s3.requestTimeout().toMillis());
    }
    if (!platform || s3.isSet("s3.attempts")) {
      // s3.attempts is the number of tries of a request in all. The AWS SDK's own retries are
      // off: left on, they multiply with s3a's.
      conf.setInt("fs.s3a.attempts.maximum", 0);
      conf.setInt("fs.s3a.retry.limit", Math.max(0, s3.attempts() - 1));
      conf.set("fs.s3a.retry.interval", "200ms");
      conf.setInt("fs.s3a.retry.throttle.limit", s3.attempts());
      conf.set("fs.s3a.retry.throttle.interval", "200ms");
    }
    if (!platform) {
      // A missing bucket is reported as such when the file system opens, not as a missing file.
      conf.setInt("fs.s3a.bucket.probe", 2);
    }
    // Lets `reelhouse load` compare a local file with an object by MD5-based ETag.
    conf.setBoolean("fs.s3a.etag.checksum.enabled", true);
    for (Map.Entry<String, String> e : settings.spark().conf().entrySet()) {
      if (e.getKey().startsWith("spark.hadoop.")) {
        conf.set(e.getKey().substring("spark.hadoop.".length()), e.getValue());
      }
    }
    return conf;
  }

  /**
   * A copy of a job's Hadoop configuration for reading the {@code --conf} file before the settings
   * are loaded: Reelhouse's fail-fast s3a defaults (reference.conf) fill only what the job left at
   * Hadoop's defaults, so a missing bucket or an unreachable endpoint fails within a minute naming
   * the file.
   */
  public static Configuration forConfFile(Configuration job) {
    Configuration conf = new Configuration(job);
    Configuration defaults =
        apply(new Configuration(false), io.reelhouse.config.SettingsLoader.defaults());
    for (Map.Entry<String, String> e : defaults) {
      if (e.getKey().startsWith("fs.s3a.") && setByDefaultsOnly(conf, e.getKey())) {
        conf.set(e.getKey(), e.getValue());
      }
    }
    return conf;
  }

  /** Whether the key is unset or set only by Hadoop's own *-default.xml files. */
  private static boolean setByDefaultsOnly(Configuration conf, String key) {
    String[] sources = conf.getPropertySources(key);
    if (sources == null) {
      return true;
    }
    for (String s : sources) {
      if (!s.endsWith("-default.xml")) {
        return false;
      }
    }
    return true;
  }
}
