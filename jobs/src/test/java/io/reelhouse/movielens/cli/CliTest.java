package io.reelhouse.movielens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelhouse.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line, in process, on conf/local.conf with paths moved to a temporary folder. The
 * session is the test JVM's ({@code -Dspark.local-master=} joins it instead of starting one).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliTest {
  @TempDir static Path home;

  /** Rows of a scale-0.01 sample: ML-25M's 25,000,095 ratings x 0.01, rounded. */
  private static final long RATINGS_AT_1_PERCENT = 250_001;

  static Cli.Result reelhouse(String... args) {
    return Cli.run(home, args);
  }

  @BeforeAll
  static void sample() {
    TestSpark.session();
    Cli.Result r =
        reelhouse("generate", "--scale", "0.01", "--out", home.resolve("data/sample").toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  private static Map<String, JsonNode> runResults() {
    return Cli.runResults(home);
  }

  @Test
  @Order(1)
  void buildWritesEveryTableModelAndARerunChangesNothing() throws IOException {
    Cli.Result first = reelhouse("build");
    assertThat(first.code()).as(first.out() + first.err()).isZero();
    assertThat(first.out())
        .containsPattern("(?m)^1 of 15 START view src_movies \\.+ \\[RUN\\]$")
        .containsPattern(
            "(?m)^7 of 15 OK seed seed_movie_release_dates \\.+ 10 rows in \\d+\\.\\ds$")
        .containsPattern("(?m)^15 of 15 START snapshot snap_movies \\.+ \\[RUN\\]$")
        .containsPattern("(?m)^Finished running 15 models in \\d+\\.\\ds\\.$")
        .contains("Done. PASS=15 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=15");
    // Each model's START line comes before its result line.
    List<String> lines = first.out().lines().toList();
    for (int i = 1; i <= 15; i++) {
      String prefix = i + " of 15 ";
      int start = -1;
      int done = -1;
      for (int j = 0; j < lines.size(); j++) {
        if (lines.get(j).startsWith(prefix + "START ")) {
          start = j;
        } else if (lines.get(j).startsWith(prefix + "OK ")) {
          done = j;
        }
      }
      assertThat(start).as("START line of model " + i).isNotNegative().isLessThan(done);
    }
    JsonNode dbt = DbtArtifacts.lastRun(home);
    assertThat(DbtArtifacts.count(dbt, "success")).as("the 15 models").isEqualTo(15);
    assertThat(DbtArtifacts.count(dbt, "pass")).as("the 24 rules, as test results").isEqualTo(24);
    assertThat(DbtArtifacts.statuses(dbt).get("test.movielens.not_null_fct_ratings_rating"))
        .isEqualTo("pass");
    Map<String, JsonNode> before = runResults();
    assertThat(before.keySet())
        .containsExactlyInAnyOrder(
            "src_movies",
            "src_ratings",
            "src_tags",
            "src_links",
            "src_genome_tags",
            "src_genome_scores",
            "seed_movie_release_dates",
            "dim_movies",
            "dim_users",
            "dim_genome_tags",
            "fct_genome_scores",
            "fct_ratings",
            "mart_movie_releases",
            "snap_tags",
            "snap_movies");
    // Tags at 1%: 1,093,360 x 0.01 = 10,933.6.
    assertThat(before.get("snap_tags").get("changes").get("new").asLong()).isEqualTo(10_934);
    assertThat(before.get("fct_ratings").get("rows_in_table").asLong())
        .isEqualTo(RATINGS_AT_1_PERCENT);
    assertThat(before.get("mart_movie_releases").get("rows_in_table").asLong())
        .isEqualTo(RATINGS_AT_1_PERCENT);
    assertThat(before.get("seed_movie_release_dates").get("rows_in_table").asLong()).isEqualTo(10);
    assertThat(before.get("dim_movies").get("rows_in_table").asLong())
        .as("movies at 1%")
        .isEqualTo(624);
    assertThat(before.get("dim_users").get("rows_in_table").asLong())
        .as("users at 1%")
        .isEqualTo(1625);
    assertThat(before.get("dim_genome_tags").get("rows_in_table").asLong()).isEqualTo(1128);

    Cli.Result second = reelhouse("build");
    assertThat(second.code()).as(second.out() + second.err()).isZero();
    Map<String, JsonNode> after = runResults();
    for (String table :
        List.of(
            "seed_movie_release_dates",
            "dim_movies",
            "dim_users",
            "dim_genome_tags",
            "fct_genome_scores",
            "fct_ratings",
            "mart_movie_releases",
            "snap_tags",
            "snap_movies")) {
      assertThat(after.get(table).get("mode").asText())
          .as(table + " on unchanged inputs")
          .isEqualTo("up to date");
      assertThat(second.out())
          .containsPattern(" NO-OP \\w+ " + table + " \\.+ up to date \\(inputs unchanged\\) in ");
    }
    Cli.Result count =
        reelhouse(
            "show", "--inline", "select count(*) from local_fct.fct_ratings", "--format", "csv");
    assertThat(count.out()).isEqualTo("count(1)\n" + RATINGS_AT_1_PERCENT + "\n");
    Cli.Result dupes =
        reelhouse(
            "show",
            "--format",
            "csv",
            "--inline",
            "select count(*) - count(distinct user_id, movie_id) as dupes from local_fct.fct_ratings");
    assertThat(dupes.out()).isEqualTo("dupes\n0\n");
  }

  @Test
  @Order(2)
  void showPrintsWhatTheWarehouseHolds() throws IOException {
    Cli.Result count =
        reelhouse(
            "show", "--inline", "select count(*) from local_fct.fct_ratings", "--format", "csv");
    assertThat(count.code()).as(count.err()).isZero();
    assertThat(count.out()).isEqualTo("count(1)\n" + RATINGS_AT_1_PERCENT + "\n");

    Cli.Result mart = reelhouse("show", "mart_movie_releases", "--limit", "5");
    assertThat(mart.code()).as(mart.err()).isZero();
    List<String> lines = mart.out().lines().toList();
    assertThat(lines).hasSize(7);
    assertThat(lines.get(0))
        .isEqualTo(
            "| user_id | movie_id | rating | rating_timestamp     | release_info_available |");
    assertThat(lines.subList(2, 7))
        .allMatch(
            l ->
                l.matches(
                    "\\| \\d+ +\\| \\d+ +\\| \\d\\.\\d +\\| \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\| (known|unknown) +\\|"));

    Cli.Result known =
        reelhouse(
            "show",
            "--format",
            "json",
            "--inline",
            "select release_info_available, count(distinct movie_id) as movies from local_mart.mart_movie_releases"
                + " where movie_id <= 12 group by 1 order by 1");
    // The seed dates movies 1..10; the generator gives ids 1..10 to its first movies, and
    // movies 11 and 12 have no date.
    assertThat(known.out().lines().toList())
        .first()
        .isEqualTo("{\"release_info_available\":\"known\",\"movies\":10}");

    // dbt's form: show -s MODEL --output json prints {"node": ..., "show": [rows]}.
    Cli.Result dbtJson = reelhouse("show", "-s", "dim_movies", "--output", "json", "--limit", "2");
    assertThat(dbtJson.code()).as(dbtJson.err()).isZero();
    JsonNode shown = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dbtJson.out());
    assertThat(shown.get("node").asText()).isEqualTo("dim_movies");
    assertThat(shown.get("show")).hasSize(2);
    assertThat(shown.get("show").get(0).has("movie_title")).as(dbtJson.out()).isTrue();
    Cli.Result csv =
        reelhouse("show", "--select", "fct_ratings", "--output", "csv", "--limit", "1");
    assertThat(csv.out().lines().toList())
        .hasSize(2)
        .first()
        .isEqualTo("user_id,movie_id,rating,rating_timestamp");
  }

  @Test
  @Order(3)
  void lsListsEveryModelWithItsTableWithoutSpark() {
    Cli.Result ls = reelhouse("ls");
    assertThat(ls.code()).isZero();
    assertThat(ls.out().lines()).hasSize(17);
    assertThat(ls.out())
        .containsPattern("dim_movies_with_tags +dim +ephemeral +- +One row per")
        .containsPattern(
            "fct_ratings +fct +incremental +local_fct.fct_ratings +One row per \\(user, movie\\)")
        .containsPattern("src_ratings +staging +view +- ");
  }

  @Test
  @Order(4)
  void aBadSettingIsOneLineNamingTheKey() {
    Cli.Result r = reelhouse("build", "-Dspark.shuffle-partitions=lots");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines())
        .containsExactly(
            "error: setting 'spark.shuffle-partitions' in command-line -D: expected a whole number, got string \"lots\"");
  }

  @Test
  @Order(5)
  void aMissingInputFileIsOneLineNamingThePath() {
    Path empty = home.resolve("nothing-here");
    Cli.Result r = reelhouse("build", "-Dsource.path=" + empty);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err())
        .startsWith("error: input files not found: source 'movies': " + empty + "/movies.csv;")
        .contains("source 'ratings': " + empty + "/ratings.csv")
        .doesNotContain("genome");
  }

  @Test
  @Order(6)
  void anUnknownCommandIsOneLineWithASuggestion() {
    Cli.Result r = reelhouse("biuld");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines())
        .containsExactly(
            "error: unknown command 'biuld'; did you mean build? (reelhouse --help lists the commands)");
  }

  @Test
  @Order(7)
  void debugAddsTheStackTrace() {
    Cli.Result r = reelhouse("build", "-Dspark.shuffle-partitions=lots", "--debug");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines().size()).isGreaterThan(3);
    assertThat(r.err()).contains("\tat io.reelhouse.config.SettingsLoader");
  }

  @Test
  @Order(8)
  void aFailingModelSkipsItsDependantsAndExitsNonZero() throws IOException {
    Path bad = home.resolve("bad");
    Files.createDirectories(bad);
    for (String f : List.of("movies.csv", "tags.csv", "links.csv")) {
      Files.copy(home.resolve("data/sample").resolve(f), bad.resolve(f));
    }
    Files.writeString(
        bad.resolve("ratings.csv"), "userId,movieId,rating,timestamp\none,1,4.0,1000\n");
    Cli.Result r = reelhouse("run", "--select", "src_ratings+", "-Dsource.path=" + bad);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .containsPattern("1 of 4 ERROR view src_ratings \\.+ failed in")
        .contains(
            "    ratings.csv: 1 of 1 lines malformed, quarantined in local_staging.src_ratings__quarantine")
        .contains("above the ceiling of 1.00% (quality.quarantine-ceiling)")
        .containsPattern(
            "SKIP incremental dim_users \\.+ skipped because upstream model src_ratings failed")
        .containsPattern(
            "SKIP incremental fct_ratings \\.+ skipped because upstream model src_ratings failed")
        .containsPattern("SKIP incremental mart_movie_releases \\.+ skipped because upstream model")
        .contains("PASS=0 WARN=0 ERROR=1 SKIP=3 NO-OP=0 TOTAL=4")
        .containsPattern("(?m)^1 of 4 START view src_ratings \\.+ \\[RUN\\]$")
        .containsPattern("(?m)^2 of 4 START incremental dim_users \\.+ \\[RUN\\]$");
    JsonNode failed = DbtArtifacts.lastRun(home);
    assertThat(DbtArtifacts.statuses(failed))
        .containsEntry("model.movielens.src_ratings", "error")
        .containsEntry(DbtArtifacts.FCT_RATINGS, "skipped")
        .containsEntry("model.movielens.dim_users", "skipped")
        .containsEntry("model.movielens.mart_movie_releases", "skipped");
    assertThat(DbtArtifacts.count(failed, "skipped")).isEqualTo(3);
    assertThat(failed.at("/results/0/message").asText()).isNotBlank();

    // dbt retry: the failed and skipped nodes, and only those, with the last run's arguments and
    // settings: its -Dsource.path, so the same bad file fails again until it is fixed.
    Cli.Result unfixed = reelhouse("retry");
    assertThat(unfixed.code()).as(unfixed.out() + unfixed.err()).isEqualTo(1);
    assertThat(unfixed.out())
        .containsPattern("1 of 4 ERROR view src_ratings \\.+ failed in")
        .contains("PASS=0 WARN=0 ERROR=1 SKIP=3 NO-OP=0 TOTAL=4");
    Files.copy(
        home.resolve("data/sample/ratings.csv"),
        bad.resolve("ratings.csv"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String failedRun = DbtArtifacts.lastRun(home).at("/metadata/invocation_id").asText();
    Cli.Result retry = reelhouse("retry");
    assertThat(retry.code()).as(retry.out() + retry.err()).isZero();
    assertThat(retry.out())
        .contains("Retrying the last run (")
        .containsPattern("Done\\. PASS=\\d WARN=0 ERROR=0 SKIP=0 NO-OP=\\d TOTAL=4");
    assertThat(runResults().keySet())
        .containsExactlyInAnyOrder(
            "src_ratings", "dim_users", "fct_ratings", "mart_movie_releases");
    JsonNode retried = DbtArtifacts.lastRun(home).get("args");
    assertThat(retried.get("retry_of").asText()).isEqualTo(failedRun);
    assertThat(retried.at("/vars/source.path").asText()).isEqualTo(bad.toString());
    DbtArtifacts.lastRun(home);
    Cli.Result again = reelhouse("retry");
    assertThat(again.code()).isZero();
    assertThat(again.out()).contains("Nothing to retry: every node of the last run succeeded.");

    Cli.Result none = reelhouse("retry", "-Dtarget.path=" + home.resolve("no-target"));
    assertThat(none.code()).as("an error in the invocation").isEqualTo(2);
    assertThat(none.err())
        .contains("nothing to retry: no earlier run's results at")
        .contains("no-target/run_results.json");
  }

  @Test
  @Order(9)
  void withoutGenomeFilesTheGenomeModelsAreEmptyAndOneLineSaysSo() throws IOException {
    Path small = home.resolve("no-genome");
    Files.createDirectories(small);
    for (String f : List.of("movies.csv", "ratings.csv", "tags.csv", "links.csv")) {
      Files.copy(home.resolve("data/sample").resolve(f), small.resolve(f));
    }
    Cli.Result r =
        reelhouse(
            "build",
            "--select",
            "+fct_genome_scores",
            "+dim_genome_tags",
            "dim_movies",
            "-Dsource.path=" + small,
            "-Denv.name=nogenome");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.errLines())
        .containsExactly(
            "WARN optional source files not found in "
                + small
                + ": genome-tags.csv, genome-scores.csv; the models built on them will be empty");
    assertThat(runResults().get("fct_genome_scores").get("rows_in_table").asLong()).isZero();
    assertThat(runResults().get("dim_genome_tags").get("rows_in_table").asLong()).isZero();

    Cli.Result joined =
        reelhouse(
            "show",
            "dim_movies_with_tags",
            "--format",
            "csv",
            "--limit",
            "1",
            "-Dsource.path=" + small,
            "-Denv.name=nogenome");
    assertThat(joined.code()).as(joined.err()).isZero();
    assertThat(joined.out().lines().toList())
        .as("a movie without scores: one row, null tag columns")
        .hasSize(2)
        .last()
        .asString()
        .endsWith(",,");
  }

  @Test
  @Order(10)
  void testReportsEverySeedTestPassingByName() {
    // Tests are nodes: test_type:singular runs the three expression rules alone (first, so the
    // full run below is the last one the docs read).
    Cli.Result singular = reelhouse("test", "-s", "test_type:singular");
    assertThat(singular.code()).as(singular.out() + singular.err()).isZero();
    assertThat(singular.out())
        .contains("Running 3 tests on 2 models")
        .contains("PASS=3 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=3");
    Cli.Result r = reelhouse("test");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    // The tests of REFERENCE_MODELS.md, each a rule of its model.
    List<String> expected =
        List.of(
            "dim_movies not_null(movie_id)",
            "dim_movies not_null(movie_title)",
            "dim_users not_null(user_id)",
            "dim_genome_tags not_null(tag_id)",
            "dim_genome_tags not_null(tag_name)",
            "fct_ratings not_null(user_id)",
            "fct_ratings not_null(movie_id)",
            "fct_ratings not_null(rating)",
            "fct_genome_scores not_null(movie_id)",
            "fct_genome_scores not_null(tag_id)",
            "fct_genome_scores not_null(relevance_score)",
            "fct_ratings relationships(movie_id -> dim_movies.movie_id)",
            "dim_movies unique(movie_id)",
            "dim_users unique(user_id)",
            "dim_genome_tags unique(tag_id)",
            "fct_ratings unique(user_id, movie_id)",
            "fct_genome_scores unique(movie_id, tag_id)",
            "seed_movie_release_dates unique(movie_id)",
            "fct_ratings accepted_values(rating)",
            "mart_movie_releases accepted_values(release_info_available)",
            "fct_genome_scores expression(relevance_score > 0)",
            "fct_genome_scores expression(relevance_score <= 1)",
            "fct_genome_scores no_nulls_in_any_column");
    for (String test : expected) {
      assertThat(r.out())
          .as(test)
          .containsPattern("\\d+ of 24 PASS " + java.util.regex.Pattern.quote(test) + " ");
    }
    assertThat(r.out()).contains("PASS=24 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=24");
    JsonNode tested = DbtArtifacts.lastRun(home);
    assertThat(DbtArtifacts.count(tested, "pass")).as("test reports its tests only").isEqualTo(24);
    assertThat(tested.get("results").size()).isEqualTo(24);
    // The run history (docs site, last results) still reads a test run per model.
    JsonNode fct = runResults().get("fct_ratings");
    assertThat(fct.get("mode").asText()).isEqualTo("tested");
    assertThat(fct.get("status").asText()).isEqualTo("success");
    assertThat(fct.get("rules").findValuesAsText("name"))
        .containsExactlyInAnyOrder(
            "not_null(user_id)",
            "not_null(movie_id)",
            "not_null(rating)",
            "unique(user_id, movie_id)",
            "accepted_values(rating)",
            "expression(rating_timestamp BETWEEN TIMESTAMP '1995-01-01 00:00:00' AND"
                + " current_timestamp())",
            "relationships(movie_id -> dim_movies.movie_id)");
  }

  @Test
  @Order(11)
  void fullRefreshLeavesSnapshotsAloneUnlessAskedExplicitly() {
    Cli.Result refresh = reelhouse("build", "--select", "+snap_movies", "--full-refresh");
    assertThat(refresh.code()).as(refresh.out() + refresh.err()).isZero();
    assertThat(Cli.runResults(home).get("snap_movies").get("mode").asText()).isEqualTo("unchanged");
    Cli.Result restart =
        reelhouse("snapshot", "--select", "snap_movies", "--full-refresh-snapshots");
    assertThat(restart.code()).as(restart.out() + restart.err()).isZero();
    var snap = Cli.runResults(home).get("snap_movies");
    assertThat(snap.get("mode").asText()).isEqualTo("full-refresh");
    assertThat(snap.get("rows_in_table").asLong()).as("one version per movie again").isEqualTo(624);
  }

  /** The first result of a notebook on the local environment's schemas. */
  private static java.util.List<org.apache.spark.sql.Row> notebook(String name) throws IOException {
    var nb =
        io.reelhouse.notebook.Notebook.parse(
            name, java.nio.file.Files.readString(Path.of("..", "notebooks", name)));
    var params = new java.util.HashMap<String, String>();
    params.put("catalog", "spark_catalog");
    params.put("fct_schema", "local_fct");
    if (nb.widget("dim_schema").isPresent()) {
      params.put("dim_schema", "local_dim");
    }
    var results = new io.reelhouse.notebook.NotebookRunner(TestSpark.session()).run(nb, params);
    return results.get(0).rows().collectAsList();
  }

  @Test
  @Order(12)
  void movieAnalysisGivesTheTopTwentyOfMoviesWithMoreThanAHundredRatings() throws IOException {
    var rows = notebook("movie_analysis.sql");
    assertThat(rows).hasSizeBetween(1, 20);
    double previous = Double.MAX_VALUE;
    for (var r : rows) {
      assertThat(r.getLong(3)).as("ratings of " + r.getString(1)).isGreaterThan(100);
      assertThat(r.getDouble(2)).as("ordered by average rating").isLessThanOrEqualTo(previous);
      previous = r.getDouble(2);
    }
    // The best average among movies with > 100 ratings, straight from the fact table.
    var best =
        TestSpark.session()
            .sql(
                "select max(a) from (select avg(rating) a from local_fct.fct_ratings group by movie_id having count(*) > 100)")
            .head()
            .getDouble(0);
    assertThat(rows.get(0).getDouble(2)).isEqualTo(best);
    Cli.Result printed =
        reelhouse(
            "notebook",
            "run",
            Path.of("..", "notebooks", "movie_analysis.sql").toString(),
            "--param",
            "dim_schema=local_dim",
            "--param",
            "fct_schema=local_fct",
            "--limit",
            "3");
    assertThat(printed.code()).as(printed.err()).isZero();
    assertThat(printed.out())
        .startsWith("-- cell 3: WITH ratings_summary AS (")
        .contains("| movie_id | movie_title ");
  }

  @Test
  @Order(13)
  void theOtherNotebooksAnswerTheirQuestionsOnTheFixture() throws IOException {
    // Ratings by genre: every rating of a movie with genres counts once per genre.
    long byGenre =
        notebook("ratings_by_genre_over_years.sql").stream().mapToLong(r -> r.getLong(2)).sum();
    long expected =
        TestSpark.session()
            .sql(
                "select count(*) from local_fct.fct_ratings r join local_dim.dim_movies m using (movie_id)"
                    + " lateral view explode(m.genre_array) g as genre where g.genre <> '(no genres listed)'")
            .head()
            .getLong(0);
    assertThat(byGenre).isEqualTo(expected).isPositive();

    // Genome tags per genre: at most five per genre, ranked 1..n by falling relevance.
    var tags = notebook("genome_tags_per_genre.sql");
    assertThat(tags).isNotEmpty();
    java.util.Map<String, java.util.List<org.apache.spark.sql.Row>> perGenre =
        new java.util.HashMap<>();
    tags.forEach(
        r -> perGenre.computeIfAbsent(r.getString(0), g -> new java.util.ArrayList<>()).add(r));
    perGenre.forEach(
        (genre, rs) -> {
          assertThat(rs).as(genre).hasSizeLessThanOrEqualTo(5);
          for (int i = 0; i < rs.size(); i++) {
            assertThat(rs.get(i).getInt(1)).isEqualTo(i + 1);
            if (i > 0) {
              assertThat(rs.get(i).getDecimal(3)).isLessThanOrEqualTo(rs.get(i - 1).getDecimal(3));
            }
          }
        });

    // Cohorts: everyone is active in their first year, and the cohorts hold every user.
    var cohorts = notebook("user_cohorts.sql");
    long users = 0;
    for (var r : cohorts) {
      if (r.getInt(2) == 0) {
        assertThat(r.getLong(3)).isEqualTo(r.getLong(1));
        users += r.getLong(1);
      }
    }
    assertThat(users).as("users at 1%").isEqualTo(1625);
  }

  /** The models of the project as REFERENCE_MODELS.md lists them, with their refs. */
  private static final Map<String, List<String>> REFS =
      Map.ofEntries(
          Map.entry("src_movies", List.of()),
          Map.entry("src_ratings", List.of()),
          Map.entry("src_tags", List.of()),
          Map.entry("src_links", List.of()),
          Map.entry("src_genome_tags", List.of()),
          Map.entry("src_genome_scores", List.of()),
          Map.entry("seed_movie_release_dates", List.of()),
          Map.entry("dim_movies", List.of("src_movies")),
          Map.entry("dim_users", List.of("src_ratings", "src_tags")),
          Map.entry("dim_genome_tags", List.of("src_genome_tags")),
          Map.entry("fct_genome_scores", List.of("src_genome_scores")),
          Map.entry("fct_ratings", List.of("src_ratings")),
          Map.entry(
              "dim_movies_with_tags",
              List.of("dim_movies", "fct_genome_scores", "dim_genome_tags")),
          Map.entry("mart_movie_releases", List.of("fct_ratings", "seed_movie_release_dates")),
          Map.entry("snap_tags", List.of("src_tags")),
          Map.entry("snap_movies", List.of("src_movies")));

  @Test
  @Order(14)
  void docsGenerateWritesAManifestOfEveryModelRefAndRuleACatalogAndAPagePerModel()
      throws IOException {
    Cli.Result r = reelhouse("docs", "generate");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode manifest = DbtArtifacts.manifest(home);
    Map<String, JsonNode> models = new java.util.HashMap<>();
    Map<String, List<String>> tests = new java.util.HashMap<>();
    for (JsonNode n : manifest.get("nodes")) {
      if (n.get("resource_type").asText().equals("test")) {
        String model = n.at("/depends_on/nodes/0").asText().replace("model.movielens.", "");
        tests.computeIfAbsent(model, k -> new java.util.ArrayList<>()).add(n.get("name").asText());
      } else {
        models.put(n.get("name").asText(), n);
      }
    }
    assertThat(models.keySet()).containsExactlyInAnyOrderElementsOf(REFS.keySet());
    for (var e : REFS.entrySet()) {
      List<String> refs = new java.util.ArrayList<>();
      models.get(e.getKey()).path("refs").forEach(x -> refs.add(x.get("name").asText()));
      assertThat(refs)
          .as("refs of " + e.getKey())
          .containsExactlyInAnyOrderElementsOf(e.getValue());
    }
    assertThat(models.get("dim_movies_with_tags").at("/config/materialized").asText())
        .isEqualTo("ephemeral");
    assertThat(models.get("fct_ratings").get("relation_name").asText())
        .isEqualTo("local_fct.fct_ratings");
    assertThat(models.get("src_ratings").at("/sources/0/1").asText()).isEqualTo("ratings");
    // Every rule as a dbt test (REFERENCE_MODELS.md's tests plus Reelhouse's), named as dbt does.
    assertThat(tests.get("dim_movies"))
        .containsExactly(
            "not_null_dim_movies_movie_id",
            "not_null_dim_movies_movie_title",
            "unique_dim_movies_movie_id");
    assertThat(tests.get("mart_movie_releases"))
        .containsExactly("accepted_values_mart_movie_releases_release_info_available");
    assertThat(tests.get("fct_ratings"))
        .containsExactly(
            "not_null_fct_ratings_user_id",
            "not_null_fct_ratings_movie_id",
            "not_null_fct_ratings_rating",
            "relationships_fct_ratings_movie_id__movie_id__ref_dim_movies_",
            "unique_combination_of_columns_fct_ratings_user_id__movie_id",
            "accepted_values_fct_ratings_rating",
            "expression_fct_ratings_rating_timestamp_between_timestamp_1995_01_01_00_00_00_and_current_timestamp");
    assertThat(tests).doesNotContainKey("src_ratings");
    // catalog.json: the published tables' columns in order, with types and row counts.
    JsonNode catalog =
        io.reelhouse.movielens.DbtSchemas.assertValid(
            io.reelhouse.movielens.DbtSchemas.CATALOG, home.resolve("target/catalog.json"));
    assertThat(catalog.at("/metadata/invocation_id"))
        .isEqualTo(manifest.at("/metadata/invocation_id"));
    JsonNode fct = catalog.get("nodes").get(DbtArtifacts.FCT_RATINGS);
    List<String> columns = new java.util.ArrayList<>();
    fct.get("columns")
        .forEach(
            x ->
                columns.add(
                    x.get("index").asInt()
                        + " "
                        + x.get("name").asText()
                        + " "
                        + x.get("type").asText()));
    assertThat(columns)
        .containsExactly(
            "1 user_id int", "2 movie_id int", "3 rating double", "4 rating_timestamp timestamp");
    assertThat(fct.at("/stats/row_count/value").asLong()).isEqualTo(RATINGS_AT_1_PERCENT);
    assertThat(catalog.get("nodes").has("model.movielens.src_ratings")).as("a view").isFalse();

    String page = Files.readString(home.resolve("target/docs/models/fct_ratings.html"));
    assertThat(page)
        .contains("<h1>fct_ratings</h1>")
        .contains("<tr><td>rating_timestamp</td><td>timestamp</td>")
        .contains("<tr><td>user_id</td><td>int</td>");
    // The last result of every rule, as the newest run that built fct_ratings recorded it.
    Map<String, String> last = lastRuleStatus("fct_ratings");
    assertThat(last).hasSize(7);
    for (var e : last.entrySet()) {
      String row = "<tr><td>" + e.getKey().replace("'", "&#39;").replace(">", "&gt;") + "</td>";
      assertThat(page).contains(row);
      int at = page.indexOf(row);
      assertThat(page.substring(at, page.indexOf("</tr>", at)))
          .as(e.getKey())
          .contains("class=\"status " + e.getValue() + "\">" + e.getValue() + ": ");
    }
    assertThat(page).contains("<a href=\"mart_movie_releases.html\">mart_movie_releases</a>");
    String quality = Files.readString(home.resolve("target/docs/quality.html"));
    assertThat(quality).contains("id=\"q-fct_ratings\"").contains("class=\"row-chart\"");
  }

  @Test
  @Order(15)
  void theLineageInABrowserHasANodePerModelAnEdgePerRefAndNodesLinkToTheirPages()
      throws IOException {
    Path index = home.resolve("target/docs/index.html");
    assertThat(index).exists();
    DocsBrowser.assumeAvailable();
    try (DocsBrowser browser = new DocsBrowser()) {
      var driver = browser.driver();
      driver.get(index.toUri().toString());
      var nodes = driver.findElements(org.openqa.selenium.By.cssSelector("svg.lineage g.node"));
      List<String> drawn = nodes.stream().map(n -> n.getAttribute("data-model")).toList();
      assertThat(drawn).containsExactlyInAnyOrderElementsOf(REFS.keySet());
      var edges = driver.findElements(org.openqa.selenium.By.cssSelector("svg.lineage path.edge"));
      List<String> drawnEdges =
          edges.stream()
              .map(e -> e.getAttribute("data-from") + "->" + e.getAttribute("data-to"))
              .toList();
      List<String> refs = new java.util.ArrayList<>();
      REFS.forEach((model, rs) -> rs.forEach(ref -> refs.add(ref + "->" + model)));
      assertThat(drawnEdges).containsExactlyInAnyOrderElementsOf(refs).hasSize(13);
      // The relationships rule's order is drawn apart (dashed), not as a ref.
      var deps = driver.findElements(org.openqa.selenium.By.cssSelector("svg.lineage path.dep"));
      assertThat(deps).hasSize(1);
      assertThat(deps.get(0).getAttribute("data-from") + "->" + deps.get(0).getAttribute("data-to"))
          .isEqualTo("dim_movies->fct_ratings");
      browser.screenshot(Path.of("target/screenshots/docs-index.png"));

      driver
          .findElement(
              org.openqa.selenium.By.cssSelector("svg.lineage g.node[data-model='fct_ratings']"))
          .click();
      assertThat(driver.getCurrentUrl()).endsWith("/docs/models/fct_ratings.html");
      assertThat(driver.findElement(org.openqa.selenium.By.tagName("h1")).getText())
          .isEqualTo("fct_ratings");
      assertThat(
              driver
                  .findElement(org.openqa.selenium.By.cssSelector("g.node.selected"))
                  .getAttribute("data-model"))
          .isEqualTo("fct_ratings");
      browser.screenshot(Path.of("target/screenshots/docs-fct_ratings.png"));
      // Its lineage lights up what it comes from and what it feeds.
      assertThat(
              driver.findElements(org.openqa.selenium.By.cssSelector("g.node.ancestor")).stream()
                  .map(n -> n.getAttribute("data-model"))
                  .toList())
          .contains("src_ratings");
      assertThat(
              driver.findElements(org.openqa.selenium.By.cssSelector("g.node.descendant")).stream()
                  .map(n -> n.getAttribute("data-model"))
                  .toList())
          .containsExactly("mart_movie_releases");
      browser.screenshot(
          driver.findElement(org.openqa.selenium.By.cssSelector("svg.lineage")),
          Path.of("target/screenshots/docs-fct_ratings-lineage.png"));
    }
  }

  /** Rule outcomes of the newest archived run (target/runs/) that ran the model. */
  private static Map<String, String> lastRuleStatus(String model) throws IOException {
    List<Path> runs;
    try (var files = Files.list(home.resolve("target/runs"))) {
      runs = files.sorted(java.util.Comparator.reverseOrder()).toList();
    }
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    for (Path run : runs) {
      for (JsonNode r :
          io.reelhouse.run.RunResultsListener.byModel(json.readTree(run.toFile())).values()) {
        if (r.get("name").asText().equals(model) && r.get("rules").size() > 0) {
          Map<String, String> out = new java.util.HashMap<>();
          r.get("rules").forEach(x -> out.put(x.get("name").asText(), x.get("status").asText()));
          return out;
        }
      }
    }
    throw new AssertionError("no archived run of " + model);
  }
}
