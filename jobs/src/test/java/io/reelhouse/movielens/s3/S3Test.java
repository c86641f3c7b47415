package io.reelhouse.movielens.s3;

import static io.reelhouse.testing.RowAssert.assertRows;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.movielens.cli.Cli;
import io.reelhouse.testing.TestSpark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources on s3a://, against a real S3 server (S3Proxy) started on 127.0.0.1 for this class. The
 * credentials reach s3a the way a platform's would: as Hadoop settings, here through {@code
 * spark.conf."spark.hadoop.fs.s3a.*"} (on EMR and Databricks the instance role provides them).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3Test {
  @TempDir static Path home;
  static S3Server server;
  static Path sample;

  @BeforeAll
  static void start() {
    TestSpark.session();
    server = S3Server.start(home.resolve("s3"), "reelhouse", "wrongkey");
    sample = home.resolve("sample");
    assertThat(Cli.run(home, "generate", "--scale", "0.005", "--out", sample.toString()).code())
        .isZero();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Arguments that point s3a at a server, with the test credentials. */
  private static String[] s3(String endpoint, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("-Ds3.endpoint=" + endpoint);
    all.add("-Ds3.path-style-access=true");
    all.add("-Dspark.conf.\"spark.hadoop.fs.s3a.access.key\"=" + S3Server.IDENTITY);
    all.add("-Dspark.conf.\"spark.hadoop.fs.s3a.secret.key\"=" + S3Server.CREDENTIAL);
    return all.toArray(String[]::new);
  }

  @Test
  @Order(1)
  void loadUploadsEveryFileOnceAndNothingTheSecondTime() {
    Cli.Result first =
        Cli.run(
            home,
            s3(
                server.endpoint(),
                "load",
                "--from",
                sample.toString(),
                "--to",
                "s3a://reelhouse/ml/"));
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).startsWith("Uploaded 7 files (");
    Cli.Result second =
        Cli.run(
            home,
            s3(
                server.endpoint(),
                "load",
                "--from",
                sample.toString(),
                "--to",
                "s3a://reelhouse/ml/"));
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.out())
        .isEqualTo("Uploaded 0 files (0 bytes), skipped 7 unchanged: s3a://reelhouse/ml/\n");
  }

  @Test
  @Order(2)
  void aBuildFromS3PublishesTheSameTablesAsABuildFromLocalFiles() {
    Cli.Result fromS3 =
        Cli.run(
            home,
            s3(server.endpoint(), "build", "-Dsource.path=s3a://reelhouse/ml/", "-Denv.name=s3"));
    assertThat(fromS3.code()).as(fromS3.out() + fromS3.err()).isZero();
    Cli.Result fromDisk = Cli.run(home, "build", "-Dsource.path=" + sample, "-Denv.name=disk");
    assertThat(fromDisk.code()).as(fromDisk.out() + fromDisk.err()).isZero();

    var spark = TestSpark.session();
    List<String> tables =
        List.of(
            "seeds.seed_movie_release_dates",
            "dim.dim_movies",
            "dim.dim_users",
            "dim.dim_genome_tags",
            "fct.fct_genome_scores",
            "fct.fct_ratings",
            "mart.mart_movie_releases",
            "snapshots.snap_tags");
    for (String t : tables) {
      Dataset<Row> s3 = spark.table("s3_" + t);
      Dataset<Row> disk = spark.table("disk_" + t);
      assertThat(s3.count()).as(t + " rows").isEqualTo(disk.count()).isPositive();
      assertRows(s3, List.of(disk.columns()), disk.collectAsList());
    }
    // snap_movies versions start at each run's time (check strategy): compare what they hold.
    assertRows(
        spark
            .table("s3_snapshots.snap_movies")
            .select("movie_id", "title", "genres", "dbt_valid_to"),
        List.of("movie_id", "title", "genres", "dbt_valid_to"),
        spark
            .table("disk_snapshots.snap_movies")
            .select("movie_id", "title", "genres", "dbt_valid_to")
            .collectAsList());
  }

  private static Cli.Result timed(String... args) {
    long t0 = System.nanoTime();
    Cli.Result r = Cli.run(home, args);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(took).as("reported within a minute").isLessThan(Duration.ofSeconds(60));
    return r;
  }

  @Test
  @Order(3)
  void aWrongSecretKeyIsAccessDenied() {
    Cli.Result r =
        timed(
            s3(
                server.endpoint(),
                "build",
                "-Dsource.path=s3a://wrongkey/ml/",
                "-Dspark.conf.\"spark.hadoop.fs.s3a.bucket.wrongkey.secret.key\"=not-the-secret"));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines())
        .containsExactly(
            "error: access denied to s3a://wrongkey/ml/movies.csv: check the credentials s3a finds"
                + " (instance profile or role, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, fs.s3a.* settings)");
  }

  @Test
  @Order(4)
  void aMissingBucketIsNamed() {
    Cli.Result r = timed(s3(server.endpoint(), "build", "-Dsource.path=s3a://no-such-bucket/ml/"));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines())
        .containsExactly(
            "error: bucket no-such-bucket does not exist (s3a://no-such-bucket/ml/movies.csv)");
  }

  @Test
  @Order(5)
  void aMissingFileIsNamed() {
    Cli.Result r =
        timed(
            s3(
                server.endpoint(),
                "build",
                "--select",
                "src_movies",
                "-Dsource.path=s3a://reelhouse/nothing/"));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines())
        .containsExactly(
            "error: input file not found: source 'movies': s3a://reelhouse/nothing/movies.csv (check source.path and seeds.path)");
  }

  @Test
  @Order(6)
  void aStoppedServerIsUnreachable() {
    S3Server stopped = S3Server.start(home.resolve("s3-stopped"), "offline");
    String endpoint = stopped.endpoint();
    stopped.close();
    Cli.Result r = timed(s3(endpoint, "build", "-Dsource.path=s3a://offline/ml/"));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines())
        .containsExactly(
            "error: cannot reach the store for s3a://offline/ml/movies.csv: connection refused at "
                + endpoint.substring("http://".length())
                + " (check s3.endpoint)");
  }
}
