package io.reelhouse.movielens.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelhouse.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog layout ({@code warehouse.catalog}) on Spark's own catalog, as Databricks runs it on
 * Unity Catalog: a full build, an incremental build and {@code test} give the same tables as the
 * path layout on the same input, with managed tables in schemas created without a location, and
 * with Delta's internals refused throughout (they throw when used, see DeltaWarehouseCatalogTest).
 */
class CatalogModeTest {
  /** DeltaLogAccess.REFUSE: Delta's internals throw while it is set. */
  private static final String REFUSE_INTERNALS = "reelhouse.refuse-delta-internals";

  /** Columns of a check-strategy snapshot that hold the time of the run that saw a version. */
  private static final List<String> RUN_TIME =
      List.of("dbt_scd_id", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to");

  @TempDir static Path home;
  static Path data;

  @BeforeAll
  static void sample() {
    TestSpark.session();
    data = home.resolve("data");
    Cli.Result r = Cli.run(home, "generate", "--scale", "0.005", "--out", data.toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  private static Cli.Result reelhouse(Path where, String... args) {
    Cli.Result r = Cli.run(where, args);
    assertThat(r.code()).as(String.join(" ", args) + "\n" + r.out() + r.err()).isZero();
    return r;
  }

  private static Cli.Result inCatalog(String... args) {
    System.setProperty(REFUSE_INTERNALS, "true");
    try {
      return reelhouse(home.resolve("cat"), args);
    } finally {
      System.clearProperty(REFUSE_INTERNALS);
    }
  }

  @Test
  void buildIncrementalAndTestInACatalogGiveThePathLayoutsTables() throws Exception {
    Path pathSrc = copy(data, home.resolve("src-path"));
    Path catSrc = copy(data, home.resolve("src-cat"));
    String[] path = {"-Denv.name=rhpath", "-Dsource.path=" + pathSrc};
    String[] cat = {
      "-Denv.name=rhcat", "-Dsource.path=" + catSrc, "-Dwarehouse.catalog=spark_catalog"
    };

    reelhouse(home.resolve("path"), args("build", path));
    Cli.Result full = inCatalog(args("build", cat));
    assertThat(full.out()).contains("PASS=15 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=15");

    // The same new ratings and tag in both copies of the input: a new user rates three movies
    // and tags one, a second after the newest rating.
    long next;
    try (Stream<String> lines = Files.lines(pathSrc.resolve("ratings.csv"))) {
      next =
          lines
                  .skip(1)
                  .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(',') + 1)))
                  .max()
                  .orElseThrow()
              + 1;
    }
    for (Path src : List.of(pathSrc, catSrc)) {
      Files.writeString(
          src.resolve("ratings.csv"),
          "999001,1,4.0," + next + "\n999001,2,3.5," + next + "\n999001,3,5.0," + next + "\n",
          java.nio.file.StandardOpenOption.APPEND);
      Files.writeString(
          src.resolve("tags.csv"),
          "999001,1,added later," + next + "\n",
          java.nio.file.StandardOpenOption.APPEND);
    }
    reelhouse(home.resolve("path"), args("build", path));
    Map<String, String> tables = tables(Cli.runResults(home.resolve("path")));
    Cli.Result incremental = inCatalog(args("build", cat));
    assertThat(incremental.out()).contains("PASS=6 WARN=0 ERROR=0 SKIP=0 NO-OP=9 TOTAL=15");
    Map<String, JsonNode> results = Cli.runResults(home.resolve("cat"));
    assertThat(results.get("fct_ratings").get("mode").asText()).isEqualTo("merged");
    assertThat(results.get("dim_movies").get("mode").asText()).isEqualTo("up to date");
    assertThat(results.get("fct_ratings").get("relation").asText())
        .isEqualTo("rhcat_fct.fct_ratings");

    reelhouse(home.resolve("path"), args("test", path));
    inCatalog(args("test", cat));

    SparkSession spark = TestSpark.session();
    // Scale 0.005 of ML-25M's 25,000,095 ratings (125,000.5), and the ones appended.
    long ratings = 125_000 + 3;
    assertThat(tables).as("published tables of the build").hasSize(9);
    for (var e : tables.entrySet()) {
      String name = e.getKey();
      Dataset<Row> byPath =
          spark
              .read()
              .format("delta")
              .load(home.resolve("path/warehouse/" + e.getValue()).toString());
      String catalogName =
          "spark_catalog." + e.getValue().replace("rhpath_", "rhcat_").replace('/', '.');
      Dataset<Row> inCatalog = spark.table(catalogName);
      assertThat(fingerprint(inCatalog))
          .as(name + " in the catalog vs by path")
          .isEqualTo(fingerprint(byPath));
      String schema = catalogName.split("\\.")[1];
      var entry =
          spark
              .sessionState()
              .catalog()
              .getTableMetadata(new TableIdentifier(name, scala.Option.apply(schema)));
      assertThat(entry.tableType().name())
          .as(catalogName + ": created without LOCATION")
          .isEqualTo("MANAGED");
      assertThat(
              spark.sessionState().catalog().getDatabaseMetadata(schema).locationUri().toString())
          .as("schema " + schema + " created without LOCATION")
          .endsWith("/spark-warehouse/" + schema + ".db");
    }
    assertThat(spark.table("spark_catalog.rhcat_fct.fct_ratings").count()).isEqualTo(ratings);
    assertThat(spark.table("spark_catalog.rhcat_mart.mart_movie_releases").count())
        .isEqualTo(ratings);
    try (Stream<Path> files = Files.list(home.resolve("cat/warehouse"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("only Reelhouse's own files beside the catalog's tables")
          .allMatch(f -> f.startsWith("_"));
    }
  }

  @Test
  void aCatalogThatDoesNotExistFailsBeforeAnyModelRunsNamingTheSetting() {
    Cli.Result r =
        Cli.run(
            home.resolve("missing"),
            "build",
            "-Denv.name=rhmissing",
            "-Dsource.path=" + data,
            "-Dwarehouse.catalog=no_such_catalog");
    assertThat(r.code()).as(r.out() + r.err()).isNotZero();
    assertThat(r.err())
        .contains("setting 'warehouse.catalog': catalog 'no_such_catalog' does not exist");
    assertThat(r.out()).as("no model started").doesNotContain("START");
    assertThat(Files.exists(home.resolve("missing/target/run_results.json"))).isFalse();
  }

  /** Published table name -> its folder under the path layout's warehouse ("schema/table"). */
  private static Map<String, String> tables(Map<String, JsonNode> results) {
    Map<String, String> out = new TreeMap<>();
    results.forEach(
        (name, r) -> {
          String relation = r.path("relation").asText("");
          if (!relation.isEmpty() && !relation.equals("null")) {
            out.put(name, relation.replace('.', '/'));
          }
        });
    return out;
  }

  /**
   * Row count, and a checksum of the rows that does not depend on their order (the sum of each
   * row's hash over every column but the snapshot columns holding the run's time).
   */
  private static List<Object> fingerprint(Dataset<Row> rows) {
    Column[] kept =
        Arrays.stream(rows.columns())
            .filter(c -> !RUN_TIME.contains(c))
            .sorted()
            .map(c -> col("`" + c + "`"))
            .toArray(Column[]::new);
    Row r =
        rows.agg(
                org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)),
                sum(xxhash64(kept).cast("decimal(38,0)")))
            .head();
    return List.of(r.getLong(0), String.valueOf(r.get(1)));
  }

  private static String[] args(String command, String... more) {
    String[] all = new String[more.length + 1];
    all[0] = command;
    System.arraycopy(more, 0, all, 1, more.length);
    return all;
  }

  private static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }
}
