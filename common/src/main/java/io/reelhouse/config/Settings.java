package io.reelhouse.config;

import java.time.Duration;
import java.util.Map;

/**
 * Every setting Reelhouse reads, typed and validated. Built once per process by {@link
 * SettingsLoader}; nothing else reads configuration files.
 *
 * @param env the environment: its name and whether it is production
 * @param sourcePath folder or Hadoop URI of the raw CSV files
 * @param seedsPath folder or Hadoop URI of the seed CSV files
 * @param warehouse where published tables live
 * @param incremental how incremental models pick their rows
 * @param quality quarantine ceiling, metrics repository, row-count anomaly
 * @param s3 the s3a connector's endpoint, region, path style and timeouts
 * @param spark the Spark session Reelhouse starts or joins
 * @param targetPath folder for run artefacts (run_results.json, ...)
 * @param freshness per source name: when its newest event is too old
 * @param lockLease how long the warehouse's lock stays taken after its run stopped renewing it
 */
public record Settings(
    Env env,
    String sourcePath,
    String seedsPath,
    Warehouse warehouse,
    Incremental incremental,
    Quality quality,
    S3 s3,
    Spark spark,
    String targetPath,
    Map<String, Freshness> freshness,
    Duration lockLease) {

  /**
   * @param warnAfter age of the newest event that warns; null for none
   * @param errorAfter age that fails; null for none
   */
  public record Freshness(Duration warnAfter, Duration errorAfter) {}

  /**
   * @param name environment name, the prefix of dev schemas
   * @param prod production writes schemas without a prefix
   */
  public record Env(String name, boolean prod) {}

  /**
   * @param type warehouse implementation, {@code delta} or {@code snowflake}
   * @param path root of the Delta warehouse; with a catalog, only Reelhouse's own files (run state,
   *     lock, metrics)
   * @param catalog catalog of Delta tables addressed as {@code catalog.schema.table} (managed,
   *     Delta's public API only); empty for tables by path under {@code path}
   * @param snowflake the Snowflake account, when type is snowflake
   */
  public record Warehouse(String type, String path, String catalog, Snowflake snowflake) {
    /** Whether tables live in a catalog rather than by path. */
    public boolean inCatalog() {
      return !catalog.isEmpty();
    }
  }

  /**
   * Where and as whom to connect to Snowflake. Holds no secret: only where to find one.
   *
   * @param url account host[:port]
   * @param user login name
   * @param role session role; empty for the user's default
   * @param warehouse compute warehouse
   * @param database database of the published schemas
   * @param auth how to authenticate
   * @param loginTimeout how long the driver retries a login
   * @param socketTimeout how long one network read may wait
   */
  public record Snowflake(
      String url,
      String user,
      String role,
      String warehouse,
      String database,
      SnowflakeAuth auth,
      Duration loginTimeout,
      Duration socketTimeout) {}

  /**
   * @param method key-pair, oauth or password
   * @param privateKeyFile PEM file of the private key; empty to use privateKeyEnv
   * @param privateKeyEnv environment variable holding the PEM
   * @param passphraseEnv environment variable holding an encrypted key's passphrase
   * @param tokenFile file holding the OAuth token; empty to use tokenEnv
   * @param tokenEnv environment variable holding the OAuth token
   * @param passwordEnv environment variable holding the password
   */
  public record SnowflakeAuth(
      String method,
      String privateKeyFile,
      String privateKeyEnv,
      String passphraseEnv,
      String tokenFile,
      String tokenEnv,
      String passwordEnv) {}

  /**
   * @param lookBack how far before the target's maximum watermark incremental runs re-read
   */
  public record Incremental(Duration lookBack) {}

  /**
   * @param endpoint S3-compatible endpoint URL; empty for AWS
   * @param region bucket region; empty for s3a's default
   * @param pathStyleAccess use path-style URLs
   * @param connectionTimeout time to establish a connection
   * @param requestTimeout time a request may take
   * @param attempts tries per request before giving up
   * @param explicit which of these keys ({@code s3.endpoint}, ...) the user set; on a platform's
   *     session only those are applied, the rest stay as the cluster set them
   */
  public record S3(
      String endpoint,
      String region,
      boolean pathStyleAccess,
      Duration connectionTimeout,
      Duration requestTimeout,
      int attempts,
      java.util.Set<String> explicit) {
    /** Settings of which none was set by the user (all defaults). */
    public S3(
        String endpoint,
        String region,
        boolean pathStyleAccess,
        Duration connectionTimeout,
        Duration requestTimeout,
        int attempts) {
      this(
          endpoint,
          region,
          pathStyleAccess,
          connectionTimeout,
          requestTimeout,
          attempts,
          java.util.Set.of());
    }

    public boolean isSet(String key) {
      return explicit.contains(key);
    }
  }

  /**
   * @param audit audit rules before publishing (off only to measure its cost)
   * @param quarantineCeiling largest fraction of a model's rows that may be quarantined
   * @param metricsPath Deequ metrics repository file
   * @param anomalyEnabled compare row counts with the previous run
   * @param anomalyMinRatio lowest accepted ratio of rows to the previous run's
   * @param anomalyMaxRatio highest accepted ratio
   * @param anomalyError a breach fails the model (true) or warns (false)
   */
  public record Quality(
      boolean audit,
      double quarantineCeiling,
      String metricsPath,
      boolean anomalyEnabled,
      double anomalyMinRatio,
      double anomalyMaxRatio,
      boolean anomalyError) {
    /** The same settings with the metrics written to {@code path}. */
    public Quality withMetricsPath(String path) {
      return new Quality(
          audit,
          quarantineCeiling,
          path,
          anomalyEnabled,
          anomalyMinRatio,
          anomalyMaxRatio,
          anomalyError);
    }
  }

  /**
   * @param localMaster master of a session started here ("local[*]"); empty joins the cluster's
   * @param appName Spark application name
   * @param shufflePartitions spark.sql.shuffle.partitions
   * @param conf any other Spark settings, passed through
   * @param shufflePartitionsSet the user set shuffle-partitions: on a platform's session it is
   *     applied only then, else the cluster's value stays
   */
  public record Spark(
      String localMaster,
      String appName,
      int shufflePartitions,
      Map<String, String> conf,
      boolean shufflePartitionsSet) {
    public Spark(
        String localMaster, String appName, int shufflePartitions, Map<String, String> conf) {
      this(localMaster, appName, shufflePartitions, conf, false);
    }

    public boolean startsLocalSession() {
      return !localMaster.isBlank();
    }
  }
}
