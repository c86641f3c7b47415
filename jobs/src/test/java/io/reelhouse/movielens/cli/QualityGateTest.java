package io.reelhouse.movielens.cli;

import static io.reelhouse.testing.Fixtures.file;
import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import io.reelhouse.testing.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Write-audit-publish through the command line: gates, quarantine, anomalies. */
class QualityGateTest {
  @TempDir static Path home;

  private static final String[] MOVIES = {
    "movieId,title,genres",
    "1,Toy Story (1995),Animation",
    "2,Jumanji (1995),Adventure",
    "3,Heat (1995),Crime"
  };

  /** Twenty good ratings: users 1..10 each rate movies 1 and 2, from 2001-09-09 on. */
  private static List<String> goodRatings() {
    List<String> lines = new ArrayList<>();
    for (int u = 1; u <= 10; u++) {
      lines.add(u + ",1,4.0," + (1_000_000_000L + u));
      lines.add(u + ",2,3.5," + (1_000_000_100L + u));
    }
    return lines;
  }

  private static Path folder(String name, List<String> ratings) {
    Path dir = home.resolve(name);
    file(dir, "movies.csv", "\n", MOVIES);
    List<String> all = new ArrayList<>();
    all.add("userId,movieId,rating,timestamp");
    all.addAll(ratings);
    file(dir, "ratings.csv", "\n", all.toArray(String[]::new));
    return dir;
  }

  @BeforeAll
  static void session() {
    TestSpark.session();
  }

  @Test
  void aFailingErrorRuleLeavesThePublishedTableAsItWasAndSkipsDependants() {
    Path src = folder("gate", goodRatings());
    Cli.Result first =
        Cli.run(
            home,
            "build",
            "--select",
            "+mart_movie_releases",
            "-Denv.name=gate",
            "-Dsource.path=" + src);
    assertThat(first.code()).as(first.out() + first.err()).isZero();
    String seedPath = home.resolve("warehouse/gate_seeds/seed_movie_release_dates").toString();
    var spark = TestSpark.session();
    long versionBefore = DeltaTable.forPath(spark, seedPath).history(1).head().getLong(0);
    var rowsBefore = spark.read().format("delta").load(seedPath).collectAsList();

    // A seed with movie 1 twice breaks the seed's unique(movie_id) rule (seeds do not quarantine).
    Path badSeeds = home.resolve("bad-seeds");
    file(
        badSeeds,
        "seed_movie_release_dates.csv",
        "\n",
        "movie_id,release_date",
        "1,1995-10-20",
        "1,1995-10-21",
        "2,1995-10-21");
    Cli.Result second =
        Cli.run(
            home,
            "build",
            "--select",
            "+mart_movie_releases",
            "-Denv.name=gate",
            "-Dsource.path=" + src,
            "-Dseeds.path=" + badSeeds);

    assertThat(second.code()).isEqualTo(1);
    assertThat(second.out())
        .containsPattern("ERROR seed seed_movie_release_dates \\.+ not published in")
        .contains(
            "    ERROR seed_movie_release_dates unique(movie_id): 2 rows share their key with another row")
        .containsPattern(
            "SKIP incremental mart_movie_releases \\.+ skipped because upstream model seed_movie_release_dates failed");
    assertThat(DeltaTable.forPath(spark, seedPath).history(1).head().getLong(0))
        .as("no new Delta version")
        .isEqualTo(versionBefore);
    assertThat(spark.read().format("delta").load(seedPath).collectAsList())
        .containsExactlyInAnyOrderElementsOf(rowsBefore);
    assertThat(Cli.ruleStatus(home, "seed_movie_release_dates"))
        .containsEntry("unique(movie_id)", "fail");
    // The failed build's run_results.json and manifest.json, as dbt's schemas have them.
    var dbt = DbtArtifacts.lastRun(home);
    assertThat(DbtArtifacts.statuses(dbt))
        .containsEntry("seed.movielens.seed_movie_release_dates", "error")
        .containsEntry("test.movielens.unique_seed_movie_release_dates_movie_id", "fail")
        .containsEntry("model.movielens.mart_movie_releases", "skipped");
    for (var r : dbt.get("results")) {
      if (r.get("unique_id")
          .asText()
          .equals("test.movielens.unique_seed_movie_release_dates_movie_id")) {
        assertThat(r.get("failures").asInt()).as("rows sharing their key").isEqualTo(2);
      }
    }
  }

  @Test
  void ratingsDroppingByHalfRaiseTheRowCountAnomalyAndASteadyRunDoesNot() {
    Path all = folder("anomaly-all", goodRatings());
    Path half = folder("anomaly-half", goodRatings().subList(0, 10));
    String[] common = {"--select", "+fct_ratings", "--full-refresh", "-Denv.name=anomaly"};
    assertThat(Cli.run(home, concat(common, "build", "-Dsource.path=" + all)).code()).isZero();
    Cli.Result steady = Cli.run(home, concat(common, "build", "-Dsource.path=" + all));
    assertThat(steady.code()).isZero();
    assertThat(Cli.ruleStatus(home, "fct_ratings")).containsEntry("row_count_anomaly", "pass");
    Cli.Result dropped = Cli.run(home, concat(common, "build", "-Dsource.path=" + half));
    assertThat(dropped.code()).as("warn level: still published").isZero();
    assertThat(Cli.ruleStatus(home, "fct_ratings")).containsEntry("row_count_anomaly", "warn");
    assertThat(dropped.out()).contains("    WARN fct_ratings row_count_anomaly: 10 rows");
  }

  private static String[] concat(String[] options, String command, String source) {
    List<String> out = new ArrayList<>();
    out.add(command);
    out.addAll(List.of(options));
    out.add(source);
    return out.toArray(String[]::new);
  }
}
