package io.reelhouse.movielens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelhouse.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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

  record Result(int code, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  static Result reelhouse(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.isEmpty() && !List.of("generate", "--help", "biuld").contains(all.get(0))) {
      all.addAll(
          List.of(
              "--conf-dir",
              Path.of("..", "conf").toString(),
              "-Dhome=" + home,
              "-Dseeds.path=" + Path.of("..", "seeds").toAbsolutePath(),
              "-Dspark.local-master="));
    }
    int code =
        Main.execute(
            all.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @BeforeAll
  static void sample() {
    TestSpark.session();
    Result r =
        reelhouse("generate", "--scale", "0.01", "--out", home.resolve("data/sample").toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  private static Map<String, JsonNode> runResults() throws IOException {
    JsonNode json = new ObjectMapper().readTree(home.resolve("target/run_results.json").toFile());
    Map<String, JsonNode> byName = new HashMap<>();
    json.get("results").forEach(n -> byName.put(n.get("name").asText(), n));
    return byName;
  }

  @Test
  @Order(1)
  void buildWritesEveryTableModelAndARerunChangesNothing() throws IOException {
    Result first = reelhouse("build");
    assertThat(first.code()).as(first.out() + first.err()).isZero();
    assertThat(first.out()).contains("PASS=13 ERROR=0 SKIP=0 TOTAL=13");
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
            "mart_movie_releases");
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

    Result second = reelhouse("build");
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
            "mart_movie_releases")) {
      assertThat(after.get(table).get("rows_in_table").asLong())
          .as(table + " rows after a rerun")
          .isEqualTo(before.get(table).get("rows_in_table").asLong());
    }
    assertThat(after.get("fct_ratings").get("rows_inserted").asLong()).isZero();
    assertThat(after.get("fct_ratings").get("rows_updated").asLong()).isZero();
    Result dupes =
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
  void showPrintsWhatTheWarehouseHolds() {
    Result count =
        reelhouse(
            "show", "--inline", "select count(*) from local_fct.fct_ratings", "--format", "csv");
    assertThat(count.code()).as(count.err()).isZero();
    assertThat(count.out()).isEqualTo("count(1)\n" + RATINGS_AT_1_PERCENT + "\n");

    Result mart = reelhouse("show", "mart_movie_releases", "--limit", "5");
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

    Result known =
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
  }

  @Test
  @Order(3)
  void lsListsEveryModelWithItsTableWithoutSpark() {
    Result ls = reelhouse("ls");
    assertThat(ls.code()).isZero();
    assertThat(ls.out().lines()).hasSize(15);
    assertThat(ls.out())
        .containsPattern("dim_movies_with_tags +dim +ephemeral +- +One row per")
        .containsPattern(
            "fct_ratings +fct +incremental +local_fct.fct_ratings +One row per \\(user, movie\\)")
        .containsPattern("src_ratings +staging +view +- ");
  }

  @Test
  @Order(4)
  void aBadSettingIsOneLineNamingTheKey() {
    Result r = reelhouse("build", "-Dspark.shuffle-partitions=lots");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines())
        .containsExactly(
            "error: setting 'spark.shuffle-partitions' in command-line -D: expected a whole number, got string \"lots\"");
  }

  @Test
  @Order(5)
  void aMissingInputFileIsOneLineNamingThePath() {
    Path empty = home.resolve("nothing-here");
    Result r = reelhouse("build", "-Dsource.path=" + empty);
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
    Result r = reelhouse("biuld");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines())
        .containsExactly(
            "error: unknown command 'biuld'; did you mean build? (reelhouse --help lists the commands)");
  }

  @Test
  @Order(7)
  void debugAddsTheStackTrace() {
    Result r = reelhouse("build", "-Dspark.shuffle-partitions=lots", "--debug");
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
    Result r = reelhouse("run", "--select", "src_ratings+", "-Dsource.path=" + bad);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .containsPattern("1 of 4 ERROR view src_ratings \\.+ failed in")
        .contains(
            "    ratings.csv: 1 of 1 lines malformed, quarantined in local_staging.src_ratings__quarantine")
        .contains("above the ceiling of 1.00% (quality.quarantine-ceiling)")
        .containsPattern(
            "SKIP table dim_users \\.+ skipped because upstream model src_ratings failed")
        .containsPattern(
            "SKIP incremental fct_ratings \\.+ skipped because upstream model src_ratings failed")
        .containsPattern("SKIP table mart_movie_releases \\.+ skipped because upstream model")
        .contains("PASS=0 ERROR=1 SKIP=3 TOTAL=4");
  }

  @Test
  @Order(9)
  void withoutGenomeFilesTheGenomeModelsAreEmptyAndOneLineSaysSo() throws IOException {
    Path small = home.resolve("no-genome");
    Files.createDirectories(small);
    for (String f : List.of("movies.csv", "ratings.csv", "tags.csv", "links.csv")) {
      Files.copy(home.resolve("data/sample").resolve(f), small.resolve(f));
    }
    Result r =
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

    Result joined =
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
}
