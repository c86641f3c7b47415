package io.reelhouse.movielens.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.movielens.cli.ReelhouseProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --conf s3a://...} as spark-submit's driver reads it: a JVM whose only S3 settings are the
 * job's Spark settings ({@code -Dspark.hadoop.fs.s3a.*}, as spark-submit passes them to a driver)
 * and whose credentials are in the environment. Bad locations fail within a minute, naming them.
 */
class ConfFromStoreTest {
  @TempDir static Path dir;
  static S3Server server;

  @BeforeAll
  static void start() throws Exception {
    server = S3Server.start(dir.resolve("s3"), "confs");
    Configuration hadoop = new Configuration();
    hadoop.set("fs.s3a.endpoint", server.endpoint());
    hadoop.set("fs.s3a.path.style.access", "true");
    hadoop.set("fs.s3a.access.key", S3Server.IDENTITY);
    hadoop.set("fs.s3a.secret.key", S3Server.CREDENTIAL);
    Path conf =
        Files.writeString(
            dir.resolve("store.conf"),
            "env { name = \"fromstore\", prod = false }\nsource.path = \"" + dir + "/nothing\"\n");
    var target = new org.apache.hadoop.fs.Path("s3a://confs/reelhouse/store.conf");
    target
        .getFileSystem(hadoop)
        .copyFromLocalFile(new org.apache.hadoop.fs.Path(conf.toUri()), target);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** The command line in its own JVM, with S3 reachable only through the job's Spark settings. */
  private static ReelhouseProcess driver(String... args) {
    List<String> jvm =
        List.of(
            "-Dspark.hadoop.fs.s3a.endpoint=" + server.endpoint(),
            "-Dspark.hadoop.fs.s3a.path.style.access=true",
            "-Dspark.hadoop.fs.s3a.connection.ssl.enabled=false");
    List<String> all = new ArrayList<>(List.of(args));
    all.add("-Dspark.local-master=local[1]");
    return ReelhouseProcess.start(
        Map.of(
            "AWS_ACCESS_KEY_ID", S3Server.IDENTITY, "AWS_SECRET_ACCESS_KEY", S3Server.CREDENTIAL),
        jvm,
        all);
  }

  @Test
  void aConfOnTheStoreIsReadWithTheJobsSparkSettingsAndBadOnesFailNamingThem() {
    var good = driver("debug", "--conf", "s3a://confs/reelhouse/store.conf");
    var missing = driver("debug", "--conf", "s3a://confs/reelhouse/missing.conf");
    var noBucket = driver("debug", "--conf", "s3a://no-such-bucket/reelhouse/store.conf");
    var badArgument =
        driver("build", "--conf", "s3a://confs/reelhouse/store.conf", "--no-such-flag");

    ReelhouseProcess.Result r = good.await();
    assertThat(r.output())
        .as("settings read from the store")
        .contains("Settings (environment fromstore):")
        .contains("source-path = " + dir + "/nothing")
        .doesNotContain("cannot read the --conf file");

    r = missing.await();
    assertThat(r.code()).as(r.output()).isEqualTo(2);
    assertThat(r.took()).as(r.output()).isLessThan(Duration.ofSeconds(60));
    assertThat(r.output())
        .contains("error: cannot read the --conf file s3a://confs/reelhouse/missing.conf: ");

    r = noBucket.await();
    assertThat(r.code()).as(r.output()).isEqualTo(2);
    assertThat(r.took()).as(r.output()).isLessThan(Duration.ofSeconds(60));
    assertThat(r.output())
        .contains("error: cannot read the --conf file s3a://no-such-bucket/reelhouse/store.conf: ")
        .containsIgnoringCase("no-such-bucket");

    r = badArgument.await();
    assertThat(r.code()).as(r.output()).isEqualTo(2);
    assertThat(r.took()).as(r.output()).isLessThan(Duration.ofSeconds(60));
    assertThat(r.output()).contains("error: unknown option '--no-such-flag' for 'build'");
  }
}
