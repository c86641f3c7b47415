package io.reelhouse.movielens.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.config.Settings;
import io.reelhouse.config.SettingsLoader;
import io.reelhouse.spark.Sessions;
import io.reelhouse.testing.TestSpark;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A session built from conf/emr.conf joins the cluster's (as spark-submit on EMR makes it; the
 * test's local session stands in for it, taken for a platform's) and leaves the cluster's shuffle
 * partitions, adaptive execution and s3a retries and timeouts as they were; only what the user sets
 * in Reelhouse's conf replaces them.
 */
class PlatformSettingsTest {
  /** What the "cluster" set: values none of Reelhouse's defaults has. */
  private static final Map<String, String> CLUSTER_SQL =
      Map.of("spark.sql.shuffle.partitions", "77", "spark.sql.adaptive.enabled", "false");

  private static final Map<String, String> CLUSTER_HADOOP =
      Map.of(
          "fs.s3a.attempts.maximum", "9",
          "fs.s3a.retry.limit", "5",
          "fs.s3a.connection.timeout", "123456",
          "fs.s3a.connection.establish.timeout", "4321",
          "fs.s3a.path.style.access", "true");

  private final SparkSession cluster = TestSpark.session();
  private final Map<String, String> before = new HashMap<>();

  @BeforeEach
  void clusterDefaults() {
    Configuration hadoop = cluster.sparkContext().hadoopConfiguration();
    CLUSTER_SQL.forEach(
        (k, v) -> {
          before.put("sql:" + k, cluster.conf().get(k, null));
          cluster.conf().set(k, v);
        });
    CLUSTER_HADOOP.forEach(
        (k, v) -> {
          before.put("hadoop:" + k, hadoop.get(k));
          hadoop.set(k, v);
        });
  }

  @AfterEach
  void restore() {
    Configuration hadoop = cluster.sparkContext().hadoopConfiguration();
    before.forEach(
        (k, v) -> {
          String key = k.substring(k.indexOf(':') + 1);
          if (k.startsWith("sql:")) {
            if (v == null) {
              cluster.conf().unset(key);
            } else {
              cluster.conf().set(key, v);
            }
          } else if (v == null) {
            hadoop.unset(key);
          } else {
            hadoop.set(key, v);
          }
        });
  }

  private Map<String, String> seen(SparkSession s) {
    Map<String, String> seen = new LinkedHashMap<>();
    CLUSTER_SQL.keySet().forEach(k -> seen.put(k, s.conf().get(k)));
    Configuration hadoop = s.sparkContext().hadoopConfiguration();
    CLUSTER_HADOOP.keySet().forEach(k -> seen.put(k, hadoop.get(k)));
    return seen;
  }

  @Test
  void theClustersSettingsSurviveASessionFromEmrConf() {
    Settings emr = SettingsLoader.load(Path.of("..", "conf"), "emr", Map.of());
    assertThat(emr.spark().startsLocalSession())
        .as("emr.conf joins the cluster's session")
        .isFalse();
    SparkSession s = Sessions.startAs(emr, true);
    Map<String, String> expected = new LinkedHashMap<>(CLUSTER_SQL);
    expected.putAll(CLUSTER_HADOOP);
    assertThat(seen(s)).isEqualTo(expected);
    // What Reelhouse's results depend on is set all the same.
    assertThat(s.conf().get("spark.sql.session.timeZone")).isEqualTo("UTC");
  }

  @Test
  void whatTheUserSetsInReelhousesConfIsApplied() {
    Settings emr =
        SettingsLoader.load(
            Path.of("..", "conf"),
            "emr",
            Map.of(
                "spark.shuffle-partitions", "12", "s3.attempts", "3", "s3.request-timeout", "7s"));
    SparkSession s = Sessions.startAs(emr, true);
    Map<String, String> seen = seen(s);
    assertThat(seen)
        .containsEntry("spark.sql.shuffle.partitions", "12")
        .containsEntry("fs.s3a.retry.limit", "2")
        .containsEntry("fs.s3a.attempts.maximum", "0")
        .containsEntry("fs.s3a.connection.timeout", "7000")
        // not set by the user: the cluster's
        .containsEntry("spark.sql.adaptive.enabled", "false")
        .containsEntry("fs.s3a.connection.establish.timeout", "4321")
        .containsEntry("fs.s3a.path.style.access", "true");
  }
}
