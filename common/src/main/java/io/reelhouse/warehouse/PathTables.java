package io.reelhouse.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The path layout's names: tables under {@code <root>/<schema>/<table>} registered in the session
 * catalog as {@code schema.table} (external tables pointing at their folders), so SQL can name
 * them.
 */
final class PathTables {
  private final SparkSession spark;
  private final String root;

  PathTables(SparkSession spark, String root) {
    this.spark = spark;
    this.root = root;
  }

  /** Whether the root can be reached and written: creates it if missing; says what it found. */
  String probe() {
    try {
      var path = new org.apache.hadoop.fs.Path(root);
      var fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        fs.mkdirs(path);
        return "created (empty)";
      }
      long schemas =
          java.util.Arrays.stream(fs.listStatus(path))
              .filter(org.apache.hadoop.fs.FileStatus::isDirectory)
              .count();
      return "reachable, " + schemas + " schema folder(s)";
    } catch (java.io.IOException e) {
      throw io.reelhouse.source.StoreErrors.explain(root, e);
    }
  }

  String pathOf(TableId table) {
    return root + "/" + table.schema() + "/" + table.name();
  }

  private static String quoted(TableId t) {
    return "`" + t.schema().replace("`", "``") + "`.`" + t.name().replace("`", "``") + "`";
  }

  /**
   * Whether the folder holds a Delta table with at least one commit. An empty {@code _delta_log} (a
   * first write killed before it committed) is not one: Delta's own isDeltaTable says yes to it,
   * and registering or merging into it then fails.
   */
  static boolean committed(FileSystem fs, Path table) throws IOException {
    Path log = new Path(table, "_delta_log");
    if (!fs.exists(log)) {
      return false;
    }
    // Usual cases in two lookups (exists() is on every model's path): the first commit, or a
    // checkpoint once log cleanup removed it. Listing the log is the fallback.
    if (fs.exists(new Path(log, "00000000000000000000.json"))
        || fs.exists(new Path(log, "_last_checkpoint"))) {
      return true;
    }
    for (FileStatus f : fs.listStatus(log)) {
      String name = f.getPath().getName();
      if (name.matches("\\d{20}\\.json") || name.matches("\\d{20}\\.checkpoint.*\\.parquet")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Registers {@code schema.table} in the session catalog, pointing at the table's folder. A name
   * registered by another warehouse root in this session is re-pointed (dropping a table registered
   * with a location never deletes its data).
   */
  void register(TableId table) {
    String path = pathOf(table);
    if (spark.catalog().tableExists(table.schema(), table.name())) {
      if (sameLocation(registeredLocation(table), path)) {
        return;
      }
      spark.sql("DROP TABLE " + quoted(table));
    }
    // Asked first: the statement is parsed, analysed and run even when the database exists.
    if (!spark.sessionState().catalog().databaseExists(table.schema())) {
      spark.sql(
          "CREATE DATABASE IF NOT EXISTS `"
              + table.schema()
              + "` LOCATION '"
              + sqlString(root + "/" + table.schema())
              + "'");
    }
    spark.sql(
        "CREATE TABLE IF NOT EXISTS "
            + quoted(table)
            + " USING DELTA LOCATION '"
            + sqlString(path)
            + "'");
  }

  /**
   * Where the catalog says a table is, from the catalog's own entry: DESCRIBE DETAIL would answer
   * the same but builds the table's Delta state first, for every table, each time the warehouse
   * opens again in a session that has them registered (a notebook cell run twice, {@code debug}).
   * Null when the name is not registered.
   */
  private String registeredLocation(TableId table) {
    try {
      return spark
          .sessionState()
          .catalog()
          .getTableMetadata(
              new org.apache.spark.sql.catalyst.TableIdentifier(
                  table.name(), scala.Option.apply(table.schema())))
          .location()
          .toString();
    } catch (Exception gone) { // Spark's AnalysisException is checked, yet thrown unchecked
      return null;
    }
  }

  private boolean sameLocation(String a, String b) {
    if (a == null) {
      return false;
    }
    var conf = spark.sparkContext().hadoopConfiguration();
    try {
      Path pa = new Path(a);
      Path pb = new Path(b);
      return pa.getFileSystem(conf)
          .makeQualified(pa)
          .equals(pb.getFileSystem(conf).makeQualified(pb));
    } catch (IOException e) {
      return false;
    }
  }

  void registerExisting() {
    eachTable(t -> true, this::register);
  }

  /**
   * Registers the tables of the folders that {@code query} names ({@link QueryNames}): each at the
   * folder of its name as written, else the folder whose name matches it as Spark's catalog
   * compares names (ignoring case). False when the query may name tables that cannot be told from
   * its text alone; nothing is registered then.
   */
  boolean registerNamedIn(String query) {
    Optional<List<TableId>> named = QueryNames.of(spark, query);
    if (named.isEmpty()) {
      return false;
    }
    Set<String> elsewhere = new HashSet<>();
    Path rootPath = new Path(root);
    try {
      FileSystem fs = rootPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (TableId t : named.get()) {
        if (committed(fs, new Path(pathOf(t)))) {
          register(t);
        } else {
          elsewhere.add(lowerCase(t));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read warehouse folder " + root + ": " + e.getMessage(), e);
    }
    if (!elsewhere.isEmpty()) {
      eachTable(t -> elsewhere.contains(lowerCase(t)), this::register);
    }
    return true;
  }

  private static String lowerCase(TableId t) {
    return t.qualified().toLowerCase(Locale.ROOT);
  }

  /** Each wanted table in the folders: a folder whose log has a commit. */
  private void eachTable(Predicate<TableId> wanted, Consumer<TableId> action) {
    Path rootPath = new Path(root);
    try {
      FileSystem fs = rootPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.isDirectory(rootPath)) {
        return;
      }
      for (FileStatus schema : fs.listStatus(rootPath)) {
        if (!schema.isDirectory()) {
          continue;
        }
        for (FileStatus table : fs.listStatus(schema.getPath())) {
          // A first write killed before its commit leaves data files and an empty _delta_log: not
          // a table, and the next write of that model creates it (the stray files are never
          // referenced).
          TableId id = new TableId(schema.getPath().getName(), table.getPath().getName());
          if (table.isDirectory() && wanted.test(id) && committed(fs, table.getPath())) {
            action.accept(id);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot list warehouse folder " + root + ": " + e.getMessage(), e);
    }
  }

  private static String sqlString(String s) {
    return s.replace("\\", "\\\\").replace("'", "\\'");
  }
}
