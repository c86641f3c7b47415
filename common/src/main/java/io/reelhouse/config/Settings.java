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
 * @param spark the Spark session Reelhouse starts or joins
 * @param targetPath folder for run artefacts (run_results.json, ...)
 */
public record Settings(
    Env env,
    String sourcePath,
    String seedsPath,
    Warehouse warehouse,
    Incremental incremental,
    Spark spark,
    String targetPath) {

  /**
   * @param name environment name, the prefix of dev schemas
   * @param prod production writes schemas without a prefix
   */
  public record Env(String name, boolean prod) {}

  /**
   * @param type warehouse implementation, {@code delta}
   * @param path root of the Delta warehouse
   */
  public record Warehouse(String type, String path) {}

  /**
   * @param lookBack how far before the target's maximum watermark incremental runs re-read
   */
  public record Incremental(Duration lookBack) {}

  /**
   * @param localMaster master of a session started here ("local[*]"); empty joins the cluster's
   * @param appName Spark application name
   * @param shufflePartitions spark.sql.shuffle.partitions
   * @param conf any other Spark settings, passed through
   */
  public record Spark(
      String localMaster, String appName, int shufflePartitions, Map<String, String> conf) {
    public boolean startsLocalSession() {
      return !localMaster.isBlank();
    }
  }
}
