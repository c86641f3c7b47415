package io.reelhouse.movielens.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.movielens.cli.ReelhouseProcess;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --env dev} (Snowflake) pointed at an account that never answers: a local socket that
 * accepts connections and stays silent, the worst case (a refused port fails at once). The commands
 * run as a user runs them, in their own JVM, so every line the JDBC driver, the connector, Spark
 * and Reelhouse print is captured and searched for the fake secrets.
 */
class SnowflakeUnreachableTest {
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
  }

  @AfterAll
  static void tearDown() throws IOException {
    silent.close();
    for (Socket s : held) {
      s.close();
    }
  }

  record Run(int code, String output, Duration took) {}

  static Run reelhouse(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--conf-dir",
            Path.of("..", "conf").toAbsolutePath().toString(),
            "--env",
            "dev",
            "-Dhome=" + home,
            "-Dseeds.path=" + Path.of("..", "seeds").toAbsolutePath(),
            "-Dwarehouse.snowflake.url=127.0.0.1:" + silent.getLocalPort(),
            "-Dspark.conf.spark.hadoop.fs.s3a.secret.key=" + SPARK_CONF_SECRET));
    var r =
        ReelhouseProcess.start(
                Map.of(
                    "SNOWFLAKE_USER", "RELHOUSE_SVC",
                    "SNOWFLAKE_DATABASE", "ANALYTICS",
                    "SNOWFLAKE_WAREHOUSE", "TRANSFORM_WH",
                    "SNOWFLAKE_PRIVATE_KEY_FILE", keyFile.toString(),
                    "SNOWFLAKE_PRIVATE_KEY_PASSPHRASE", PASSPHRASE,
                    "AWS_ACCESS_KEY_ID", "AKIAFAKEFAKEFAKE1234",
                    "AWS_SECRET_ACCESS_KEY", AWS_SECRET),
                all)
            .await();
    return new Run(r.code(), r.output(), r.took());
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
  void debugShowsTheSettingsMaskedAndReportsTheSilentAccountInOneLineWithinAMinute()
      throws Exception {
    Run r = reelhouse("debug");
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
  void buildAgainstTheSilentAccountFailsBeforeAnyModelWithOneLineAndExitCodeTwo() throws Exception {
    Run r = reelhouse("build");
    assertThat(r.took()).as(r.output()).isLessThan(Duration.ofSeconds(60));
    assertThat(r.code()).as(r.output()).isEqualTo(2);
    List<String> errors = r.output().lines().filter(l -> l.startsWith("error: ")).toList();
    assertThat(errors).as(r.output()).hasSize(1);
    assertThat(errors.get(0))
        .startsWith("error: Snowflake at 127.0.0.1:" + silent.getLocalPort() + ": ");
    assertThat(r.output()).doesNotContain(" OK ").doesNotContain("PASS=");
    assertNoSecret(r);
  }
}
