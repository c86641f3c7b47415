package io.reelhouse.movielens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.movielens.generate.MovieLensGenerator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fake credentials for S3 and Snowflake are set (a private key file and its passphrase, AWS keys in
 * the environment, an s3a secret in spark.conf), then the commands run as a user runs them, each in
 * its own JVM: a local build and its docs, {@code debug} and {@code build} against a Snowflake
 * account that never answers, a build from an S3 endpoint that never answers. Unreachable means the
 * worst case: a local socket that accepts connections and stays silent (a refused port fails at
 * once). Every line the JDBC driver, the connector, s3a, Spark and Reelhouse print, and every file
 * the runs leave under the home folder (run_results.json, archived runs, quality reports, docs,
 * metrics, tables), is searched for the secret values.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsAndTimeoutsTest {
  @TempDir static Path home;

  static ServerSocket silent;
  static final List<Socket> held = new CopyOnWriteArrayList<>();

  static final String PASSPHRASE = "pass-Q7d!k2Lr9";
  static final String AWS_SECRET = "awsSecret/9xQ2mJd7LkPz0vRtYh3Bn";
  static final String SPARK_CONF_SECRET = "s3aSecret-7Hk2Qp9Wm";
  static String keyBody;
  static Path keyFile;

  @BeforeAll
  static void setUp() throws Exception {
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept =
        new Thread(
            () -> {
              while (!silent.isClosed()) {
                try {
                  held.add(silent.accept());
                } catch (IOException e) {
                  return;
                }
              }
            });
    accept.setDaemon(true);
    accept.start();
    // An unencrypted PKCS#8 key: its body is the value the connector would receive.
    var g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    keyBody = Base64.getEncoder().encodeToString(g.generateKeyPair().getPrivate().getEncoded());
    keyFile = home.resolve("rsa_key.p8");
    Files.writeString(
        keyFile, "-----BEGIN PRIVATE KEY-----\n" + keyBody + "\n-----END PRIVATE KEY-----\n");
    new MovieLensGenerator(
            io.reelhouse.movielens.generate.Shape.atScale(0.005),
            42,
            new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
        .generate(home.resolve("data/sample"));
    startSilentRuns();
  }

  static ReelhouseProcess silentDebug;
  static ReelhouseProcess silentBuild;
  static ReelhouseProcess silentS3;

  /**
   * Starts the three runs against silent endpoints that the tests after the first check. They
   * mostly wait for their timeouts: side by side, and beside the first test's local build, which
   * starts once the debug run waits on Snowflake (started with them, its CPU would slow their
   * start). The S3 one has a warehouse of its own: the local build holds the local one's lock.
   */
  static void startSilentRuns() {
    silentDebug = startIn("dev", "debug");
    silentBuild = startIn("dev", "build");
    String endpoint = "127.0.0.1:" + silent.getLocalPort();
    silentS3 =
        startIn(
            "local",
            "build",
            "--debug",
            "-Dsource.path=s3a://reelhouse/ml/",
            "-Ds3.endpoint=http://" + endpoint,
            "-Ds3.path-style-access=true",
            "-Denv.name=s3silent",
            "-Dwarehouse.path=" + home.resolve("warehouse-s3silent"));
  }

  @AfterAll
  static void tearDown() throws IOException {
    silent.close();
    for (Socket s : held) {
      s.close();
    }
  }

  record Run(int code, String output, Duration took) {}

  /** Every output of this class's runs, searched again at the end. */
  static final List<String> outputs = new CopyOnWriteArrayList<>();

  static Run reelhouseIn(String env, String... args) {
    return finish(startIn(env, args));
  }

  static Run finish(ReelhouseProcess p) {
    var r = p.await();
    outputs.add(r.output());
    return new Run(r.code(), r.output(), r.took());
  }

  static ReelhouseProcess startIn(String env, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--conf-dir",
            Path.of("..", "conf").toAbsolutePath().toString(),
            "--env",
            env,
            "-Dhome=" + home,
            "-Dseeds.path=" + Path.of("..", "seeds").toAbsolutePath(),
            "-Dwarehouse.snowflake.url=127.0.0.1:" + silent.getLocalPort(),
            "-Dspark.conf.spark.hadoop.fs.s3a.secret.key=" + SPARK_CONF_SECRET));
    return ReelhouseProcess.start(
        Map.of(
            "SNOWFLAKE_USER", "RELHOUSE_SVC",
            "SNOWFLAKE_DATABASE", "ANALYTICS",
            "SNOWFLAKE_WAREHOUSE", "TRANSFORM_WH",
            "SNOWFLAKE_PRIVATE_KEY_FILE", keyFile.toString(),
            "SNOWFLAKE_PRIVATE_KEY_PASSPHRASE", PASSPHRASE,
            "AWS_ACCESS_KEY_ID", "AKIAFAKEFAKEFAKE1234",
            "AWS_SECRET_ACCESS_KEY", AWS_SECRET),
        all);
  }

  static void assertNoSecret(Run r) {
    assertThat(r.output())
        .doesNotContain(keyBody.substring(0, 40))
        .doesNotContain(keyBody.substring(keyBody.length() - 40))
        .doesNotContain(PASSPHRASE)
        .doesNotContain(AWS_SECRET)
        .doesNotContain(SPARK_CONF_SECRET);
  }

  @Test
  @Order(1)
  void aLocalBuildAndItsDocsWithEveryCredentialSetSucceed() throws java.io.IOException {
    // The silent debug has checked the sources and waits on Snowflake. Only an ordering aid (its
    // result is not asserted): if the line never comes, the build runs beside the source checks.
    silentDebug.awaitOutput("source genome_scores", Duration.ofSeconds(60));
    Run build = reelhouseIn("local", "build");
    assertThat(build.code()).as(build.output()).isZero();
    assertThat(build.output()).contains("PASS=15 WARN=0 ERROR=0");
    assertNoSecret(build);
    // run_results.json records the -D overrides for retry, a secret's value masked.
    String results = Files.readString(home.resolve("target/run_results.json"));
    assertThat(results).doesNotContain(SPARK_CONF_SECRET);
    assertThat(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(results)
                .at("/args/vars")
                .get("spark.conf.spark.hadoop.fs.s3a.secret.key")
                .asText())
        .isEqualTo("****");
    Run docs = reelhouseIn("local", "docs", "generate");
    assertThat(docs.code()).as(docs.output()).isZero();
    assertNoSecret(docs);
  }

  @Test
  @Order(2)
  void debugShowsTheSettingsMaskedAndReportsTheSilentAccountInOneLineWithinAMinute()
      throws Exception {
    Run r = finish(silentDebug);
    assertThat(r.code()).as(r.output()).isEqualTo(1);
    assertThat(r.took()).as(r.output()).isLessThan(Duration.ofSeconds(60));
    String host = "127.0.0.1:" + silent.getLocalPort();
    assertThat(r.output())
        .contains("  warehouse.type = snowflake")
        .contains("  warehouse.snowflake.url = " + host)
        .contains("  warehouse.snowflake.auth.private-key-file = " + keyFile)
        .contains("  spark.conf.spark.hadoop.fs.s3a.secret.key = ****")
        .contains("  OK    source ratings: ");
    List<String> failure =
        r.output().lines().filter(l -> l.startsWith("  ERROR warehouse snowflake: ")).toList();
    assertThat(failure).as(r.output()).hasSize(1);
    assertThat(failure.get(0)).contains("Snowflake at " + host + ": ").contains("timed out");
    assertNoSecret(r);
  }

  @Test
  @Order(3)
  void buildAgainstTheSilentAccountFailsBeforeAnyModelWithOneLineAndExitCodeTwo() throws Exception {
    Run r = finish(silentBuild);
    assertThat(r.took()).as(r.output()).isLessThan(Duration.ofSeconds(60));
    assertThat(r.code()).as(r.output()).isEqualTo(2);
    List<String> errors = r.output().lines().filter(l -> l.startsWith("error: ")).toList();
    assertThat(errors).as(r.output()).hasSize(1);
    assertThat(errors.get(0))
        .startsWith("error: Snowflake at 127.0.0.1:" + silent.getLocalPort() + ": ");
    assertThat(r.output()).doesNotContain(" OK ").doesNotContain("PASS=");
    assertNoSecret(r);
  }

  @Test
  @Order(4)
  void aBuildFromASilentS3EndpointFailsWithinAMinuteNamingTheStoreAndTheSetting() {
    Run r = finish(silentS3);
    assertThat(r.took()).as(r.output()).isLessThan(Duration.ofSeconds(60));
    assertThat(r.code()).as(r.output()).isEqualTo(2);
    List<String> errors = r.output().lines().filter(l -> l.startsWith("error: ")).toList();
    assertThat(errors).as(r.output()).hasSize(1);
    assertThat(errors.get(0))
        .startsWith("error: cannot reach the store for s3a://reelhouse/ml/")
        .endsWith("(check s3.endpoint)");
    assertThat(r.output()).doesNotContain("PASS=");
    // --debug prints the stack trace: exception messages are searched too.
    assertThat(r.output()).contains("\tat ");
    assertNoSecret(r);
  }

  @Test
  @Order(5)
  void noFileTheRunsLeftHoldsASecret() throws IOException {
    assertThat(outputs).as("the runs above").hasSizeGreaterThanOrEqualTo(5);
    List<Path> files;
    try (var walk = Files.walk(home)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(f -> !f.equals(keyFile)) // the input: the key itself
              .filter(f -> !f.startsWith(home.resolve("data"))) // the input: raw files
              .toList();
    }
    assertThat(files)
        .as("run results, archived runs, quality reports, docs were written")
        .anyMatch(f -> f.endsWith("target/run_results.json"))
        .anyMatch(f -> f.getFileName().toString().equals("manifest.json"))
        .anyMatch(f -> f.toString().contains("/target/runs/"))
        .anyMatch(f -> f.toString().contains("/target/docs/"));
    List<String> secrets =
        List.of(
            keyBody.substring(0, 40),
            keyBody.substring(keyBody.length() - 40),
            PASSPHRASE,
            AWS_SECRET,
            SPARK_CONF_SECRET);
    List<String> hits = new ArrayList<>();
    for (Path f : files) {
      String content =
          new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
      for (String secret : secrets) {
        if (content.contains(secret)) {
          hits.add(home.relativize(f) + " holds " + secret.substring(0, 4) + "...");
        }
      }
    }
    assertThat(hits).as("searched " + files.size() + " files").isEmpty();
  }
}
