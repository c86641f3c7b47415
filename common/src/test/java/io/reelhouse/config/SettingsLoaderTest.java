package io.reelhouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {
  @TempDir Path dir;

  private Path conf(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name + ".conf"), text);
    return dir;
  }

  @Test
  void envFileOverridesReferenceAndCommandLineOverridesBoth() throws IOException {
    conf("laptop", "env.name = laptop\nsource.path = /data/a\nspark.shuffle-partitions = 4\n");
    Settings s = SettingsLoader.load(dir, "laptop", Map.of("source.path", "/data/b"));
    assertThat(s.env().name()).as("from the env file").isEqualTo("laptop");
    assertThat(s.sourcePath()).as("command line beats the env file").isEqualTo("/data/b");
    assertThat(s.spark().shufflePartitions()).isEqualTo(4);
    assertThat(s.incremental().lookBack())
        .as("reference.conf default")
        .isEqualTo(Duration.ofDays(3));
    assertThat(s.warehouse().type()).isEqualTo("delta");
  }

  @Test
  void homeAnchorsRelativePaths() throws IOException {
    conf("local", "home = /srv/reelhouse\n");
    Settings s = SettingsLoader.load(dir, "local", Map.of());
    assertThat(s.warehouse().path()).isEqualTo("/srv/reelhouse/warehouse");
    assertThat(s.sourcePath()).isEqualTo("/srv/reelhouse/data/sample");
  }

  @Test
  void sparkConfPassesQuotedKeysThrough() throws IOException {
    conf("local", "spark.conf { \"spark.driver.memory\" = \"2g\" }\n");
    Settings s =
        SettingsLoader.load(dir, "local", Map.of("spark.conf.\"spark.executor.cores\"", "2"));
    assertThat(s.spark().conf())
        .containsEntry("spark.driver.memory", "2g")
        .containsEntry("spark.executor.cores", "2");
  }

  @Test
  void wrongTypeNamesKeyFileLineAndExpectedType() throws IOException {
    conf("local", "env.name = x\n\nspark.shuffle-partitions = lots\n");
    assertThatThrownBy(() -> SettingsLoader.load(dir, "local", Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("'spark.shuffle-partitions'")
        .hasMessageContaining(dir.resolve("local.conf").toString() + " line 3")
        .hasMessageContaining("expected a whole number")
        .hasMessageContaining("lots");
  }

  @Test
  void unknownKeyIsRejectedWithTheNearestKnownOne() throws IOException {
    conf("local", "warehouse.pth = /tmp/w\n");
    assertThatThrownBy(() -> SettingsLoader.load(dir, "local", Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "unknown setting 'warehouse.pth' in "
                + dir.resolve("local.conf")
                + " line 1; did you mean 'warehouse.path'?");
  }

  @Test
  void unknownOverrideOnTheCommandLineIsRejected() throws IOException {
    conf("local", "");
    assertThatThrownBy(() -> SettingsLoader.load(dir, "local", Map.of("sorce.path", "/x")))
        .hasMessageStartingWith("unknown setting 'sorce.path' in command-line -D")
        .hasMessageEndingWith("did you mean 'source.path'?");
  }

  @Test
  void missingEnvironmentFileListsTheAvailableOnes() throws IOException {
    conf("local", "");
    conf("emr", "");
    assertThatThrownBy(() -> SettingsLoader.load(dir, "prod", Map.of()))
        .hasMessage(
            "no configuration for environment 'prod': "
                + dir.resolve("prod.conf")
                + " not found (available: emr, local)");
  }

  @Test
  void badValuesAreRejectedWithWhatWasExpected() throws IOException {
    conf("local", "warehouse.type = oracle\n");
    assertThatThrownBy(() -> SettingsLoader.load(dir, "local", Map.of()))
        .hasMessageContaining("'warehouse.type'")
        .hasMessageContaining("expected one of: delta")
        .hasMessageContaining("oracle");
    conf("local", "incremental.look-back = soon\n");
    assertThatThrownBy(() -> SettingsLoader.load(dir, "local", Map.of()))
        .hasMessageContaining("'incremental.look-back'")
        .hasMessageContaining("expected a duration");
    // sources.json says a threshold in dbt's periods: minute, hour or day.
    conf("local", "freshness.ratings.warn-after = 90 seconds\n");
    assertThatThrownBy(() -> SettingsLoader.load(dir, "local", Map.of()))
        .hasMessageContaining("'freshness.ratings.warn-after'")
        .hasMessageContaining("expected a positive number of whole minutes")
        .hasMessageContaining("90 seconds");
    conf("local", "freshness.ratings.error-after = 90 minutes\n");
    assertThat(SettingsLoader.load(dir, "local", Map.of()).freshness().get("ratings").errorAfter())
        .isEqualTo(java.time.Duration.ofMinutes(90));
  }

  @Test
  void aCatalogIsANameAndOnlyForDelta() throws IOException {
    conf("local", "warehouse.catalog = main\n");
    Settings s = SettingsLoader.load(dir, "local", Map.of());
    assertThat(s.warehouse().catalog()).isEqualTo("main");
    assertThat(s.warehouse().inCatalog()).isTrue();
    assertThat(
            SettingsLoader.load(dir, "local", Map.of("warehouse.catalog", ""))
                .warehouse()
                .inCatalog())
        .as("empty: tables by path")
        .isFalse();
    assertThatThrownBy(
            () -> SettingsLoader.load(dir, "local", Map.of("warehouse.catalog", "main.dim")))
        .hasMessageContaining("setting 'warehouse.catalog'")
        .hasMessageContaining("expected a catalog name of letters, digits and _, or empty");
    conf(
        "local",
        "warehouse { type = snowflake, catalog = main, snowflake { url = a, user = u, database = d } }\n");
    assertThatThrownBy(() -> SettingsLoader.load(dir, "local", Map.of()))
        .hasMessageContaining("setting 'warehouse.catalog'")
        .hasMessageContaining("expected empty with warehouse.type snowflake");
  }

  @Test
  void knownJvmSystemPropertiesOverrideTheEnvFileButOthersAreIgnored() throws IOException {
    conf("local", "target.path = /from/file\n");
    System.setProperty("target.path", "/from/jvm");
    System.setProperty("spark.app.name", "set-by-spark-submit");
    try {
      Settings s = SettingsLoader.load(dir, "local", Map.of());
      assertThat(s.targetPath()).isEqualTo("/from/jvm");
      assertThat(s.spark().appName())
          .as("Spark's own properties are not ours")
          .isEqualTo("reelhouse");
    } finally {
      System.clearProperty("target.path");
      System.clearProperty("spark.app.name");
    }
  }
}
