package io.reelhouse.movielens.dim;

import static io.reelhouse.testing.Fixtures.rows;
import static io.reelhouse.testing.RowAssert.assertRows;
import static io.reelhouse.testing.RowAssert.row;

import io.reelhouse.testing.FakeContext;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class DimMoviesWithTagsTest {
  @Test
  void aMovieWithScoresGetsARowPerTagAndOneWithoutGetsOneRowOfNulls() {
    var movies =
        rows(
            "movie_id INT, movie_title STRING, genres STRING",
            row(1, "Heat (1995)", "Crime"),
            row(2, "Jumanji (1995)", "Fantasy"));
    var scores =
        rows(
            "movie_id INT, tag_id INT, relevance_score DECIMAL(9,4)",
            row(1, 10, new BigDecimal("0.9500")),
            row(1, 11, new BigDecimal("0.0288")));
    var tags =
        rows("tag_id INT, tag_name STRING", row(10, "Heist"), row(11, "Jungle"), row(12, "Unused"));
    var ctx =
        new FakeContext()
            .ref("dim_movies", movies)
            .ref("fct_genome_scores", scores)
            .ref("dim_genome_tags", tags);
    assertRows(
        new DimMoviesWithTags().build(ctx),
        List.of("movie_id", "movie_title", "genres", "tag_name", "relevance_score"),
        List.of(
            row(1, "Heat (1995)", "Crime", "Heist", new BigDecimal("0.9500")),
            row(1, "Heat (1995)", "Crime", "Jungle", new BigDecimal("0.0288")),
            row(2, "Jumanji (1995)", "Fantasy", null, null)));
  }
}
