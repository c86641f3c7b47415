package io.reelhouse.movielens.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.config.Settings;
import io.reelhouse.movielens.cli.Cli;
import io.reelhouse.movielens.generate.MovieLensGenerator;
import io.reelhouse.movielens.generate.Shape;
import io.reelhouse.testing.TestSpark;
import io.reelhouse.warehouse.snowflake.SnowflakeWarehouse;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole build against a real Snowflake account, in throwaway schemas ({@code rh_<random>_*})
 * dropped afterwards. Runs only when SNOWFLAKE_URL, SNOWFLAKE_USER, SNOWFLAKE_DATABASE and a
 * credential (SNOWFLAKE_PRIVATE_KEY_FILE, SNOWFLAKE_PRIVATE_KEY or SNOWFLAKE_TOKEN) are set; the
 * README lists the grants it needs.
 */
class SnowflakeLiveTest {
  @TempDir static Path home;
  static final String ENV = "rh_" + UUID.randomUUID().toString().substring(0, 8);
  static final List<String> LAYERS = List.of("staging", "seeds", "dim", "fct", "mart", "snapshots");
  static List<String> settings;

  static String env(String name) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? null : v;
  }

  @BeforeAll
  static void enabled() {
    boolean credential =
        env("SNOWFLAKE_PRIVATE_KEY_FILE") != null
            || env("SNOWFLAKE_PRIVATE_KEY") != null
            || env("SNOWFLAKE_TOKEN") != null;
    if (env("SNOWFLAKE_URL") == null
        || env("SNOWFLAKE_USER") == null
        || env("SNOWFLAKE_DATABASE") == null
        || !credential) {
      System.out.println(SKIPPED);
      return;
    }
    TestSpark.session();
    settings = new ArrayList<>();
    settings.add("--env");
    settings.add("dev");
    settings.add("-Denv.name=" + ENV);
    settings.add("-Dwarehouse.snowflake.url=" + env("SNOWFLAKE_URL"));
    if (env("SNOWFLAKE_PRIVATE_KEY_FILE") == null && env("SNOWFLAKE_PRIVATE_KEY") == null) {
      settings.add("-Dwarehouse.snowflake.auth.method=oauth");
    }
    new MovieLensGenerator(
            Shape.atScale(0.005), 42, new PrintStream(OutputStream.nullOutputStream()))
        .generate(home.resolve("data/sample"));
  }

  static final String SKIPPED =
      "live Snowflake suite skipped: set SNOWFLAKE_URL, SNOWFLAKE_USER, SNOWFLAKE_DATABASE and"
          + " SNOWFLAKE_PRIVATE_KEY_FILE (or SNOWFLAKE_PRIVATE_KEY, or SNOWFLAKE_TOKEN) to run it"
          + " (optional: SNOWFLAKE_ROLE, SNOWFLAKE_WAREHOUSE, SNOWFLAKE_PRIVATE_KEY_PASSPHRASE)";

  @org.junit.jupiter.api.BeforeEach
  void onlyWithAnAccount() {
    Assumptions.assumeTrue(settings != null, SKIPPED);
  }

  static Cli.Result reelhouse(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(settings);
    return Cli.run(home, all.toArray(String[]::new));
  }

  @Test
  void theWholeBuildRunsOnSnowflakeAndARerunChangesNothing() {
    Cli.Result debug = reelhouse("debug");
    assertThat(debug.code()).as(debug.out() + debug.err()).isZero();
    Cli.Result first = reelhouse("build");
    assertThat(first.code()).as(first.out() + first.err()).isZero();
    assertThat(first.out()).contains("PASS=15 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=15");
    long ratings = Cli.runResults(home).get("fct_ratings").get("rows_in_table").asLong();
    assertThat(ratings).isPositive();
    Cli.Result second = reelhouse("build");
    assertThat(second.code()).as(second.out() + second.err()).isZero();
    var after = Cli.runResults(home);
    assertThat(after.get("fct_ratings").get("rows_inserted").asLong()).isZero();
    assertThat(after.get("fct_ratings").get("rows_updated").asLong()).isZero();
    assertThat(after.get("fct_ratings").get("rows_in_table").asLong()).isEqualTo(ratings);
    assertThat(after.get("mart_movie_releases").get("rows_in_table").asLong()).isEqualTo(ratings);
    Cli.Result test = reelhouse("test");
    assertThat(test.code()).as(test.out() + test.err()).isZero();
  }

  @AfterAll
  static void dropSchemas() {
    if (settings == null) {
      return;
    }
    String url = env("SNOWFLAKE_URL");
    boolean oauth =
        env("SNOWFLAKE_PRIVATE_KEY_FILE") == null && env("SNOWFLAKE_PRIVATE_KEY") == null;
    var sf =
        new Settings.Snowflake(
            url,
            env("SNOWFLAKE_USER"),
            env("SNOWFLAKE_ROLE") == null ? "" : env("SNOWFLAKE_ROLE"),
            env("SNOWFLAKE_WAREHOUSE") == null ? "" : env("SNOWFLAKE_WAREHOUSE"),
            env("SNOWFLAKE_DATABASE"),
            new Settings.SnowflakeAuth(
                oauth ? "oauth" : "key-pair",
                env("SNOWFLAKE_PRIVATE_KEY_FILE") == null ? "" : env("SNOWFLAKE_PRIVATE_KEY_FILE"),
                "SNOWFLAKE_PRIVATE_KEY",
                "SNOWFLAKE_PRIVATE_KEY_PASSPHRASE",
                "",
                "SNOWFLAKE_TOKEN",
                "SNOWFLAKE_PASSWORD"),
            Duration.ofSeconds(20),
            Duration.ofSeconds(10));
    try (SnowflakeWarehouse wh = SnowflakeWarehouse.open(TestSpark.session(), sf)) {
      for (String layer : LAYERS) {
        wh.dropSchema((ENV + "_" + layer).toLowerCase(Locale.ROOT));
      }
    }
  }
}
