package io.reelhouse.movielens.cli;

import static io.reelhouse.testing.RowAssert.assertRows;
import static io.reelhouse.testing.RowAssert.row;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelhouse.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus: every kind of broken MovieLens file we know of, each with its expected
 * outcome, listed in the README's "Bad input" section. Three outcomes exist:
 *
 * <ul>
 *   <li>a file whose shape is wrong (empty, no header, columns missing, added, reordered, another
 *       separator) fails the run before anything is built, in one line naming file, line 1 and the
 *       column;
 *   <li>a line or row that is wrong goes to a quarantine table with its reason, the rest is
 *       published, and rows in = rows published + rows quarantined at every step;
 *   <li>a broken key (a duplicate) fails its model: nothing of it is published, dependants skip.
 * </ul>
 *
 * <p>The row-level kinds share one build over one corrupted folder (each kind its own lines), so
 * the corpus costs one build; each kind is then checked on its own.
 */
class BadInputCorpusTest {
  @TempDir static Path home;

  static final String TEN_MB_TITLE = "A".repeat(10 * 1024 * 1024);

  // --- the good files every case starts from -------------------------------------------------

  static List<String> movies() {
    return new ArrayList<>(
        List.of(
            "movieId,title,genres",
            "1,Toy Story (1995),Adventure|Animation",
            "2,Jumanji (1995),Adventure|Children",
            "3,\"American President, The (1995)\",Comedy|Drama",
            "7,Sabrina (1995),Comedy|Romance"));
  }

  /** Users 1..10 rate movies 1 and 2; user 1 also rates 3 and 7. */
  static List<String> ratings() {
    List<String> out = new ArrayList<>(List.of("userId,movieId,rating,timestamp"));
    for (int u = 1; u <= 10; u++) {
      out.add(u + ",1,4.0," + (1_000_000_000L + u));
      out.add(u + ",2,3.5," + (1_000_000_100L + u));
    }
    out.add("1,3,5.0,1000000300");
    out.add("1,7,2.0,1000000400");
    return out;
  }

  static List<String> tags() {
    return new ArrayList<>(
        List.of(
            "userId,movieId,tag,timestamp",
            "1,1,pixar,1139045764",
            "2,2,\"fantasy \"\"board game\"\"\",1139045765"));
  }

  static List<String> links() {
    return new ArrayList<>(
        List.of("movieId,imdbId,tmdbId", "1,0114709,862", "2,0113497,", "3,0112346,9087"));
  }

  static List<String> genomeTags() {
    return new ArrayList<>(List.of("tagId,tag", "1,007", "2,007 (series)"));
  }

  static List<String> genomeScores() {
    return new ArrayList<>(
        List.of("movieId,tagId,relevance", "1,1,0.02875", "1,2,0.5", "2,1,0.25"));
  }

  /** A folder with the good files, then {@code changes} (file name -> full content as bytes). */
  static Path folder(String name, Map<String, byte[]> changes) {
    Path dir = home.resolve("in").resolve(name);
    write(dir, "movies.csv", lf(movies()));
    write(dir, "ratings.csv", lf(ratings()));
    write(dir, "tags.csv", lf(tags()));
    write(dir, "links.csv", lf(links()));
    write(dir, "genome-tags.csv", lf(genomeTags()));
    write(dir, "genome-scores.csv", lf(genomeScores()));
    changes.forEach((file, bytes) -> write(dir, file, bytes));
    return dir;
  }

