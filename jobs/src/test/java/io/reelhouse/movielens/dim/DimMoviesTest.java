package io.reelhouse.movielens.dim;

import static io.reelhouse.testing.Fixtures.rows;
import static io.reelhouse.testing.RowAssert.assertRows;
import static io.reelhouse.testing.RowAssert.row;

import io.reelhouse.testing.FakeContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class DimMoviesTest {
  private static final String SRC = "movie_id INT, title STRING, genres STRING";
  private static final List<String> COLUMNS =
      List.of("movie_id", "movie_title", "genre_array", "genres", "release_year");

  @Test
  void titlesAreTrimmedAndTitleCasedAsSnowflakeDoes() {
    var src =
        rows(
            SRC,
            row(1, "  Godfather: Part II, The (1974) ", "Crime|Drama"),
            row(2, "Men in Black (a.k.a. MIB) (1997)", "Action|Comedy|Sci-Fi"),
            row(3, "Schindler's List (1993)", "Drama|War"),
            row(4, "Spider-Man 2 (2004)", "Action"),
            row(5, "amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)", "Comedy|Romance"),
            row(6, "Lumière and Company", "(no genres listed)"),
            row(7, "Babylon 5 (1994-1998)", null));
    assertRows(
        new DimMovies().build(new FakeContext().ref("src_movies", src)),
        COLUMNS,
        List.of(
            row(
                1,
                "Godfather: Part Ii, The (1974)",
                List.of("Crime", "Drama"),
                "Crime|Drama",
                1974),
            row(
                2,
                "Men In Black (A.K.A. Mib) (1997)",
                List.of("Action", "Comedy", "Sci-Fi"),
                "Action|Comedy|Sci-Fi",
                1997),
            row(3, "Schindler's List (1993)", List.of("Drama", "War"), "Drama|War", 1993),
            row(4, "Spider-Man 2 (2004)", List.of("Action"), "Action", 2004),
            row(
                5,
                "Amélie (Fabuleux Destin D'amélie Poulain, Le) (2001)",
                List.of("Comedy", "Romance"),
                "Comedy|Romance",
                2001),
            row(
                6,
                "Lumière And Company",
                List.of("(no genres listed)"),
                "(no genres listed)",
                null),
            row(7, "Babylon 5 (1994-1998)", null, null, null)));
  }
}
