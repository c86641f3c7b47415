package io.reelhouse.movielens.staging;

import static io.reelhouse.testing.Fixtures.file;
import static io.reelhouse.testing.RowAssert.assertRows;
import static io.reelhouse.testing.RowAssert.row;

import io.reelhouse.movielens.MovieLensSources;
import io.reelhouse.source.CsvReader;
import io.reelhouse.source.SourceSpec;
import io.reelhouse.testing.FakeContext;
import io.reelhouse.testing.TestSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Staging models read the real file format: they only rename and cast. */
class StagingTest {
  @TempDir Path dir;

  private FakeContext fromFile(String source, String eol, String... lines) {
    SourceSpec spec =
        MovieLensSources.all().stream()
            .filter(s -> s.name().equals(source))
            .findFirst()
            .orElseThrow();
    file(dir, spec.fileName(), eol, lines);
    return new FakeContext()
        .source(source, new CsvReader(TestSpark.session(), dir.toString()).read(spec));
  }

  @ParameterizedTest(name = "line ending {0}")
  @ValueSource(strings = {"\n", "\r\n"})
  void ratingsFromLfOrCrlfFilesAreTheSameUtcRows(String eol) {
    var ctx =
        fromFile(
            "ratings",
            eol,
            "userId,movieId,rating,timestamp",
            "1,296,5.0,1147880044",
            "1,306,3.5,0",
            "72315,209163,4.5,1574380800");
    assertRows(
        new SrcRatings().build(ctx),
        List.of("user_id", "movie_id", "rating", "rating_timestamp"),
        List.of(
            row(1, 296, 5.0, Instant.parse("2006-05-17T15:34:04Z")),
            row(1, 306, 3.5, Instant.parse("1970-01-01T00:00:00Z")),
            row(72315, 209163, 4.5, Instant.parse("2019-11-22T00:00:00Z"))));
  }

  @ParameterizedTest(name = "line ending {0}")
  @ValueSource(strings = {"\n", "\r\n"})
  void moviesKeepQuotedCommasQuotesAndAccents(String eol) {
    var ctx =
        fromFile(
            "movies",
            eol,
            "movieId,title,genres",
            "11,\"American President, The (1995)\",Comedy|Drama|Romance",
            "12,\"\"\"Great\"\" Performances (1971)\",(no genres listed)",
            "4973,\"Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)\",Comedy|Romance");
    assertRows(
        new SrcMovies().build(ctx),
        List.of("movie_id", "title", "genres"),
        List.of(
            row(11, "American President, The (1995)", "Comedy|Drama|Romance"),
            row(12, "\"Great\" Performances (1971)", "(no genres listed)"),
            row(4973, "Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)", "Comedy|Romance")));
  }

  @Test
  void linksDropImdbLeadingZerosAndReadAnEmptyTmdbIdAsNull() {
    var ctx = fromFile("links", "\r\n", "movieId,imdbId,tmdbId", "1,0114709,862", "791,0113610,");
    assertRows(
        new SrcLinks().build(ctx),
        List.of("movie_id", "imdb_id", "tmdb_id"),
        List.of(row(1, 114709, 862), row(791, 113610, null)));
  }

  @Test
  void tagsAndGenomeFilesAreRenamed() {
    assertRows(
        new SrcTags()
            .build(
                fromFile(
                    "tags",
                    "\n",
                    "userId,movieId,tag,timestamp",
                    "3,260,\"classic, sci-fi\",1439472355")),
        List.of("user_id", "movie_id", "tag", "tag_timestamp"),
        List.of(row(3, 260, "classic, sci-fi", Instant.parse("2015-08-13T13:25:55Z"))));
    assertRows(
        new SrcGenomeTags().build(fromFile("genome_tags", "\n", "tagId,tag", "1,007")),
        List.of("tag_id", "tag"),
        List.of(row(1, "007")));
    assertRows(
        new SrcGenomeScores()
            .build(fromFile("genome_scores", "\n", "movieId,tagId,relevance", "1,1,0.02875")),
        List.of("movie_id", "tag_id", "relevance"),
        List.of(row(1, 1, 0.02875)));
  }
}
