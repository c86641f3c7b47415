package io.reelhouse.movielens.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.reelhouse.movielens.cli.Cli;
import io.reelhouse.movielens.s3.S3Server;
import io.reelhouse.testing.TestSpark;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped EMR definitions, run as EMR runs them, on a real multi-JVM Spark cluster ({@link
 * SparkCluster}) with S3Proxy as S3. Every step's {@code Args} are taken as written; only what an
 * EMR cluster provides is supplied by the harness (the master URL, {@code s3://} through s3a, the
 * bucket's endpoint, the nodes' credentials). The jar, conf files, seeds and a generated MovieLens
 * sample are uploaded where the steps and {@code conf/emr.conf} say.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmrStepsIT {
  private static final Path ROOT = Path.of("..");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLUSTER_JAR = System.getProperty("cluster.jar");

  @TempDir static Path dir;
  static S3Server s3;
  static SparkCluster cluster;
  static Configuration hadoop;
  static Path sample;

  /** How EMRFS and the instance profile reach S3, said the s3a way for S3Proxy. */
  private static Map<String, String> emrDefaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("spark.hadoop.fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
    d.put("spark.hadoop.fs.s3a.endpoint", s3.endpoint());
    d.put("spark.hadoop.fs.s3a.path.style.access", "true");
    d.put("spark.hadoop.fs.s3a.connection.ssl.enabled", "false");
    // YARN's cluster mode waits for the application; the standalone client must be told to.
    d.put("spark.standalone.submit.waitAppCompletion", "true");
    d.put("spark.driver.extraJavaOptions", SparkCluster.moduleOptions());
    d.put("spark.driver.memory", "1g");
    d.put("spark.executor.memory", "1g");
    d.put("spark.executor.cores", "1");
    d.put("spark.cores.max", "2");
    return d;
  }

  private static Map<String, String> instanceProfile() {
    return Map.of(
        "AWS_ACCESS_KEY_ID", S3Server.IDENTITY, "AWS_SECRET_ACCESS_KEY", S3Server.CREDENTIAL);
  }

  @BeforeAll
  static void start() throws Exception {
    TestSpark.session(); // the local reference build joins it
    s3 = S3Server.start(dir.resolve("s3"), "my-bucket");
    hadoop = new Configuration();
    hadoop.set("fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
    hadoop.set("fs.s3a.endpoint", s3.endpoint());
    hadoop.set("fs.s3a.path.style.access", "true");
    hadoop.set("fs.s3a.connection.ssl.enabled", "false");
    hadoop.set("fs.s3a.access.key", S3Server.IDENTITY);
    hadoop.set("fs.s3a.secret.key", S3Server.CREDENTIAL);
    sample = dir.resolve("sample");
    Cli.Result gen = Cli.run(dir, "generate", "--scale", "0.005", "--out", sample.toString());
    assertThat(gen.code()).as(gen.err()).isZero();
    var emr = ConfigFactory.parseFile(ROOT.resolve("conf/emr.conf").toFile());
    uploadFolder(sample, emr.getString("source.path"));
    uploadFolder(ROOT.resolve("seeds"), emr.getString("seeds.path"));
    cluster = SparkCluster.start(dir.resolve("cluster"), emrDefaults(), instanceProfile());
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  private static void upload(Path local, String uri) throws IOException {
    var path = new org.apache.hadoop.fs.Path(uri);
    path.getFileSystem(hadoop)
        .copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), path);
  }

  private static void uploadFolder(Path local, String uri) throws IOException {
    try (var files = Files.list(local)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        upload(f, uri.replaceAll("/?$", "/") + f.getFileName());
      }
    }
  }

  /** Uploads what a step names: the cluster jar at its jar URI, conf/NAME at a --conf URI. */
  private static void uploadWhatTheStepNames(List<String> args) throws IOException {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.startsWith("s3://") && a.endsWith(".jar")) {
        upload(Path.of(CLUSTER_JAR), a);
      } else if (a.equals("--conf") && args.get(i + 1).startsWith("s3://")) {
        String uri = args.get(i + 1);
        upload(ROOT.resolve("conf").resolve(uri.substring(uri.lastIndexOf('/') + 1)), uri);
      }
    }
  }

  /** Each step's arguments after the word spark-submit, with the step's own checks. */
  private static List<List<String>> stepsOf(String file) throws IOException {
    List<List<String>> steps = new ArrayList<>();
    for (JsonNode step : JSON.readTree(ROOT.resolve("deploy/emr").resolve(file).toFile())) {
      assertThat(step.get("Type").asText()).as(file).isEqualTo("CUSTOM_JAR");
      assertThat(step.get("Jar").asText()).as(file).isEqualTo("command-runner.jar");
      assertThat(step.get("ActionOnFailure").asText())
          .as(file)
          .isIn("CONTINUE", "CANCEL_AND_WAIT", "TERMINATE_CLUSTER", "TERMINATE_JOB_FLOW");
      List<String> args = new ArrayList<>();
      step.get("Args").forEach(a -> args.add(a.asText()));
      assertThat(args.get(0)).as(file + " runs spark-submit").isEqualTo("spark-submit");
      steps.add(args.subList(1, args.size()));
    }
    return steps;
  }

  private static FileSystem bucket() throws IOException {
    return new org.apache.hadoop.fs.Path("s3://my-bucket/").getFileSystem(hadoop);
  }

  @Test
  @Order(1)
  void theShippedStepsBuildEveryModelOnTheClusterAsALocalBuildDoes() throws Exception {
    StringBuilder out = new StringBuilder();
    for (List<String> args : stepsOf("steps.json")) {
      uploadWhatTheStepNames(args);
      SparkCluster.Submission s = cluster.submit(args, Map.of());
      assertThat(s.finished()).as(s.describe()).isTrue();
      assertThat(s.appId()).as(s.describe()).isNotNull();
      assertThat(cluster.executorJvms(s.appId()))
          .as("executor JVMs besides the driver's, for " + s.appId())
          .isGreaterThanOrEqualTo(2);
      out.append(s.driverOut());
    }
    assertThat(out).contains("PASS=15 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=15");
    assertThat(out).contains("Run results: s3://my-bucket/reelhouse/target/run_results.json");

    // The artefacts are in the bucket and none is on the driver's (a Worker's) disk.
    FileSystem fs = bucket();
    for (String f :
        List.of(
            "s3://my-bucket/reelhouse/target/run_results.json",
            "s3://my-bucket/reelhouse/warehouse/_quality/metrics.json")) {
      assertThat(fs.exists(new org.apache.hadoop.fs.Path(f))).as(f).isTrue();
    }
    for (String folder : List.of("runs", "quality")) {
      var listed =
          fs.listStatus(new org.apache.hadoop.fs.Path("s3://my-bucket/reelhouse/target/" + folder));
      assertThat(listed).as(folder + "/ in the bucket").isNotEmpty();
    }
    JsonNode results =
        JSON.readTree(
            fs.open(
                new org.apache.hadoop.fs.Path("s3://my-bucket/reelhouse/target/run_results.json")));
    Map<String, com.fasterxml.jackson.databind.node.ObjectNode> byModel =
        io.reelhouse.run.RunResultsListener.byModel(results);
    assertThat(byModel).hasSize(15);
    byModel
        .values()
        .forEach(r -> assertThat(r.get("status").asText()).as(r.toString()).isEqualTo("success"));
    assertThat(cluster.workerFiles())
        .as("files on the Workers' disks")
        .noneMatch(p -> p.getFileName().toString().endsWith(".json"));

    // A local build of the same files publishes the same tables.
    Path local = dir.resolve("local");
    Cli.Result build =
        Cli.run(
            local,
            "build",
            "--conf",
            ROOT.resolve("conf/emr.conf").toString(),
            "-Dsource.path=" + sample,
            "-Dseeds.path=" + ROOT.resolve("seeds").toAbsolutePath(),
            "-Dwarehouse.path=" + local.resolve("warehouse"),
            "-Dtarget.path=" + local.resolve("target"));
    assertThat(build.code()).as(build.out() + build.err()).isZero();
    SparkSession spark = TestSpark.session();
    hadoop.forEach(e -> spark.sparkContext().hadoopConfiguration().set(e.getKey(), e.getValue()));
    Map<String, String> onCluster = new TreeMap<>();
    Map<String, String> onLaptop = new TreeMap<>();
    for (JsonNode r : byModel.values()) {
      if (r.get("relation").isNull()) {
        continue; // a view: nothing published
      }
      String relation = r.get("relation").asText().replace('.', '/');
      String model = r.get("name").asText();
      onCluster.put(
          model, fingerprint(spark, "s3a://my-bucket/reelhouse/warehouse/" + relation, model));
      onLaptop.put(
          model,
          fingerprint(spark, local.resolve("warehouse").resolve(relation).toString(), model));
    }
    assertThat(onCluster).as("rows and checksum per table").isEqualTo(onLaptop);
    assertThat(onCluster.get("fct_ratings")).startsWith("125000 rows");
  }

  /**
   * Row count and an order-independent checksum of a table's rows; snap_movies' versions start at
   * each run's time (check strategy), so its time columns are left out.
   */
  private static String fingerprint(SparkSession spark, String path, String model) {
    Dataset<Row> t = spark.read().format("delta").load(path);
    List<String> cols = new ArrayList<>();
    for (String c : t.columns()) {
      if (!(model.equals("snap_movies")
          && List.of("dbt_scd_id", "dbt_updated_at", "dbt_valid_from").contains(c))) {
        cols.add("`" + c + "`");
      }
    }
    Row r =
        t.selectExpr(
                "count(*)",
                "coalesce(sum(cast(xxhash64("
                    + String.join(", ", cols)
                    + ") as decimal(38,0))), 0)")
            .first();
    return r.getLong(0) + " rows, checksum " + r.get(1);
  }

  @Test
  @Order(2)
  void theServerlessJobDriverRunsOnTheSameTablesAndFindsThemUpToDate() throws Exception {
    JsonNode job = JSON.readTree(ROOT.resolve("deploy/emr/serverless-job-driver.json").toFile());
    JsonNode submit = job.get("sparkSubmit");
    // EMR Serverless runs the driver in a container of its own, with Delta's jars in its image.
    Path deltaLib = Files.createDirectories(dir.resolve("usr-share-aws-delta-lib"));
    for (String jar : List.of("delta-spark", "delta-storage")) {
      try (var jars = Files.list(dir.resolve("cluster/spark-home/jars"))) {
        Path found =
            jars.filter(
                    p ->
                        p.getFileName().toString().startsWith(jar + "_")
                            || p.getFileName().toString().startsWith(jar + "-"))
                .findFirst()
                .orElseThrow();
        Files.createSymbolicLink(deltaLib.resolve(jar + ".jar"), found.toRealPath());
      }
    }
    List<String> args = new ArrayList<>(List.of("--deploy-mode", "cluster"));
    for (String p : submit.get("sparkSubmitParameters").asText().trim().split("\\s+")) {
      args.add(p.replace("/usr/share/aws/delta/lib/", deltaLib + "/"));
    }
    args.add(submit.get("entryPoint").asText());
    submit.get("entryPointArguments").forEach(a -> args.add(a.asText()));
    uploadWhatTheStepNames(args);
    SparkCluster.Submission s = cluster.submit(args, Map.of());
    assertThat(s.finished()).as(s.describe()).isTrue();
    assertThat(s.driverOut()).contains("PASS=0 WARN=0 ERROR=0 SKIP=0 NO-OP=15 TOTAL=15");
    assertThat(s.driverOut().lines().filter(l -> l.contains("up to date (inputs unchanged)")))
        .as(s.driverOut())
        .hasSize(15);
  }

  @Test
  @Order(3)
  void aStepWithoutDeltasSettingsFailsBeforeAnyModelNamingBoth() throws Exception {
    List<String> args = new ArrayList<>(stepsOf("steps.json").get(0));
    for (String setting : List.of("spark.sql.extensions=", "spark.sql.catalog.spark_catalog=")) {
      int i =
          args.indexOf(args.stream().filter(a -> a.startsWith(setting)).findFirst().orElseThrow());
      args.remove(i);
      args.remove(i - 1);
    }
    FileSystem fs = bucket();
    var log =
        new org.apache.hadoop.fs.Path(
            "s3://my-bucket/reelhouse/warehouse/fct/fct_ratings/_delta_log");
    int commits = fs.listStatus(log).length;
    SparkCluster.Submission s = cluster.submit(args, Map.of());
    assertThat(s.state()).as(s.describe()).isEqualTo("FAILED");
    assertThat(s.driverOut())
        .as(s.describe())
        .contains(
            "error: warehouse.type is delta, but this Spark session was started without Delta"
                + " Lake's spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension and"
                + " spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .doesNotContain(" OK ");
    assertThat(fs.listStatus(log)).as("fct_ratings' commits").hasSize(commits);
  }

  @Test
  @Order(4)
  void aClusterModeDriverGetsTheSnowflakeSettingsAndKeyAndFailsOnlyOnTheUnreachableHost()
      throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    String host = "127.0.0.1:" + closed;
    List<String> args = new ArrayList<>();
    Map<String, String> driverEnv = new LinkedHashMap<>();
    for (String a : stepsOf("steps-snowflake.json").get(0)) {
      if (a.startsWith("spark.yarn.appMasterEnv.SNOWFLAKE_URL=")) {
        a = "spark.yarn.appMasterEnv.SNOWFLAKE_URL=" + host;
      }
      // YARN sets spark.yarn.appMasterEnv.* in the driver's environment; the standalone client
      // hands its own environment to the driver, so the harness puts them there.
      if (a.startsWith("spark.yarn.appMasterEnv.")) {
        String kv = a.substring("spark.yarn.appMasterEnv.".length());
        driverEnv.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
      args.add(a);
    }
    // The key, as the docs say to keep it: an object in the bucket, read with the cluster's role.
    var keys = KeyPairGenerator.getInstance("RSA");
    keys.initialize(2048);
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    Path key = Files.writeString(dir.resolve("snowflake_key.p8"), pem);
    upload(key, driverEnv.get("SNOWFLAKE_PRIVATE_KEY_FILE"));
    uploadWhatTheStepNames(args);
    // debug instead of build: it connects once and reports, nothing is built.
    int command = args.indexOf("build");
    args.set(command, "debug");

    SparkCluster.Submission s = cluster.submit(args, driverEnv);
    assertThat(s.state()).as(s.describe()).isEqualTo("FAILED");
    assertThat(s.driverOut())
        .as(s.describe())
        .contains("warehouse.snowflake.url = " + host)
        .contains(
            "warehouse.snowflake.auth.private-key-file = s3://my-bucket/reelhouse/secrets/snowflake_key.p8")
        .contains("ERROR warehouse snowflake: Snowflake at " + host + ": ")
        .doesNotContain("is not set")
        .doesNotContain("cannot read")
        .doesNotContain("BEGIN PRIVATE KEY")
        .doesNotContain(pem.substring(100, 160));
  }
}