  static byte[] lf(List<String> lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  static void write(Path dir, String name, byte[] bytes) {
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(Object... parts) {
    var out = new ByteArrayOutputStream();
    for (Object p : parts) {
      byte[] b = p instanceof byte[] raw ? raw : p.toString().getBytes(StandardCharsets.UTF_8);
      out.write(b, 0, b.length);
    }
    return out.toByteArray();
  }

  static List<String> with(List<String> lines, String... more) {
    List<String> out = new ArrayList<>(lines);
    out.addAll(List.of(more));
    return out;
  }

  @BeforeAll
  static void session() {
    TestSpark.session();
  }

  // --- 1. a file of the wrong shape fails the run before anything is built ---------------------

  static Stream<Arguments> fileShapes() {
    String expectRatings = "; expected userId,movieId,rating,timestamp";
    return Stream.of(
        Arguments.of(
            "empty file",
            "movies.csv",
            new byte[0],
            "movies.csv is empty; expected a header line movieId,title,genres"),
        Arguments.of(
            "missing header",
            "ratings.csv",
            lf(ratings().subList(1, 5)),
            "ratings.csv line 1: header '1,1,4.0,1000000001' names none of the expected columns:"
                + " the file has no header line? expected userId,movieId,rating,timestamp"),
        Arguments.of(
            "header with columns in another order",
            "ratings.csv",
            lf(with(List.of("movieId,userId,rating,timestamp"), "1,1,4.0,1000000001")),
            "ratings.csv line 1: header 'movieId,userId,rating,timestamp': column 1 is 'movieId',"
                + " expected 'userId' (columns are read by position"
                + expectRatings
                + ")"),
        Arguments.of(
            "an extra column",
            "tags.csv",
            lf(List.of("userId,movieId,tag,timestamp,source", "1,1,pixar,1139045764,web")),
            "tags.csv line 1: header 'userId,movieId,tag,timestamp,source' has unexpected column"
                + " source (column 5); expected userId,movieId,tag,timestamp"),
        Arguments.of(
            "a missing column",
            "links.csv",
            lf(List.of("movieId,imdbId", "1,0114709")),
            "links.csv line 1: header 'movieId,imdbId' lacks column tmdbId; expected"
                + " movieId,imdbId,tmdbId"),
        Arguments.of(
            "wrong delimiter",
            "movies.csv",
            lf(List.of("movieId;title;genres", "1;Toy Story (1995);Animation")),
            "movies.csv line 1: header 'movieId;title;genres' is separated by ';', expected ','"
                + " (comma-separated values with a header movieId,title,genres)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fileShapes")
  void aFileOfTheWrongShapeFailsTheRunBeforeAnythingIsBuilt(
      String kind, String file, byte[] content, String expected) {
    String env = "shape" + Math.abs(kind.hashCode());
    Path src = folder(env, Map.of(file, content));
    Cli.Result r = Cli.run(home, "build", "-Denv.name=" + env, "-Dsource.path=" + src);
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
    String source = file.replace(".csv", "").replace('-', '_');
    assertThat(r.errLines())
        .containsExactly(
            "error: source '"
                + source
                + "': "
                + src.resolve(file)
                + expected.substring(file.length()));
    assertThat(r.out()).as("no model ran").doesNotContain(" OK ").doesNotContain("PASS=");
    if (!Files.isDirectory(home.resolve("warehouse"))) {
      return;
    }
    try (var published = Files.list(home.resolve("warehouse"))) {
      assertThat(published.map(p -> p.getFileName().toString()))
          .as("nothing published for " + env)
          .noneMatch(n -> n.startsWith(env + "_"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // --- 2. bad lines and rows are quarantined with their reason; one build for all kinds ---------

  static final String ROWS_ENV = "corpus";
  static Path rowsFolder;
  static Cli.Result rowsRun;

  /** The folder of every row-level kind, built once. */
  static synchronized Cli.Result rowsBuild() {
    if (rowsRun != null) {
      return rowsRun;
    }
    List<String> m = movies();
    List<String> moviesCrlf = new ArrayList<>(m);
    String movieLines = String.join("\r\n", moviesCrlf.subList(0, 4)) + "\r\n";
    byte[] moviesFile =
        bytes(
            movieLines,
            "4,\"Heat\r\n(1995)\",Crime\r\n", // embedded line end inside a quoted title
            "5,Caf",
            new byte[] {(byte) 0xE9}, // Latin-1 é: not UTF-8
            " Society (2016),Comedy\r\n",
            "6," + TEN_MB_TITLE + ",Drama\r\n", // a 10 MB title
            m.get(4) + "\r\n");
    byte[] ratingsFile =
        lf(
            with(
                ratings(),
                "u12,1,4.0,1000000500", // non-numeric id
                "13,2,7.0,1000000500", // rating out of range
                "14,2,3.7,1000000500", // not on the 0.5 grid
                "15,2,3.0,-86400", // negative timestamp
                "16,2,3.0,4102444800", // 2100-01-01: far future
                "17,99,4.0,1000000600", // a movie missing from movies.csv
                "18,4,4.0,1000000700", // movie 4, whose line was quarantined
                "19,1,4.0", // too few fields
                "20,1,4.0,1000000800,x", // too many fields
                "", // empty line
                ",1,4.0,1000000900")); // no user id
    byte[] tagsFile =
        bytes(
            "\uFEFF", // byte-order mark
            String.join("\n", tags()) + "\n",
            "3,1,\"funny,1139045766\n", // unterminated quote
            "4,2,bad\u0000tag,1139045767\n"); // NUL byte
    byte[] linksFile = lf(with(links(), "7,3000000000,9091")); // id overflowing int
    byte[] genomeTagsFile = lf(List.of("tagId,tag")); // header only
    byte[] genomeScoresFile =
        lf(with(genomeScores(), "2,2,1.5", "2,3,-0.2")); // relevance above 1, below 0
    rowsFolder =
        folder(
            ROWS_ENV,
            Map.of(
                "movies.csv", moviesFile,
                "ratings.csv", ratingsFile,
                "tags.csv", tagsFile,
                "links.csv", linksFile,
                "genome-tags.csv", genomeTagsFile,
                "genome-scores.csv", genomeScoresFile));
    rowsRun =
        Cli.run(
            rowsHome(),
            "build",
            "-Denv.name=" + ROWS_ENV,
            "-Dsource.path=" + rowsFolder,
            // the fixture is tiny: a few bad rows are far more than 1% of it
            "-Dquality.quarantine-ceiling=0.5");
    return rowsRun;
  }

  /** The row-level build has a home of its own: its run_results.json is not overwritten. */
  static Path rowsHome() {
    return home.resolve("rows-home");
  }

  static List<Row> sql(String query) {
    return TestSpark.session().sql(query).collectAsList();
  }

  /** Reasons of the quarantined raw line (of a staging model) that starts with {@code prefix}. */
  static List<String> lineReasons(String model, String prefix) {
    List<Row> rows =
        sql(
            "select raw_line, quarantine_reasons from corpus_staging."
                + model
                + "__quarantine where startswith(raw_line, '"
                + prefix.replace("'", "\\'")
                + "')");
    assertThat(rows).as(model + " line " + prefix).hasSize(1);
    return rows.get(0).getList(1);
  }

  static final String TIME_RULE =
      "expression(rating_timestamp BETWEEN TIMESTAMP '1995-01-01 00:00:00' AND current_timestamp())";

  /** Reasons of the quarantined fct_ratings row of this user. */
  static List<String> ratingReasons(int user) {
    return ratingReasons("user_id = " + user);
  }

  static List<String> ratingReasons(String where) {
    List<Row> rows =
        sql("select quarantine_reasons from corpus_fct.fct_ratings__quarantine where " + where);
    assertThat(rows).as("quarantined rating where " + where).hasSize(1);
    return rows.get(0).getList(0);
  }

  static Stream<Arguments> rowKinds() {
    String ratingsFields = "4 fields (userId,movieId,rating,timestamp)";
    String unclosed =
        "unclosed quote: a quoted field must end on its line (each line is one record; \"\""
            + " inside quotes is a quote)";
    String orphan = "relationships(movie_id -> dim_movies.movie_id)";
    return Stream.of(
        kind(
            "non-numeric id",
            () ->
                assertThat(lineReasons("src_ratings", "u12,"))
                    .containsExactly("column userId: 'u12' is not a valid INT")),
        kind(
            "id overflowing int",
            () ->
                assertThat(lineReasons("src_links", "7,3000000000"))
                    .containsExactly("column imdbId: '3000000000' is not a valid INT")),
        kind(
            "too few fields",
            () ->
                assertThat(lineReasons("src_ratings", "19,1,4.0"))
                    .containsExactly("fewer than " + ratingsFields)),
        kind(
            "too many fields",
            () ->
                assertThat(lineReasons("src_ratings", "20,1,"))
                    .containsExactly("more than " + ratingsFields)),
        kind(
            "empty line",
            () ->
                assertThat(
                        sql(
                            "select quarantine_reasons from corpus_staging.src_ratings__quarantine"
                                + " where raw_line = ''"))
                    .singleElement()
                    .satisfies(r -> assertThat(r.getList(0)).containsExactly("empty line"))),
        kind(
            "unterminated quote",
            () -> assertThat(lineReasons("src_tags", "3,1,\"funny")).containsExactly(unclosed)),
        kind(
            "embedded newline inside a quoted title",
            () -> {
              // One record per line, so a stray quote spoils one line, not the rest of the file:
              // both halves are quarantined, the movie is not published, and its rating follows.
              assertThat(lineReasons("src_movies", "4,\"Heat")).containsExactly(unclosed);
              assertThat(lineReasons("src_movies", "(1995)\",Crime")).containsExactly(unclosed);
              assertThat(sql("select * from corpus_dim.dim_movies where movie_id = 4")).isEmpty();
              assertThat(ratingReasons(18)).containsExactly(orphan);
            }),
        kind(
            "invalid UTF-8 bytes",
            () ->
                assertThat(lineReasons("src_movies", "5,Caf"))
                    .containsExactly("column title: bytes that are not UTF-8 (read as U+FFFD)")),
        kind(
            "null bytes",
            () ->
                assertThat(lineReasons("src_tags", "4,2,bad"))
                    .containsExactly("column tag: a NUL character")),
        kind(
            "a 10 MB title line",
            () -> {
              assertThat(lineReasons("src_movies", "6,AAAA"))
                  .containsExactly("column title: 10,485,760 characters, more than 65,536");
              assertThat(
                      sql("select length(raw_line) from corpus_staging.src_movies__quarantine"
                              + " where startswith(raw_line, '6,')")
                          .get(0)
                          .getInt(0))
                  .as("the whole line is kept")
                  .isEqualTo(2 + TEN_MB_TITLE.length() + ",Drama".length());
            }),
        kind(
            "BOM at the start",
            () ->
                assertRows(
                    TestSpark.session()
                        .sql("select user_id, movie_id, tag from corpus_snapshots.snap_tags"),
                    List.of("user_id", "movie_id", "tag"),
                    List.of(row(1, 1, "pixar"), row(2, 2, "fantasy \"board game\"")))),
        kind(
            "CRLF line endings",
            () ->
                assertRows(
                    TestSpark.session()
                        .sql("select movie_id, movie_title, genres from corpus_dim.dim_movies"),
                    List.of("movie_id", "movie_title", "genres"),
                    List.of(
                        row(1, "Toy Story (1995)", "Adventure|Animation"),
                        row(2, "Jumanji (1995)", "Adventure|Children"),
                        row(3, "American President, The (1995)", "Comedy|Drama"),
                        row(7, "Sabrina (1995)", "Comedy|Romance")))),
        kind(
            "header only",
            () -> {
              assertThat(sql("select * from corpus_dim.dim_genome_tags")).isEmpty();
              assertThat(Cli.runResults(rowsHome()).get("dim_genome_tags").get("status").asText())
                  .isEqualTo("success");
            }),
        kind(
            "null id",
            () ->
                assertThat(ratingReasons("user_id is null")).containsExactly("not_null(user_id)")),
        kind(
            "rating out of range",
            () -> assertThat(ratingReasons(13)).containsExactly("accepted_values(rating)")),
        kind(
            "rating not on the 0.5 grid",
            () -> assertThat(ratingReasons(14)).containsExactly("accepted_values(rating)")),
        kind("negative timestamp", () -> assertThat(ratingReasons(15)).containsExactly(TIME_RULE)),
        kind(
            "far-future timestamp", () -> assertThat(ratingReasons(16)).containsExactly(TIME_RULE)),
        kind(
            "a rating for a movie missing from movies.csv",
            () -> assertThat(ratingReasons(17)).containsExactly(orphan)),
        kind(
            "genome relevance outside [0, 1]",
            () ->
                assertRows(
                    TestSpark.session()
                        .sql(
                            "select movie_id, tag_id, cast(relevance_score as double) as score,"
                                + " quarantine_reasons from corpus_fct.fct_genome_scores__quarantine"),
                    List.of("movie_id", "tag_id", "score", "quarantine_reasons"),
                    List.of(
                        row(2, 2, 1.5, List.of("expression(relevance_score <= 1)")),
                        row(2, 3, -0.2, List.of("expression(relevance_score > 0)"))))));
  }

  static Arguments kind(String name, Runnable check) {
    return Arguments.of(name, check);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rowKinds")
  void aBadLineOrRowIsQuarantinedWithItsReasonAndTheRestPublished(String kind, Runnable check) {
    Cli.Result r = rowsBuild();
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    check.run();
  }

  @Test
  void rowsInEqualRowsPublishedPlusRowsQuarantinedAtEveryStep() {
    Cli.Result r = rowsBuild();
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    Map<String, JsonNode> results = Cli.runResults(rowsHome());
    // {model, rows in, rows quarantined}, counted by hand from the files above.
    long[][] expected = {
      {8, 4}, // src_movies: 8 lines, 4 rejected (2 halves of movie 4, not UTF-8, 10 MB)
      {33, 4}, // src_ratings: 22 good + 11 bad lines; 4 do not parse
      {4, 2}, // src_tags: 4 lines, 2 rejected (unclosed quote, NUL)
      {4, 1}, // src_links
      {5, 0}, // src_genome_scores
      {0, 0}, // src_genome_tags: header only
      {29, 7}, // fct_ratings: 29 parsed ratings, 7 break a rule
      {5, 2}, // fct_genome_scores: 5 non-zero scores, 1 above 1, 1 below 0
      {4, 0}, // dim_movies
    };
    String[] models = {
      "src_movies",
      "src_ratings",
      "src_tags",
      "src_links",
      "src_genome_scores",
      "src_genome_tags",
      "fct_ratings",
      "fct_genome_scores",
      "dim_movies"
    };
    for (int i = 0; i < models.length; i++) {
      JsonNode m = results.get(models[i]);
      assertThat(m.get("rows_in").asLong()).as(models[i] + " rows in").isEqualTo(expected[i][0]);
      assertThat(m.get("rows_quarantined").asLong())
          .as(models[i] + " rows quarantined")
          .isEqualTo(expected[i][1]);
      if (models[i].startsWith("src_")) {
        if (expected[i][1] > 0) {
          assertThat(sql("select * from corpus_staging." + models[i] + "__quarantine"))
              .as(models[i] + " quarantine table")
              .hasSize((int) expected[i][1]);
        }
      } else {
        assertThat(m.get("rows_in_table").asLong())
            .as(models[i] + ": published = in - quarantined")
            .isEqualTo(expected[i][0] - expected[i][1]);
      }
    }
  }

  // --- 3. a broken key fails its model: nothing of it is published --------------------------

  @Test
  void aDuplicateRatingAndAMalformedSeedDateFailTheirModelsAndPublishNothingOfThem() {
    Path src =
        folder("dupRating", Map.of("ratings.csv", lf(with(ratings(), "1,1,2.0,1100000000"))));
    Path seeds = home.resolve("in/badSeed");
    write(
        seeds,
        "seed_movie_release_dates.csv",
        lf(List.of("movie_id,release_date", "1,1995-10-20", "2,1995-13-45", "3,1995-10-25")));
    Cli.Result r =
        Cli.run(
            home,
            "build",
            "--select",
            "+mart_movie_releases",
            "-Denv.name=dup",
            "-Dsource.path=" + src,
            "-Dseeds.path=" + seeds);
    assertThat(r.code()).as(r.out()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            "    ERROR fct_ratings unique(user_id, movie_id): 2 rows share their key with another row")
        .contains(
            "    seed_movie_release_dates failed: seed_movie_release_dates: "
                + seeds.resolve("seed_movie_release_dates.csv")
                + " line 3: column release_date: '1995-13-45' is not a valid DATE")
        .containsPattern(
            "SKIP incremental mart_movie_releases \\.+ skipped because upstream model \\w+ failed");
    assertThat(home.resolve("warehouse/dup_fct/fct_ratings")).doesNotExist();
    assertThat(home.resolve("warehouse/dup_seeds/seed_movie_release_dates")).doesNotExist();
    assertThat(home.resolve("warehouse/dup_dim/dim_movies")).as("independent of both").exists();
  }

  @Test
  void aDuplicateMovieIdFailsDimMoviesAndSkipsWhatNeedsIt() {
    Path src =
        folder("dupMovie", Map.of("movies.csv", lf(with(movies(), "2,Jumanji (1996),Fantasy"))));
    Cli.Result r =
        Cli.run(
            home,
            "build",
            "--select",
            "+fct_ratings",
            "-Denv.name=dupmovie",
            "-Dsource.path=" + src);
    assertThat(r.code()).as(r.out()).isEqualTo(1);
    assertThat(r.out())
        .contains("    ERROR dim_movies unique(movie_id): 2 rows share their key with another row")
        .containsPattern(
            "SKIP incremental fct_ratings \\.+ skipped because upstream model dim_movies failed");
    assertThat(home.resolve("warehouse/dupmovie_dim/dim_movies")).doesNotExist();
    assertThat(home.resolve("warehouse/dupmovie_fct/fct_ratings")).doesNotExist();
  }
}
