package io.reelhouse.movielens.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain file checks of the generator's output at scale 0.005 (no Spark). */
class MovieLensGeneratorTest {
  private static final List<String> FILES =
      List.of(
          "movies.csv",
          "ratings.csv",
          "tags.csv",
          "links.csv",
          "genome-tags.csv",
          "genome-scores.csv");
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @TempDir static Path dir;
  static Path a;

  @BeforeAll
  static void generate() {
    a = dir.resolve("a");
    new MovieLensGenerator(Shape.atScale(0.005), 42, QUIET).generate(a);
  }

  @Test
  void sameScaleAndSeedGiveTheSameBytes() throws IOException {
    Path b = dir.resolve("b");
    new MovieLensGenerator(Shape.atScale(0.005), 42, QUIET).generate(b);
    for (String f : FILES) {
      assertThat(Files.mismatch(a.resolve(f), b.resolve(f))).as(f).isEqualTo(-1L);
    }
    Path c = dir.resolve("c");
    new MovieLensGenerator(Shape.atScale(0.005), 7, QUIET).generate(c);
    assertThat(Files.mismatch(a.resolve("ratings.csv"), c.resolve("ratings.csv")))
        .as("another seed")
        .isNotEqualTo(-1L);
  }

  @Test
  void countsAreMl25mTimesTheScale() throws IOException {
    // 25,000,095 x 0.005 = 125,000.475; 162,541 x 0.005 = 812.7; 62,423 x 0.005 = 312.1;
    // 1,093,360 x 0.005 = 5,466.8; 13,816 x 0.005 = 69.08 genome movies x 1,128 tags.
    assertThat(dataLines("ratings.csv")).hasSize(125_000);
    assertThat(dataLines("movies.csv")).hasSize(312);
    assertThat(dataLines("links.csv")).hasSize(312);
    assertThat(dataLines("tags.csv")).hasSize(5_467);
    assertThat(dataLines("genome-tags.csv")).hasSize(1_128);
    assertThat(dataLines("genome-scores.csv")).hasSize(69 * 1_128);
    assertThat(dataLines("ratings.csv").stream().map(l -> l.split(",")[0]).distinct()).hasSize(813);
  }

  @Test
  void headersAreMovieLens() throws IOException {
    Map<String, String> headers =
        Map.of(
            "movies.csv", "movieId,title,genres",
            "ratings.csv", "userId,movieId,rating,timestamp",
            "tags.csv", "userId,movieId,tag,timestamp",
            "links.csv", "movieId,imdbId,tmdbId",
            "genome-tags.csv", "tagId,tag",
            "genome-scores.csv", "movieId,tagId,relevance");
    for (var e : headers.entrySet()) {
      assertThat(Files.readAllLines(a.resolve(e.getKey())).get(0))
          .as(e.getKey())
          .isEqualTo(e.getValue());
    }
  }

  @Test
  void ratingsAreUniqueOnTheHalfStarGridAndEveryUserHasTwenty() throws IOException {
    Set<String> pairs = new HashSet<>();
    Map<String, Integer> perUser = new HashMap<>();
    for (String l : dataLines("ratings.csv")) {
      String[] f = l.split(",");
      assertThat(pairs.add(f[0] + "," + f[1])).as("duplicate pair " + l).isTrue();
      double rating = Double.parseDouble(f[2]);
      assertThat(rating * 2).as(l).isBetween(1.0, 10.0).isEqualTo(Math.rint(rating * 2));
      long ts = Long.parseLong(f[3]);
      if (ts < 1_045_526_400L) {
        assertThat(rating).as("whole stars before 2003-02-18: " + l).isEqualTo(Math.rint(rating));
      }
      perUser.merge(f[0], 1, Integer::sum);
    }
    assertThat(perUser.values()).allMatch(n -> n >= 20);
  }

  @Test
  void moviesNeedQuotingSometimesAndSeedMoviesExist() throws IOException {
    List<String> movies = dataLines("movies.csv");
    assertThat(movies.stream().filter(l -> l.contains("\""))).isNotEmpty();
    assertThat(movies.stream().filter(l -> l.contains("(no genres listed)"))).isNotEmpty();
    assertThat(movies.stream().filter(l -> !l.chars().allMatch(ch -> ch < 128)))
        .as("accents")
        .isNotEmpty();
    assertThat(movies.subList(0, 10))
        .extracting(l -> l.split(",")[0])
        .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
    for (String l : dataLines("links.csv")) {
      assertThat(l).matches("\\d+,\\d{7},\\d*");
    }
  }

  @Test
  void titlesAndTagsWithCommasAndQuotesAreQuotedSoEveryLineReadsAsItsColumns() throws IOException {
    var parser =
        new com.univocity.parsers.csv.CsvParser(new com.univocity.parsers.csv.CsvParserSettings());
    int quoted = 0;
    for (String l : dataLines("movies.csv")) {
      String[] fields = parser.parseLine(l);
      assertThat(fields).as("movieId,title,genres: " + l).hasSize(3);
      assertThat(fields[0]).matches("\\d+");
      if (l.contains(",\"")) {
        quoted++;
        assertThat(l)
            .as("a quoted title keeps no lone quote inside")
            .doesNotMatch(".*[^,\"]\"[^\",].*");
      }
    }
    assertThat(quoted).as("some titles need quoting").isPositive();
    for (String l : dataLines("tags.csv")) {
      assertThat(parser.parseLine(l)).as("userId,movieId,tag,timestamp: " + l).hasSize(4);
    }
  }

  @Test
  void genomeRelevanceIsOnTheGridWithinZeroAndOne() throws IOException {
    for (String l : dataLines("genome-scores.csv")) {
      double r = Double.parseDouble(l.split(",")[2]);
      assertThat(r).isBetween(0.0, 1.0);
      assertThat(Math.abs(r * 4000 - Math.rint(r * 4000))).as(l).isLessThan(1e-6);
    }
  }

  @Test
  void tooSmallAScaleIsRefused() {
    assertThatThrownBy(() -> Shape.atScale(0.001))
        .hasMessageContaining("--scale 0.001 is too small")
        .hasMessageContaining("use 0.005 or more");
  }

  private static List<String> dataLines(String file) throws IOException {
    List<String> all = Files.readAllLines(a.resolve(file));
    return all.subList(1, all.size());
  }
}
