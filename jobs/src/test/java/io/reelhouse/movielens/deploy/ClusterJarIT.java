package io.reelhouse.movielens.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelhouse.movielens.cli.ReelhouseProcess;
import io.reelhouse.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged cluster jars, run the way spark-submit runs them (after mvn package). */
class ClusterJarIT {
  private static final Path CLUSTER_JAR = Path.of(System.getProperty("cluster.jar"));
  private static final Path DATABRICKS_JAR = Path.of(System.getProperty("databricks.jar"));

  /** Groups the shade leaves out because every Spark installation ships them (see jobs/pom.xml). */
  private static final List<String> PLATFORM_GROUPS =
      List.of(
          "/org/scala-lang/",
          "/org/scalanlp/",
          "/org/typelevel/",
          "/dev/ludovic/netlib/",
          "/net/sourceforge/f2j/",
          "/org/apache/commons/commons-math3/",
          "/com/github/wendykierp/",
          "/pl/edu/icm/",
          "/net/sf/opencsv/",
          "/org/slf4j/");

  @TempDir Path dir;

  private static Set<String> entries(Path jar) throws IOException {
    Set<String> names = new HashSet<>();
    try (ZipFile z = new ZipFile(jar.toFile())) {
      z.stream().map(ZipEntry::getName).forEach(names::add);
    }
    return names;
  }

  @Test
  void theJarsBundleDeequAndTheConnectorButNoSparkHadoopScalaOrDelta() throws IOException {
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
            "com/samskivert/mustache/Mustache.class",
            "io/reelhouse/docs/index.mustache",
            "reference.conf")
        .doesNotContain(
            "org/apache/spark/SparkContext.class",
            "org/apache/spark/sql/SparkSession.class",
            "org/apache/spark/sql/Dataset.class");
    assertThat(cluster)
        .noneMatch(n -> n.startsWith("org/apache/hadoop/"))
        .noneMatch(n -> n.startsWith("scala/"))
        .noneMatch(n -> n.startsWith("io/delta/"))
        .noneMatch(n -> n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA"));

    Set<String> databricks = entries(DATABRICKS_JAR);
    assertThat(databricks)
        .contains(
            "com/amazon/deequ/VerificationSuite.class", "io/reelhouse/movielens/cli/Main.class");
    assertThat(databricks)
        .noneMatch(n -> n.startsWith("net/snowflake/"))
        .noneMatch(n -> n.startsWith("io/delta/"));
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

  /** Runs the main class from the cluster jar with only what a Spark platform provides besides. */
  private Process submit(String... args) throws IOException {
    String provided = Files.readString(Path.of(System.getProperty("provided.classpath"))).strip();
    // Spark's jars folder also holds Scala, SLF4J and MLlib's math libraries, which the shade
    // leaves out for that reason: take them from the build's classpath.
    List<String> platform = new ArrayList<>(List.of(provided));
    for (String jar :
        Files.readString(Path.of(System.getProperty("compile.classpath")))
            .strip()
            .split(java.io.File.pathSeparator)) {
      if (PLATFORM_GROUPS.stream().anyMatch(jar::contains)) {
        platform.add(jar);
      }
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(System.getProperty("jvm.flags").trim().split("\\s+")));
    cmd.add("-Xmx2g");
    cmd.add(ReelhouseProcess.SHORT_RUN_JIT);
    cmd.add("-cp");
    cmd.add(
        CLUSTER_JAR
            + java.io.File.pathSeparator
            + String.join(java.io.File.pathSeparator, platform));
    // What spark-submit --master local[2] --conf ... sets for the driver.
    cmd.add("-Dspark.master=local[2]");
    cmd.add("-Dspark.app.name=reelhouse-it");
    cmd.add("-Dspark.ui.enabled=false");
    cmd.add("-Dspark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension");
    cmd.add("-Dspark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog");
    cmd.add("io.reelhouse.movielens.cli.Main");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.redirectOutput(dir.resolve("submit-" + args[0] + ".log").toFile());
    return pb.start();
  }

  private String finish(Process p, String what) throws Exception {
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).as(what + " finished").isTrue();
    return Files.readString(dir.resolve("submit-" + what + ".log"), StandardCharsets.UTF_8);
  }

  @Test
  void buildRunsFromTheClusterJarAsSparkSubmitWouldRunIt() throws Exception {
    Path data = dir.resolve("data");
    Process gen = submit("generate", "--scale", "0.005", "--out", data.toString());
    String genLog = finish(gen, "generate");
    assertThat(gen.exitValue()).as(genLog).isZero();

    Path conf = dir.resolve("cluster.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "env { name = \"prod\", prod = true }",
            "source.path = \"" + data + "\"",
            "seeds.path = \"" + Path.of("..", "seeds").toAbsolutePath() + "\"",
            "warehouse.path = \"" + dir.resolve("warehouse") + "\"",
            "target.path = \"" + dir.resolve("target") + "\"",
            "spark.local-master = \"\"",
            "spark.shuffle-partitions = 4"));
    Process build = submit("build", "--conf", conf.toString());
    String log = finish(build, "build");
    assertThat(build.exitValue()).as(log).isZero();
    assertThat(log).contains("PASS=15 ERROR=0 SKIP=0 TOTAL=15");

    JsonNode results = new ObjectMapper().readTree(dir.resolve("target/run_results.json").toFile());
    long fct = -1;
    for (JsonNode r : results.get("results")) {
      if (r.get("name").asText().equals("fct_ratings")) {
        fct = r.get("rows_in_table").asLong();
        assertThat(r.get("relation").asText()).as("production schema").isEqualTo("fct.fct_ratings");
      }
    }
    // 25,000,095 x 0.005 = 125,000.475
    assertThat(fct).isEqualTo(125_000);
    long published =
        TestSpark.session()
            .read()
            .format("delta")
            .load(dir.resolve("warehouse/fct/fct_ratings").toString())
            .count();
    assertThat(published).isEqualTo(125_000);
  }
}
