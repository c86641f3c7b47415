package io.reelhouse.movielens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelhouse.model.Project;
import io.reelhouse.model.Selection;
import io.reelhouse.model.UnknownModelException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** dbt's selection syntax over the MovieLens DAG; expectations read off REFERENCE_MODELS.md. */
class SelectionTest {
  private final Project project = MovieLensProject.create();

  private List<String> select(String... terms) {
    return Selection.select(project, List.of(terms), List.of());
  }

  @Test
  void oneModel() {
    assertThat(select("dim_movies")).containsExactly("dim_movies");
  }

  @Test
  void withAncestorsInDependencyOrder() {
    // fct_ratings' relationships rule reads dim_movies, so dim_movies is built first.
    assertThat(select("+mart_movie_releases"))
        .containsExactly(
            "src_movies",
            "src_ratings",
            "seed_movie_release_dates",
            "dim_movies",
            "fct_ratings",
            "mart_movie_releases");
  }

  @Test
  void withDescendants() {
    assertThat(select("src_ratings+"))
        .containsExactly("src_ratings", "dim_users", "fct_ratings", "mart_movie_releases");
    assertThat(select("dim_movies+"))
        .containsExactly(
            "dim_movies", "fct_ratings", "dim_movies_with_tags", "mart_movie_releases");
  }

  @Test
  void bothDirections() {
    assertThat(select("+fct_genome_scores+"))
        .containsExactly("src_genome_scores", "fct_genome_scores", "dim_movies_with_tags");
  }

  @Test
  void aLayer() {
    assertThat(select("layer:dim"))
        .containsExactly("dim_movies", "dim_users", "dim_genome_tags", "dim_movies_with_tags");
    assertThat(select("layer:staging")).hasSize(6).allMatch(n -> n.startsWith("src_"));
  }

  @Test
  void unionsOfTermsInOneArgumentOrSeveral() {
    assertThat(select("dim_users fct_ratings")).containsExactly("dim_users", "fct_ratings");
    assertThat(select("dim_users", "layer:mart"))
        .containsExactly("dim_users", "mart_movie_releases");
  }

  @Test
  void namePatterns() {
    assertThat(select("fct_*")).containsExactly("fct_genome_scores", "fct_ratings");
  }

  @Test
  void excludeRemovesFromTheSelectionOrFromEverything() {
    assertThat(Selection.select(project, List.of("+mart_movie_releases"), List.of("layer:staging")))
        .containsExactly(
            "seed_movie_release_dates", "dim_movies", "fct_ratings", "mart_movie_releases");
    assertThat(
            Selection.select(
                project,
                List.of(),
                List.of("layer:staging", "layer:dim", "layer:fct", "layer:snapshots", "src_*")))
        .containsExactly("seed_movie_release_dates", "mart_movie_releases");
  }

  @Test
  void anUnknownNameSuggestsTheNearest() {
    assertThatThrownBy(() -> select("dim_movie"))
        .isInstanceOf(UnknownModelException.class)
        .hasMessage(
            "unknown model 'dim_movie'; did you mean dim_movies, src_movies, dim_movies_with_tags?");
    assertThatThrownBy(() -> select("+fct_rating"))
        .hasMessageStartingWith("unknown model 'fct_rating'; did you mean fct_ratings");
    assertThatThrownBy(() -> select("layer:dims"))
        .hasMessage("no model in layer 'dims' (layers: staging, seeds, dim, fct, mart, snapshots)");
  }

  @Test
  void everyModelOfTheReferenceExists() {
    assertThat(project.dag().nodes())
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
            "dim_movies_with_tags",
            "fct_genome_scores",
            "fct_ratings",
            "mart_movie_releases",
            "snap_tags",
            "snap_movies");
  }
}
