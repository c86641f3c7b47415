package io.reelhouse.movielens.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.movielens.generate.MovieLensGenerator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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

  static Run reelhouse(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(Files.readString(Path.of("target/jvm-flags.txt")).trim().split("\\s+")));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
    cmd.add("io.reelhouse.movielens.cli.Main");
    cmd.addAll(List.of(args));
    cmd.addAll(
        List.of(
            "--conf-dir",
            Path.of("..", "conf").toAbsolutePath().toString(),
            "--env",
            "dev",
            "-Dhome=" + home,
            "-Dseeds.path=" + Path.of("..", "seeds").toAbsolutePath(),
            "-Dwarehouse.snowflake.url=127.0.0.1:" + silent.getLocalPort(),
            "-Dspark.conf.spark.hadoop.fs.s3a.secret.key=" + SPARK_CONF_SECRET));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SNOWFLAKE_USER", "RELHOUSE_SVC");
    env.put("SNOWFLAKE_DATABASE", "ANALYTICS");
    env.put("SNOWFLAKE_WAREHOUSE", "TRANSFORM_WH");
    env.put("SNOWFLAKE_PRIVATE_KEY_FILE", keyFile.toString());
    env.put("SNOWFLAKE_PRIVATE_KEY_PASSPHRASE", PASSPHRASE);
    env.put("AWS_ACCESS_KEY_ID", "AKIAFAKEFAKEFAKE1234");
    env.put("AWS_SECRET_ACCESS_KEY", AWS_SECRET);
    long t0 = System.nanoTime();
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
    }
    return new Run(
        p.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        Duration.ofNanos(System.nanoTime() - t0));
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
