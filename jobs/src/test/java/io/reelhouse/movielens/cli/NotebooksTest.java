package io.reelhouse.movielens.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelhouse.notebook.Notebook;
import io.reelhouse.notebook.NotebookRunner;
import io.reelhouse.testing.TestSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every notebook in notebooks/, run with its parameters on two sets of schemas that hold different
 * hand-written rows ({@code north_*} and {@code south_*}, as two environments would), so a notebook
 * that ignored a parameter would give the other set's answer. The expected rows are worked out by
 * hand from the fixtures below.
 */
class NotebooksTest {
  @TempDir static Path home;

  private static final Path NOTEBOOKS = Path.of("..", "notebooks");

  static final Map<String, String> NORTH =
      Map.of("catalog", "spark_catalog", "dim_schema", "north_dim", "fct_schema", "north_fct");
  static final Map<String, String> SOUTH =
      Map.of("catalog", "spark_catalog", "dim_schema", "south_dim", "fct_schema", "south_fct");

  @BeforeAll
  static void twoEnvironments() {
    SparkSession spark = TestSpark.session();
    for (String env : List.of("north", "south")) {
      spark.sql("DROP SCHEMA IF EXISTS " + env + "_dim CASCADE");
      spark.sql("DROP SCHEMA IF EXISTS " + env + "_fct CASCADE");
      spark.sql("CREATE SCHEMA " + env + "_dim");
      spark.sql("CREATE SCHEMA " + env + "_fct");
      // The same four movies in both environments; their ratings and genome scores differ.
      table(
          env + "_dim.dim_movies",
          "movie_id INT, movie_title STRING, genre_array ARRAY<STRING>",
          "(1, 'Heat (1995)', array('Action', 'Crime')),"
              + " (2, 'Toy Story (1995)', array('Animation', 'Comedy')),"
              + " (3, 'Fargo (1996)', array('Crime')),"
              + " (4, 'Untitled (2000)', array('(no genres listed)'))");
    }
    // north: users 1-101 rate Heat 4.0 in 2019; users 51-152 rate Toy Story 3.0 in 2020; users
    // 1-20 rate Fargo 5.0 in 2020; user 200 rates movie 4 2.0 in 2021.
    ratings("north_fct", 1, 101, 1, 4.0, "2019-06-01");
    ratings("north_fct", 51, 152, 2, 3.0, "2020-06-01");
    ratings("north_fct", 1, 20, 3, 5.0, "2020-01-01");
    ratings("north_fct", 200, 200, 4, 2.0, "2021-01-01");
    // south: users 1-101 rate Heat 2.0 in 2018, Toy Story and Fargo 4.5 in 2019.
    ratings("south_fct", 1, 101, 1, 2.0, "2018-03-01");
    ratings("south_fct", 1, 101, 2, 4.5, "2019-03-01");
    ratings("south_fct", 1, 101, 3, 4.5, "2019-03-01");

    table(
        "north_dim.dim_genome_tags",
        "tag_id INT, tag_name STRING",
        "(1, 'Dark'), (2, 'Funny'), (3, 'Heist'), (4, 'Slow'), (5, 'Tense'), (6, 'Loud')");
    table(
        "north_fct.fct_genome_scores",
        "movie_id INT, tag_id INT, relevance_score DECIMAL(9, 4)",
        "(1, 1, 0.9), (1, 2, 0.1), (1, 3, 0.8), (1, 4, 0.6), (1, 5, 0.5), (1, 6, 0.4),"
            + " (2, 1, 0.2), (2, 2, 0.95), (2, 3, 0.05),"
            + " (3, 1, 0.7), (3, 2, 0.3), (3, 3, 0.1)");
    table("south_dim.dim_genome_tags", "tag_id INT, tag_name STRING", "(1, 'Dark'), (2, 'Funny')");
    table(
        "south_fct.fct_genome_scores",
        "movie_id INT, tag_id INT, relevance_score DECIMAL(9, 4)",
        "(2, 1, 0.4), (2, 2, 0.6), (3, 1, 0.1), (3, 2, 0.3)");
  }

  private static void table(String name, String columns, String values) {
    TestSpark.session().sql("CREATE TABLE " + name + " (" + columns + ") USING delta");
    TestSpark.session().sql("INSERT INTO " + name + " VALUES " + values);
  }

