package io.reelhouse;

import io.reelhouse.config.Settings;
import io.reelhouse.model.Project;
import io.reelhouse.model.RunContext;
import io.reelhouse.source.CsvReader;
import io.reelhouse.spark.Sessions;
import io.reelhouse.warehouse.DeltaWarehouse;
import io.reelhouse.warehouse.SchemaNaming;
import io.reelhouse.warehouse.Warehouse;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A project wired to its settings: the Spark session, the warehouse chosen by {@code
 * warehouse.type}, the source and seed readers. Closing it stops the session only if Reelhouse
 * started it (never a cluster's).
 *
 * <pre>{@code
 * try (var ws = Workspace.open(settings, project)) {
 *   ws.context().rowsOf("customers").show();
 * }
 * }</pre>
 */
public final class Workspace implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Workspace.class);

  private final Settings settings;
  private final SparkSession spark;
  private final Warehouse warehouse;
  private final RunContext context;
  private final boolean ownsSession;

  private Workspace(Settings settings, SparkSession spark, Project project, boolean owns) {
    this.settings = settings;
    this.spark = spark;
    this.ownsSession = owns;
    this.warehouse = openWarehouse(settings, spark);
    this.context =
        new RunContext(
            spark,
            project,
            warehouse,
            naming(settings),
            new CsvReader(spark, settings.sourcePath()),
            new CsvReader(spark, settings.seedsPath()));
  }

  /** Starts (or joins) the Spark session and opens the warehouse. */
  public static Workspace open(Settings settings, Project project) {
    SparkSession spark = Sessions.start(settings);
    try {
      return new Workspace(settings, spark, project, true);
    } catch (RuntimeException e) {
      Sessions.stopIfOwned(spark, settings.spark());
      throw e;
    }
  }

  /** Uses a session someone else owns (tests, notebooks); closing leaves it running. */
  public static Workspace using(SparkSession spark, Settings settings, Project project) {
    return new Workspace(settings, spark, project, false);
  }

  public static SchemaNaming naming(Settings settings) {
    return new SchemaNaming(settings.env().name(), settings.env().prod());
  }

  private static Warehouse openWarehouse(Settings settings, SparkSession spark) {
    if (settings.warehouse().type().equals("delta")) {
      Sessions.requireDelta(spark);
    }
    return switch (settings.warehouse().type()) {
      case "delta" ->
          settings.warehouse().inCatalog()
              ? DeltaWarehouse.inCatalog(
                  spark, settings.warehouse().path(), settings.warehouse().catalog())
              : new DeltaWarehouse(spark, settings.warehouse().path());
      case "snowflake" ->
          io.reelhouse.warehouse.snowflake.SnowflakeWarehouse.open(
              spark, settings.warehouse().snowflake());
      default ->
          throw new IllegalArgumentException(
              "warehouse.type '" + settings.warehouse().type() + "' is not supported");
    };
  }

  /**
   * The warehouse's writer lock, for commands that publish: beside the Delta tables, or in the
   * target folder for Snowflake (one machine only; see docs/commands.md).
   */
  public io.reelhouse.lock.RunLock lockForWrites(String command) {
    boolean delta = settings.warehouse().type().equals("delta");
    String dir = delta ? settings.warehouse().path() : settings.targetPath();
    if (!delta && !settings.spark().startsLocalSession() && target().isLocal()) {
      LOG.warn(
          "target.path {} is on this driver's disk: the Snowflake warehouse's lock there keeps out"
              + " only runs on this host; set target.path to object storage (s3://...) so every"
              + " driver sees it",
          settings.targetPath());
    }
    return io.reelhouse.lock.RunLock.acquire(
        spark.sparkContext().hadoopConfiguration(), dir, command, settings.lockLease());
  }

  /** The run's artefact folder ({@code target.path}), read and written through Hadoop. */
  public io.reelhouse.storage.TargetDir target() {
    return io.reelhouse.storage.TargetDir.at(
        settings.targetPath(), spark.sparkContext().hadoopConfiguration());
  }

  public Settings settings() {
    return settings;
  }

  public SparkSession spark() {
    return spark;
  }

  public Warehouse warehouse() {
    return warehouse;
  }

  public RunContext context() {
    return context;
  }

  @Override
  public void close() {
    warehouse.close();
    if (ownsSession) {
      Sessions.stopIfOwned(spark, settings.spark());
    }
  }
}
