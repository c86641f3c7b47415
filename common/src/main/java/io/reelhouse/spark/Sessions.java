package io.reelhouse.spark;

import io.reelhouse.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;

/**
 * The one place a {@link SparkSession} is made.
 *
 * <p>With {@code spark.local-master} set (laptop, tests) Reelhouse starts its own session with
 * Delta Lake enabled and owns it; without it (spark-submit, Databricks) it joins the session the
 * platform made with {@code getOrCreate()} and must never stop it. Either way the session time zone
 * is UTC and dates and timestamps come back as {@code java.time} values. {@link #keepRunning()}
 * keeps a session Reelhouse started running across commands (reelhouse shell).
 */
public final class Sessions {
  private Sessions() {}

  /**
   * Starts or joins the session, and puts the storage settings into its Hadoop configuration. A
   * session on a cluster's master that Reelhouse did not start is the platform's: its shuffle
   * partitions and s3a settings stay unless the user set Reelhouse's; a local session (one
   * Reelhouse started, or a test's or a laptop notebook's it joined) gets Reelhouse's defaults.
   */
  public static SparkSession start(Settings settings) {
    SparkSession session = start(settings.spark(), settings.warehouse().path());
    boolean platform = !settings.spark().startsLocalSession() && !session.sparkContext().isLocal();
    return applyTo(session, settings, platform);
  }

  /**
   * Joins the running session as {@link #start(Settings)} does, taking it for a platform's session
   * or not as told (tests of what a cluster's session keeps).
   */
  public static SparkSession startAs(Settings settings, boolean platformSession) {
    return applyTo(start(settings.spark(), settings.warehouse().path()), settings, platformSession);
  }

  private static SparkSession applyTo(SparkSession session, Settings settings, boolean platform) {
    if (!platform || settings.spark().shufflePartitionsSet()) {
      session
          .conf()
          .set(
              "spark.sql.shuffle.partitions", String.valueOf(settings.spark().shufflePartitions()));
    }
    HadoopSettings.apply(session.sparkContext().hadoopConfiguration(), settings, platform);
    return session;
  }

  public static SparkSession start(Settings.Spark spark, String warehousePath) {
    Running kept = keeping;
    if (kept != null && spark.startsLocalSession()) {
      synchronized (kept) {
        if (kept.base == null) {
          kept.base = build(spark, warehousePath);
          kept.spark = spark;
          kept.warehousePath = warehousePath;
        } else {
          kept.check(spark, warehousePath);
        }
        return configure(kept.base.newSession(), spark);
      }
    }
    return configure(build(spark, warehousePath), spark);
  }

  private static SparkSession build(Settings.Spark spark, String warehousePath) {
    Warmup.inBackground();
    SparkSession.Builder b = SparkSession.builder().appName(spark.appName());
    if (spark.startsLocalSession()) {
      b.master(spark.localMaster())
          .config("spark.sql.extensions", DELTA_EXTENSION)
          .config("spark.sql.catalog.spark_catalog", DELTA_CATALOG)
          .config("spark.sql.warehouse.dir", warehousePath)
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.ui.showConsoleProgress", "false")
          // Driver and executor share this one heap, and Reelhouse keeps little of its own there:
          // give Spark's execution and storage 80% of it, not 60%, so a uniqueness check beside
          // the cached sources does not spill.
          // A spark.conf setting wins.
          .config("spark.memory.fraction", "0.8");
      // Local files written without a chmod process each (see LocalDisk).
      LocalDisk.SETTINGS.forEach(b::config);
    }
    for (Map.Entry<String, String> e : spark.conf().entrySet()) {
      b.config(e.getKey(), e.getValue());
    }
    return b.getOrCreate();
  }