  /** One rating of {@code movie} by each user from {@code first} to {@code last}, all alike. */
  private static void ratings(
      String schema, int first, int last, int movie, double rating, String day) {
    var spark = TestSpark.session();
    if (!spark.catalog().tableExists(schema + ".fct_ratings")) {
      spark.sql(
          "CREATE TABLE "
              + schema
              + ".fct_ratings (user_id INT, movie_id INT, rating DOUBLE, rating_timestamp"
              + " TIMESTAMP) USING delta");
    }
    spark.sql(
        "INSERT INTO "
            + schema
            + ".fct_ratings SELECT CAST(id AS INT), "
            + movie
            + ", "
            + rating
            + ", TIMESTAMP '"
            + day
            + " 12:00:00' FROM range("
            + first
            + ", "
            + (last + 1)
            + ")");
  }

  /** Each result of the notebook, its rows as text: "value | value | ...". */
  static List<List<String>> run(String notebook, Map<String, String> params) throws IOException {
    var nb = Notebook.parse(notebook, Files.readString(NOTEBOOKS.resolve(notebook)));
    var out = new ArrayList<List<String>>();
    for (var result : new NotebookRunner(TestSpark.session()).run(nb, params)) {
      out.add(result.rows().collectAsList().stream().map(NotebooksTest::text).toList());
    }
    return out;
  }

