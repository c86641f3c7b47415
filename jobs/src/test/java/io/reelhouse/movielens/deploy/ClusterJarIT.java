package io.reelhouse.movielens.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * What the packaged cluster jars hold (after mvn package). EmrStepsIT runs the cluster jar on a
 * Spark cluster as the EMR steps submit it.
 */
class ClusterJarIT {
  private static final Path CLUSTER_JAR = Path.of(System.getProperty("cluster.jar"));
  private static final Path DATABRICKS_JAR = Path.of(System.getProperty("databricks.jar"));

  private static Set<String> entries(Path jar) throws IOException {
    Set<String> names = new HashSet<>();
    try (ZipFile z = new ZipFile(jar.toFile())) {
      z.stream().map(ZipEntry::getName).forEach(names::add);
    }
    return names;
  }

  @Test
  void theJarsBundleDeequAndTheConnectorButNoSparkHadoopScalaOrDelta() throws IOException {
    // Delta Kernel (a table's log read in the driver, io.delta.kernel) is bundled; Delta's Spark
    // connector and storage (io.delta.sql, io.delta.tables, io.delta.storage) are the platform's.
    Set<String> cluster = entries(CLUSTER_JAR);
    assertThat(cluster)
        .contains(
            "io/reelhouse/movielens/cli/Main.class",
            "io/reelhouse/quality/Auditor.class",
            "com/amazon/deequ/VerificationSuite.class",
            "net/snowflake/spark/snowflake/DefaultSource.class",
            "net/snowflake/client/jdbc/SnowflakeDriver.class",
            "com/typesafe/config/ConfigFactory.class",
            "picocli/CommandLine.class",
            "io/reelhouse/shaded/snakeyaml/Yaml.class",
            "com/samskivert/mustache/Mustache.class",
            "io/delta/kernel/defaults/engine/DefaultEngine.class",
            "io/reelhouse/docs/index.mustache",
            "reference.conf")
        .doesNotContain(
            "org/apache/spark/SparkContext.class",
            "org/apache/spark/sql/SparkSession.class",
            "org/apache/spark/sql/Dataset.class");
    assertThat(cluster)
        .noneMatch(n -> n.startsWith("org/apache/hadoop/"))
        .noneMatch(n -> n.startsWith("scala/"))
        .noneMatch(ClusterJarIT::deltaOfThePlatform)
        .noneMatch(n -> n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA"));

    Set<String> databricks = entries(DATABRICKS_JAR);
    assertThat(databricks)
        .contains(
            "com/amazon/deequ/VerificationSuite.class", "io/reelhouse/movielens/cli/Main.class");
    assertThat(databricks)
        .noneMatch(n -> n.startsWith("net/snowflake/"))
        .noneMatch(ClusterJarIT::deltaOfThePlatform);
  }

  private static boolean deltaOfThePlatform(String entry) {
    return entry.startsWith("io/delta/")
        && !entry.equals("io/delta/")
        && !entry.startsWith("io/delta/kernel/");
  }

  @Test
  void theJarsHoldNoBenchmarkHarness() throws IOException {
    for (Path jar : List.of(CLUSTER_JAR, DATABRICKS_JAR)) {
      Set<String> names = entries(jar);
      assertThat(names)
          .as("%s holds the product's command line", jar.getFileName())
          .contains("io/reelhouse/movielens/cli/Main.class");
      assertThat(names)
          .as("%s: the bench module (bin/reelhouse bench) stays out of the product", jar)
          .noneMatch(n -> n.startsWith("io/reelhouse/bench/"))
          .noneMatch(n -> n.matches("io/reelhouse/.*(Bench|RunMetrics)[^/]*\\.class"));
    }
  }
}