  private static SparkSession configure(SparkSession session, Settings.Spark spark) {
    // Session settings apply on a shared cluster session too.
    session.conf().set("spark.sql.session.timeZone", "UTC");
    session.conf().set("spark.sql.datetime.java8API.enabled", "true");
    // A session Reelhouse starts; on one it joins, start(Settings) decides.
    if (spark.startsLocalSession()) {
      session.conf().set("spark.sql.shuffle.partitions", String.valueOf(spark.shufflePartitions()));
    }
    // A date like 1995-13-45 in a file is an invalid value (a bad line with its reason), not an
    // exception asking which parser of Spark 2 or 3 to use.
    session.conf().set("spark.sql.legacy.timeParserPolicy", "CORRECTED");
    // New Delta tables get deletion vectors (as on Databricks): a MERGE that closes or updates a
    // few rows marks them instead of rewriting every file holding one. A setting of the cluster's
    // own wins.
    setUnlessSet(
        session, "spark.databricks.delta.properties.defaults.enableDeletionVectors", "true");
    // A run keeps each parsed source file in Spark's cache for the models that read it. Compressing
    // the cached columns costs more time than it saves, and the uncompressed cache of the largest
    // source file still fits the launcher's 4 GiB driver.
    setUnlessSet(session, "spark.sql.inMemoryColumnarStorage.compressed", "false");
    // Open-source Delta 3.3 keeps a small table's file list in each commit's checksum file, which
    // only its own next commits read: a new table's first commit lists the empty table in a Spark
    // query to start it, and a JVM whose time zone is not UTC re-reads the table's whole state
    // after every commit to check it. Neither is needed to read or write the table.
    if (!onDatabricksRuntime()) {
      setUnlessSet(session, "spark.databricks.delta.allFilesInCrc.enabled", "false");
    }
    // Timestamps as Parquet's 64-bit microseconds rather than Spark's default INT96 (a legacy
    // 12-byte form converted to a Julian day and nanoseconds for every value): smaller files,
    // faster writes and reads; Delta and Spark read both, file by file.
    setUnlessSet(session, "spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    // Parquet encodes a column by dictionary until the dictionary outgrows this size (1 MiB by
    // default), then encodes its next pages plainly: a column of mostly distinct values (hashes
    // such as a snapshot's dbt_scd_id, timestamps, free text) pays for a large dictionary it then
    // gives up. Columns of few values still fit a smaller one and are encoded by dictionary.
    if (session.sparkContext().hadoopConfiguration().get(PARQUET_DICTIONARY_PAGE) == null) {
      setUnlessSet(session, PARQUET_DICTIONARY_PAGE, String.valueOf(256 * 1024));
    }
    return session;
  }

  /** Parquet's largest dictionary of a column chunk, bytes. */
  static final String PARQUET_DICTIONARY_PAGE = "parquet.dictionary.page.size";

  static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
  static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

  /**
   * Fails, before any model runs, when the session cannot write Delta tables: a platform's session
   * started without Delta Lake's SQL extension and catalog (Databricks Runtime has Delta built in
   * and is not checked). Sessions Reelhouse starts always have both.
   */
  public static void requireDelta(SparkSession session) {
    if (onDatabricksRuntime()) {
      return;
    }
    var conf = session.sparkContext().getConf();
    List<String> missing = new ArrayList<>();
    if (!List.of(conf.get("spark.sql.extensions", "").split("\\s*,\\s*"))
        .contains(DELTA_EXTENSION)) {
      missing.add("spark.sql.extensions=" + DELTA_EXTENSION);
    }
    if (!conf.get("spark.sql.catalog.spark_catalog", "").equals(DELTA_CATALOG)) {
      missing.add("spark.sql.catalog.spark_catalog=" + DELTA_CATALOG);
    }
    if (!missing.isEmpty()) {
      throw new io.reelhouse.config.SettingsException(
          "warehouse.type is delta, but this Spark session was started without Delta Lake's "
              + String.join(" and ", missing)
              + ": set "
              + (missing.size() == 1 ? "it" : "both")
              + " when the session starts (EMR: --conf on the spark-submit step, as"
              + " deploy/emr/steps.json does; EMR Serverless: sparkSubmitParameters; Databricks"
              + " Runtime has them built in); nothing was built");
    }
  }

  /**
   * Runs an action that reads whole raw files, with each file split into at least four tasks per
   * core (Spark's default: one per core, and no split under 128 MB), so the last wave of the read
   * does not leave cores idle (with the default, a big file on 2 cores ends with one 128 MB task
   * running beside a small one). The runner also builds SQL models (which read published tables)
   * this way, since a few large files of a published table make a few large splits. Only there: as
   * a session default it would make every small read finer too, which costs more than it saves. A
   * session that sets {@code spark.sql.files.minPartitionNum} itself keeps its setting.
   */
  public static <T> T withFineFileSplits(
      SparkSession session, java.util.function.Supplier<T> action) {
    return withUnlessSet(
        session,
        "spark.sql.files.minPartitionNum",
        String.valueOf(4 * session.sparkContext().defaultParallelism()),
        action);
  }

  /**
   * Runs {@code action} with sort-merge joins not preferred ({@code
   * spark.sql.join.preferSortMergeJoin=false}): where one side of a shuffled join is small, Spark
   * then builds a hash table of it instead of sorting both sides. For one statement only: Spark's
   * size estimates decide, and a wrong one would hold a large side in memory. A session that sets
   * the key itself keeps its setting.
   */
  public static void withHashJoins(SparkSession session, Runnable action) {
    withUnlessSet(
        session,
        "spark.sql.join.preferSortMergeJoin",
        "false",
        () -> {
          action.run();
          return null;
        });
  }

  private static <T> T withUnlessSet(
      SparkSession session, String key, String value, java.util.function.Supplier<T> action) {
    if (session.conf().contains(key)) {
      return action.get();
    }
    session.conf().set(key, value);
    try {
      return action.get();
    } finally {
      session.conf().unset(key);
    }
  }

  /** Databricks Runtime: its own Delta, built in. */
  private static boolean onDatabricksRuntime() {
    return System.getenv("DATABRICKS_RUNTIME_VERSION") != null;
  }

  /** A session default of Reelhouse's: a setting of the cluster's or the user's own wins. */
  private static void setUnlessSet(SparkSession session, String key, String value) {
    if (!session.conf().contains(key)) {
      session.conf().set(key, value);
    }
  }

  /**
   * Stops the session only if Reelhouse started it; a platform's session is left running. While
   * {@link #keepRunning()} holds, the session's cached data is dropped and Spark keeps running.
   */
  public static void stopIfOwned(SparkSession session, Settings.Spark spark) {
    if (!spark.startsLocalSession()) {
      return;
    }
    if (keeping != null) {
      session.catalog().clearCache();
    } else {
      session.stop();
    }
  }

  private static volatile Running keeping;

  /**
   * Keeps the local Spark session Reelhouse starts running across commands until the returned
   * handle is closed ({@code reelhouse shell}): the first command starts it, each command gets a
   * session of its own on it ({@link SparkSession#newSession()}: its own temporary views and SQL
   * settings, Spark's warm JVM and executors shared), and closing the handle stops it. A command
   * whose Spark settings differ from the first one's is refused, as they cannot change on a running
   * session. Sessions of a platform (no {@code spark.local-master}) are unaffected.
   */
  public static AutoCloseable keepRunning() {
    Running k = new Running();
    synchronized (Sessions.class) {
      if (keeping != null) {
        throw new IllegalStateException("a Spark session is already kept running");
      }
      keeping = k;
    }
    return () -> {
      synchronized (Sessions.class) {
        keeping = null;
      }
      if (k.base != null) {
        k.base.stop();
      }
    };
  }

  /**
   * The names of the settings that shape a Spark session and differ between the two: never their
   * values, which may be secrets.
   */
  static List<String> differences(
      Settings.Spark started, String startedPath, Settings.Spark asked, String askedPath) {
    List<String> differ = new ArrayList<>();
    if (!asked.localMaster().equals(started.localMaster())) {
      differ.add("spark.local-master");
    }
    if (!askedPath.equals(startedPath)) {
      differ.add("warehouse.path");
    }
    Set<String> keys = new TreeSet<>(started.conf().keySet());
    keys.addAll(asked.conf().keySet());
    for (String k : keys) {
      if (!Objects.equals(started.conf().get(k), asked.conf().get(k))) {
        differ.add("spark.conf." + k);
      }
    }
    return differ;
  }

  /** The session kept running and what it was started with. */
  private static final class Running {
    SparkSession base;
    Settings.Spark spark;
    String warehousePath;

    void check(Settings.Spark other, String otherPath) {
      List<String> differ = differences(spark, warehousePath, other, otherPath);
      if (!differ.isEmpty()) {
        throw new IllegalArgumentException(
            "this command's "
                + String.join(", ", differ)
                + " differ from the settings the running Spark session started with, and cannot"
                + " change while it runs: start a new shell for them");
      }
    }
  }
}
