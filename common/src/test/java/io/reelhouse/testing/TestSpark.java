package io.reelhouse.testing;

import io.reelhouse.config.Settings;
import io.reelhouse.spark.Sessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM: local[2], UI off, two shuffle partitions, UTC, Delta enabled.
 * Started on first use and stopped when the JVM exits.
 */
public final class TestSpark {
  private static SparkSession session;
  private static Path scratch;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      scratch = newScratch();
      session =
          Sessions.start(settings(scratch).spark(), scratch.resolve("spark-warehouse").toString());
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }

  /** Spark jobs of the test session that started while {@code work} ran. */
  public static long jobsDuring(Runnable work) {
    var jobs = new java.util.concurrent.atomic.AtomicLong();
    var counter =
        new org.apache.spark.scheduler.SparkListener() {
          @Override
          public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart e) {
            jobs.incrementAndGet();
          }
        };
    var context = session().sparkContext();
    try {
      context.listenerBus().waitUntilEmpty();
      context.addSparkListener(counter);
      try {
        work.run();
        context.listenerBus().waitUntilEmpty();
      } finally {
        context.removeSparkListener(counter);
      }
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not empty", e);
    }
    return jobs.get();
  }

  /** Settings for tests: everything under {@code dir}, Spark joining the test session. */
  public static Settings settings(Path dir) {
    return new Settings(
        new Settings.Env("test", false),
        dir.resolve("source").toString(),
        dir.resolve("seeds").toString(),
        new Settings.Warehouse("delta", dir.resolve("warehouse").toString(), "", null),
        new Settings.Incremental(Duration.ofDays(3)),
        new Settings.Quality(
            true,
            0.01,
            dir.resolve("warehouse/_quality/metrics.json").toString(),
            true,
            0.7,
            1.5,
            false),
        new Settings.S3("", "", false, Duration.ofSeconds(5), Duration.ofSeconds(15), 2),
        new Settings.Spark(
            "local[2]",
            "reelhouse-tests",
            2,
            Map.of(
                "spark.ui.enabled", "false",
                "spark.databricks.delta.snapshotPartitions", "1",
                "spark.sql.adaptive.coalescePartitions.enabled", "true")),
        dir.resolve("target").toString(),
        Map.of(),
        Duration.ofMinutes(2));
  }

  private static Path newScratch() {
    try {
      Path dir = Files.createTempDirectory("reelhouse-spark");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A run context over {@code warehouse} for the test's folder: schemas named for environment
   * {@code t}, raw files in {@code dir/src}, seeds in {@code dir/seeds}.
   */
  public static io.reelhouse.model.RunContext context(
      io.reelhouse.model.Project project, io.reelhouse.warehouse.Warehouse warehouse, Path dir) {
    SparkSession spark = session();
    return new io.reelhouse.model.RunContext(
        spark,
        project,
        warehouse,
        new io.reelhouse.warehouse.SchemaNaming("t", false),
        new io.reelhouse.source.CsvReader(spark, dir.resolve("src").toString()),
        new io.reelhouse.source.CsvReader(spark, dir.resolve("seeds").toString()));
  }
}