  private static String text(Row row) {
    var values = new ArrayList<String>();
    for (int i = 0; i < row.length(); i++) {
      Object v = row.get(i);
      values.add(v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v));
    }
    return String.join(" | ", values);
  }

  @Test
  void everyNotebookIsCoveredHere() throws IOException {
    try (Stream<Path> files = Files.list(NOTEBOOKS)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")))
          .as("a new notebook needs its expected results in this test")
          .containsExactlyInAnyOrder(
              "movie_analysis.sql",
              "ratings_by_genre_over_years.sql",
              "genome_tags_per_genre.sql",
              "user_cohorts.sql");
    }
  }

  @Test
  void noNotebookNamesAnEnvironmentsCatalogOrSchema() throws IOException {
    try (Stream<Path> files = Files.list(NOTEBOOKS)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
        String sql =
            Files.readString(file)
                .lines()
                .filter(l -> !l.startsWith("-- MAGIC"))
                .reduce("", (a, b) -> a + b + "\n");
        assertThat(sql)
            .as(file + ": tables only through IDENTIFIER(:catalog || '.' || :<layer>_schema ...)")
            .doesNotContainPattern("(?i)\\b(dim|fct|mart|snapshots|seeds)\\.\\w")
            .doesNotContainPattern("(?i)\\b(local|dev|prod|test)_(dim|fct|mart|snapshots|seeds)\\b")
            .doesNotContainIgnoringCase("spark_catalog")
            .contains("IDENTIFIER(:catalog || '.' || :fct_schema || '.fct_");
      }
    }
  }

  @Test
  void movieAnalysisRanksMoviesWithMoreThanAHundredRatingsInEachEnvironment() throws IOException {
    assertThat(run("movie_analysis.sql", NORTH))
        .as("north: Fargo has 20 ratings, movie 4 one: neither passes HAVING COUNT(*) > 100")
        .containsExactly(
            List.of("1 | Heat (1995) | 4.0 | 101", "2 | Toy Story (1995) | 3.0 | 102"));
    assertThat(run("movie_analysis.sql", SOUTH))
        .as("south: a tie at 4.5 is ordered by title")
        .containsExactly(
            List.of(
                "3 | Fargo (1996) | 4.5 | 101",
                "2 | Toy Story (1995) | 4.5 | 101",
                "1 | Heat (1995) | 2.0 | 101"));
  }

  @Test
  void ratingsByGenreCountsAMovieOnceInEachOfItsGenres() throws IOException {
    assertThat(run("ratings_by_genre_over_years.sql", NORTH))
        .containsExactly(
            List.of(
                "2019 | Action | 101 | 4.0",
                "2019 | Crime | 101 | 4.0",
                "2020 | Animation | 102 | 3.0",
                "2020 | Comedy | 102 | 3.0",
                "2020 | Crime | 20 | 5.0"),
            // 2020: 102 + 102 + 20 = 224; 102 / 224 = 0.45536, 20 / 224 = 0.08929.
            List.of(
                "2019 | Action | 101 | 0.5",
                "2019 | Crime | 101 | 0.5",
                "2020 | Animation | 102 | 0.4554",
                "2020 | Comedy | 102 | 0.4554",
                "2020 | Crime | 20 | 0.0893",
                "2021 | (no genres listed) | 1 | 1.0"));
    assertThat(run("ratings_by_genre_over_years.sql", SOUTH))
        .containsExactly(
            List.of(
                "2018 | Action | 101 | 2.0",
                "2018 | Crime | 101 | 2.0",
                "2019 | Animation | 101 | 4.5",
                "2019 | Comedy | 101 | 4.5",
                "2019 | Crime | 101 | 4.5"),
            List.of(
                "2018 | Action | 101 | 0.5",
                "2018 | Crime | 101 | 0.5",
                "2019 | Animation | 101 | 0.3333",
                "2019 | Comedy | 101 | 0.3333",
                "2019 | Crime | 101 | 0.3333"));
  }

  @Test
  void genomeTagsPerGenreKeepTheFiveMostRelevant() throws IOException {
    assertThat(run("genome_tags_per_genre.sql", NORTH))
        .containsExactly(
            List.of(
                // Action is Heat alone: Funny (0.1) is its sixth tag and drops out.
                "Action | 1 | Dark | 0.9000 | 1",
                "Action | 2 | Heist | 0.8000 | 1",
                "Action | 3 | Slow | 0.6000 | 1",
                "Action | 4 | Tense | 0.5000 | 1",
                "Action | 5 | Loud | 0.4000 | 1",
                "Animation | 1 | Funny | 0.9500 | 1",
                "Animation | 2 | Dark | 0.2000 | 1",
                "Animation | 3 | Heist | 0.0500 | 1",
                "Comedy | 1 | Funny | 0.9500 | 1",
                "Comedy | 2 | Dark | 0.2000 | 1",
                "Comedy | 3 | Heist | 0.0500 | 1",
                // Crime is Heat and Fargo: Dark (0.9 + 0.7) / 2, Heist (0.8 + 0.1) / 2.
                "Crime | 1 | Dark | 0.8000 | 2",
                "Crime | 2 | Slow | 0.6000 | 1",
                "Crime | 3 | Tense | 0.5000 | 1",
                "Crime | 4 | Heist | 0.4500 | 2",
                "Crime | 5 | Loud | 0.4000 | 1"));
    assertThat(run("genome_tags_per_genre.sql", SOUTH))
        .as("south has no scores for Heat, so no Action")
        .containsExactly(
            List.of(
                "Animation | 1 | Funny | 0.6000 | 1",
                "Animation | 2 | Dark | 0.4000 | 1",
                "Comedy | 1 | Funny | 0.6000 | 1",
                "Comedy | 2 | Dark | 0.4000 | 1",
                "Crime | 1 | Funny | 0.3000 | 1",
                "Crime | 2 | Dark | 0.1000 | 1"));
  }

  @Test
  void userCohortsFollowEachFirstYearsUsers() throws IOException {
    assertThat(
            run("user_cohorts.sql", Map.of("catalog", "spark_catalog", "fct_schema", "north_fct")))
        .containsExactly(
            List.of(
                // 2019's 101 users; in 2020, users 51-101 rate Toy Story and 1-20 Fargo: 71.
                "2019 | 101 | 0 | 101 | 1.0 | 101",
                "2019 | 101 | 1 | 71 | 0.703 | 71",
                "2020 | 51 | 0 | 51 | 1.0 | 51",
                "2021 | 1 | 0 | 1 | 1.0 | 1"));
    assertThat(
            run("user_cohorts.sql", Map.of("catalog", "spark_catalog", "fct_schema", "south_fct")))
        .containsExactly(
            List.of("2018 | 101 | 0 | 101 | 1.0 | 101", "2018 | 101 | 1 | 101 | 1.0 | 202"));
  }

  @Test
  void aMissingParameterIsNamedWithThoseTheNotebookTakes() {
    assertThatThrownBy(
            () ->
                run(
                    "movie_analysis.sql",
                    Map.of("catalog", "spark_catalog", "dim_schema", "north_dim")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "movie_analysis.sql: missing parameter fct_schema (give each with --param NAME=VALUE;"
                + " the notebook takes catalog, dim_schema, fct_schema)");
  }

  @Test
  void aParameterTheNotebookDoesNotTakeIsRefused() {
    assertThatThrownBy(() -> run("user_cohorts.sql", NORTH))
        .hasMessage("user_cohorts.sql has no parameter 'dim_schema'; it takes catalog, fct_schema");
  }

  @Test
  void aSchemaWithoutReelhouseTablesSaysWhichParameterAndWhichTables() {
    assertThatThrownBy(
            () ->
                run(
                    "movie_analysis.sql",
                    Map.of(
                        "catalog",
                        "spark_catalog",
                        "dim_schema",
                        "north_dim",
                        "fct_schema",
                        "default")))
        .hasMessage(
            "movie_analysis.sql: no Reelhouse table where the parameters point (catalog ="
                + " 'spark_catalog', fct_schema = 'default'): looked for"
                + " spark_catalog.default.fct_ratings. Build the models first, or give the schema"
                + " that holds them");
    assertThatThrownBy(
            () ->
                run(
                    "user_cohorts.sql",
                    Map.of("catalog", "spark_catalog", "fct_schema", "nowhere_fct")))
        .as("a schema that does not exist at all")
        .hasMessage(
            "user_cohorts.sql: no Reelhouse table where the parameters point (catalog ="
                + " 'spark_catalog', fct_schema = 'nowhere_fct'): looked for"
                + " spark_catalog.nowhere_fct.fct_ratings. Build the models first, or give the"
                + " schema that holds them");
  }

  @Test
  void theCommandPrintsEachResultAndItsReportDrawsACharPerResultInTheBrowser() throws IOException {
    Path report = home.resolve("reports/ratings_by_genre.html");
    Cli.Result r =
        Cli.run(
            home,
            "notebook",
            "run",
            NOTEBOOKS.resolve("ratings_by_genre_over_years.sql").toString(),
            "--param",
            "dim_schema=north_dim",
            "--param",
            "fct_schema=north_fct",
            "--html",
            report.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .as("cells 3 and 5 are the queries (1 and 4 markdown, 2 the widgets)")
        .startsWith("-- cell 3: SELECT YEAR(r.rating_timestamp) AS rating_year,")
        .contains("-- cell 5: WITH per_genre AS (")
        .contains("| 2020        | Crime     | 20      | 5.0            |");
    String html = Files.readString(report);
    assertThat(html)
        .as("parameters, both results and the inlined library")
        .contains("<td>catalog</td><td><code>spark_catalog</code></td>")
        .contains("<td>fct_schema</td><td><code>north_fct</code></td>")
        .contains("<td>2020</td><td>Crime</td><td>20</td><td>0.0893</td>")
        .contains("<td>2021</td><td>(no genres listed)</td><td>1</td><td>1.0</td>")
        .contains("Chart.js v4.5.1");
    assertThat(html)
        .as("the report loads nothing from a network")
        .doesNotContainPattern("(src|href)=\"https?:");

    DocsBrowser.assumeAvailable();
    try (DocsBrowser browser = new DocsBrowser()) {
      var driver = browser.driver();
      driver.get(report.toUri().toString());
      @SuppressWarnings("unchecked")
      List<List<Object>> charts =
          (List<List<Object>>)
              driver.executeScript(
                  "return Array.from(document.querySelectorAll('canvas')).map(function (c) {"
                      + "  var chart = Chart.getChart(c);"
                      + "  var pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                      + "  var painted = 0;"
                      + "  for (var i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) painted++; }"
                      + "  return [c.id, chart.config.type, chart.data.labels.join(','),"
                      + "    chart.data.datasets.map(function (d) {"
                      + "      return d.label + '=' + d.data.map(String).join('/'); }).join(' '),"
                      + "    c.width > 0 && c.height > 0, painted > 1000];"
                      + "});");
      browser.screenshot(Path.of("target/screenshots/notebook-report.png"));
      assertThat(charts)
          .as("a line per genre over the years: ratings in cell 3, the share of the year in cell 5")
          .containsExactly(
              List.of(
                  "chart-3-1",
                  "line",
                  "2019,2020",
                  "Action=101/null Crime=101/20 Animation=null/102 Comedy=null/102",
                  true,
                  true),
              List.of(
                  "chart-5-1",
                  "line",
                  "2019,2020,2021",
                  "Action=0.5/null/null Crime=0.5/0.0893/null Animation=null/0.4554/null"
                      + " Comedy=null/0.4554/null (no genres listed)=null/null/1",
                  true,
                  true));
    }
  }

  @Test
  void theCommandFailsBeforeAnyCellWhenAParameterIsMissing() {
    Cli.Result r = Cli.run(home, "notebook", "run", "user_cohorts_not_there");
    assertThat(r.code()).isEqualTo(Main.CANNOT_START);
    assertThat(r.err()).contains("notebook not found: user_cohorts_not_there");

    Cli.Result missing =
        Cli.run(home, "notebook", "run", NOTEBOOKS.resolve("user_cohorts.sql").toString());
    assertThat(missing.code()).as(missing.err()).isEqualTo(Main.CANNOT_START);
    assertThat(missing.err())
        .contains(
            "user_cohorts.sql: missing parameter fct_schema (give each with --param NAME=VALUE;"
                + " the notebook takes catalog, fct_schema)");
    assertThat(missing.out()).as("no cell ran").isEmpty();
  }
}
