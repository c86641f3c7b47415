package io.reelhouse.warehouse;

import java.io.IOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The catalog layout's names: tables {@code catalog.schema.table}, managed by the catalog, in
 * schemas created without a location. Checks what it can before any table is touched, with messages
 * that name the setting at fault.
 */
final class CatalogTables {
  private static final Pattern VOLUME =
      Pattern.compile("^(?:dbfs:)?(/Volumes/[^/]+/[^/]+/[^/]+)(/.*)?$");

  /** Spark's own catalog: the local stand-in for Unity Catalog. */
  static final String SESSION_CATALOG = "spark_catalog";

  private final SparkSession spark;
  private final String catalog;
  private final Set<String> schemasMade = new HashSet<>();

  private CatalogTables(SparkSession spark, String catalog) {
    this.spark = spark;
    this.catalog = catalog;
  }

  /**
   * Fails when the catalog does not exist or cannot be read ({@code warehouse.catalog}), or when
   * {@code root} lies in a Unity Catalog volume ({@code /Volumes/<catalog>/<schema>/<volume>/...})
   * that does not exist ({@code warehouse.path}).
   */
  static CatalogTables open(SparkSession spark, String root, String catalog) {
    try {
      spark.sql("SHOW SCHEMAS IN " + quoted(catalog)).limit(1).collect();
    } catch (Exception e) { // Spark's AnalysisException is checked, yet thrown unchecked
      throw new IllegalArgumentException(
          "setting 'warehouse.catalog': catalog '"
              + catalog
              + "' does not exist or cannot be read: "
              + firstLine(e));
    }
    Matcher volume = VOLUME.matcher(root);
    if (volume.matches() && !exists(spark, volume.group(1))) {
      throw new IllegalArgumentException(
          "setting 'warehouse.path': volume "
              + volume.group(1)
              + " does not exist (CREATE VOLUME "
              + volume.group(1).substring("/Volumes/".length()).replace('/', '.')
              + ", or set warehouse.path to a folder of a volume that does)");
    }
    return new CatalogTables(spark, catalog);
  }

  private static boolean exists(SparkSession spark, String folder) {
    Path path = new Path(folder);
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path);
    } catch (IOException e) {
      return false;
    }
  }

  String name() {
    return catalog;
  }

  /** How Delta's public API addresses the table. */
  DeltaRef ref(TableId table) {
    return DeltaRef.named(
        nameOf(table),
        catalog.equals(SESSION_CATALOG)
            ? quoted(table.schema()) + "." + quoted(table.name())
            : null);
  }

  /** The table's three-part name, quoted for SQL. */
  String nameOf(TableId table) {
    return quoted(catalog) + "." + quoted(table.schema()) + "." + quoted(table.name());
  }

  /**
   * {@code CREATE SCHEMA IF NOT EXISTS catalog.schema} for each schema not made yet, without a
   * location (the catalog places it); one that cannot be created fails naming it.
   */
  void createSchemas(Collection<String> schemas) {
    for (String schema : schemas) {
      if (schemasMade.contains(schema)) {
        continue;
      }
      try {
        spark.sql("CREATE SCHEMA IF NOT EXISTS " + quoted(catalog) + "." + quoted(schema));
      } catch (Exception e) { // as above
        throw new IllegalArgumentException(
            "setting 'warehouse.catalog': cannot create schema "
                + catalog
                + "."
                + schema
                + ": "
                + firstLine(e));
      }
      schemasMade.add(schema);
    }
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private static String firstLine(Exception e) {
    return String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getName());
  }
}
