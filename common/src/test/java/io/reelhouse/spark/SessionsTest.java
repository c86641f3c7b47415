package io.reelhouse.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a command of reelhouse shell may not change on the Spark session the shell keeps. */
class SessionsTest {
  private static Settings.Spark spark(String master, Map<String, String> conf) {
    return new Settings.Spark(master, "reelhouse", 4, conf);
  }

  @Test
  void sameSessionSettingsDifferInNothing() {
    var a = spark("local[*]", Map.of("spark.sql.adaptive.enabled", "true"));
    assertThat(
            Sessions.differences(
                a, "/w", spark("local[*]", Map.of("spark.sql.adaptive.enabled", "true")), "/w"))
        .isEmpty();
  }

  @Test
  void namesEachSettingThatDiffersButNeverItsValue() {
    var started =
        spark(
            "local[*]",
            Map.of(
                "spark.hadoop.fs.s3a.secret.key",
                "s3cr3t-one",
                "spark.sql.adaptive.enabled",
                "true"));
    var asked =
        spark(
            "local[2]",
            Map.of(
                "spark.hadoop.fs.s3a.secret.key",
                "s3cr3t-two",
                "spark.driver.maxResultSize",
                "1g"));
    var differ = Sessions.differences(started, "/w", asked, "/other");
    assertThat(differ)
        .containsExactly(
            "spark.local-master",
            "warehouse.path",
            "spark.conf.spark.driver.maxResultSize",
            "spark.conf.spark.hadoop.fs.s3a.secret.key",
            "spark.conf.spark.sql.adaptive.enabled");
    assertThat(String.join(" ", differ)).doesNotContain("s3cr3t");
  }
}
