package io.reelhouse.movielens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelhouse.movielens.DbtSchemas;
import io.reelhouse.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reelhouse source freshness} on hand-written files whose newest events are set relative to
 * now: ratings 2 hours old, tags 3 days old (by their timestamp column), movies and links 10 days
 * old (by the file's modification time). No genome files: they are optional.
 */
class SourceFreshnessTest {
  @TempDir static Path home;

  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  static final Instant RATED = NOW.minus(Duration.ofHours(2));
  static final Instant TAGGED = NOW.minus(Duration.ofDays(3));
  static final Instant FILES = NOW.minus(Duration.ofDays(10));

  @BeforeAll
  static void files() throws IOException {
    TestSpark.session();
    Path data = Files.createDirectories(home.resolve("data/sample"));
    Files.writeString(
        data.resolve("ratings.csv"),
        "userId,movieId,rating,timestamp\n"
            + "1,1,4.0,"
            + RATED.minus(Duration.ofDays(400)).getEpochSecond()
            + "\n"
            + "2,1,3.5,"
            + RATED.getEpochSecond()
            + "\n"
            + "3,1,5.0,"
            + RATED.minus(Duration.ofDays(1)).getEpochSecond()
            + "\n");
    Files.writeString(
        data.resolve("tags.csv"),
        "userId,movieId,tag,timestamp\n"
            + "1,1,funny,"
            + TAGGED.getEpochSecond()
            + "\n"
            + "2,1,dark,"
            + TAGGED.minus(Duration.ofDays(30)).getEpochSecond()
            + "\n");
    Files.writeString(data.resolve("movies.csv"), "movieId,title,genres\n1,Heat (1995),Crime\n");
    Files.writeString(data.resolve("links.csv"), "movieId,imdbId,tmdbId\n1,113277,949\n");
    Files.setLastModifiedTime(data.resolve("movies.csv"), FileTime.from(FILES));
    Files.setLastModifiedTime(data.resolve("links.csv"), FileTime.from(FILES));
  }

  /** sources.json, valid against dbt's sources v3 schema, by source name. */
  private static Map<String, JsonNode> sourcesJson() {
    JsonNode json = DbtSchemas.assertValid(DbtSchemas.SOURCES, home.resolve("target/sources.json"));
    Map<String, JsonNode> out = new HashMap<>();
    json.get("results")
        .forEach(
            r ->
                out.put(r.get("unique_id").asText().replace("source.movielens.movielens.", ""), r));
    return out;
  }

  private static String line(Cli.Result r, String source) {
    return r.out()
        .lines()
        .filter(l -> l.contains(" freshness of " + source + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line for " + source + " in:\n" + r.out()));
  }

  @Test
  void withoutCriteriaEverySourcePassesAndReportsItsNewestEvent() throws IOException {
    Cli.Result r = Cli.run(home, "source", "freshness");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out().lines()).hasSize(4);
    assertThat(line(r, "ratings"))
        .contains(" PASS ")
        .contains("newest " + RATED + " (max(timestamp)), 2 hours old; no freshness criteria");
    assertThat(line(r, "tags")).contains("newest " + TAGGED + " (max(timestamp)), 3 days old");
    assertThat(line(r, "movies")).contains("(file modified), 10 days old");
    Map<String, JsonNode> json = sourcesJson();
    assertThat(json.keySet()).containsExactlyInAnyOrder("ratings", "tags", "movies", "links");
    assertThat(json.get("ratings").get("max_loaded_at").asText()).isEqualTo(RATED.toString());
    assertThat(json.get("movies").get("max_loaded_at").asText()).isEqualTo(FILES.toString());
    json.values().forEach(n -> assertThat(n.get("status").asText()).isEqualTo("pass"));
  }

  @Test
  void aSourceOlderThanWarnAfterWarnsAndTheCommandStillSucceeds() throws IOException {
    Cli.Result r =
        Cli.run(
            home,
            "source",
            "freshness",
            "-Dfreshness.tags.warn-after=1 day",
            "-Dfreshness.tags.error-after=7 days",
            "-Dfreshness.ratings.warn-after=6 hours",
            "-Dfreshness.ratings.error-after=1 day");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(line(r, "tags"))
        .contains(" WARN ")
        .contains("warn after 24 hours, error after 7 days");
    assertThat(line(r, "ratings")).contains(" PASS ");
    Map<String, JsonNode> json = sourcesJson();
    assertThat(json.get("tags").get("status").asText()).isEqualTo("warn");
    assertThat(json.get("tags").at("/criteria/warn_after/count").asLong()).isEqualTo(1);
    assertThat(json.get("tags").at("/criteria/warn_after/period").asText()).isEqualTo("day");
    assertThat(json.get("tags").at("/criteria/error_after/count").asLong()).isEqualTo(7);
    assertThat(json.get("tags").get("max_loaded_at_time_ago_in_s").asLong())
        .isBetween(3 * 86_400L, 3 * 86_400L + 600);
    assertThat(json.get("ratings").get("status").asText()).isEqualTo("pass");
  }

  @Test
  void aSourceOlderThanErrorAfterFailsTheCommandWithExitCodeOne() throws IOException {
    Cli.Result r =
        Cli.run(
            home,
            "source",
            "freshness",
            "-Dfreshness.movies.warn-after=1 day",
            "-Dfreshness.movies.error-after=5 days",
            "-Dfreshness.ratings.error-after=1 hour");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(line(r, "movies")).contains(" ERROR ").contains("10 days old");
    assertThat(line(r, "ratings")).contains(" ERROR ").contains("2 hours old");
    assertThat(line(r, "links")).contains(" PASS ");
    Map<String, JsonNode> json = sourcesJson();
    assertThat(List.of("movies", "ratings"))
        .allSatisfy(s -> assertThat(json.get(s).get("status").asText()).isEqualTo("error"));
  }

  @Test
  void aMissingRequiredSourceIsARuntimeErrorNamingTheFile() throws IOException {
    Cli.Result r = Cli.run(home, "source", "freshness", "-Dsource.path=" + home.resolve("nowhere"));
    assertThat(r.code()).isEqualTo(1);
    assertThat(line(r, "movies"))
        .contains(" ERROR ")
        .contains("file not found: " + home.resolve("nowhere/movies.csv"));
    JsonNode movies = sourcesJson().get("movies");
    assertThat(movies.get("status").asText()).isEqualTo("runtime error");
    assertThat(movies.get("error").asText())
        .isEqualTo("file not found: " + home.resolve("nowhere/movies.csv"));
  }
}
