package io.reelhouse.movielens;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.source.SourceSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The six MovieLens files as declared: columns and types in file order, and how each is read. */
class MovieLensSourcesTest {
  @Test
  void everyFileHasItsColumnsInFileOrderWithTheirTypes() {
    Map<String, String> ddl = new LinkedHashMap<>();
    for (SourceSpec s : MovieLensSources.all()) {
      ddl.put(s.fileName(), s.schema().toDDL());
    }
    assertThat(ddl)
        .containsExactly(
            Map.entry("movies.csv", "movieId INT,title STRING,genres STRING"),
            Map.entry("ratings.csv", "userId INT,movieId INT,rating DOUBLE,timestamp BIGINT"),
            Map.entry("tags.csv", "userId INT,movieId INT,tag STRING,timestamp BIGINT"),
            Map.entry("links.csv", "movieId INT,imdbId INT,tmdbId INT"),
            Map.entry("genome-tags.csv", "tagId INT,tag STRING"),
            Map.entry("genome-scores.csv", "movieId INT,tagId INT,relevance DOUBLE"));
  }

  @Test
  void onlyTheGenomeFilesAreOptionalAndOnlyRatingsAreAppendOnly() {
    for (SourceSpec s : MovieLensSources.all()) {
      assertThat(s.required())
          .as("required: " + s.name())
          .isEqualTo(!s.name().startsWith("genome"));
      assertThat(s.appendOnly())
          .as("append-only: " + s.name())
          .isEqualTo(s.name().equals(MovieLensSources.RATINGS));
      assertThat(s.eventTime())
          .as("event time: " + s.name())
          .isEqualTo(
              s.name().equals(MovieLensSources.RATINGS) || s.name().equals(MovieLensSources.TAGS)
                  ? "timestamp"
                  : null);
    }
  }
}
