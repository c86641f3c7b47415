package io.reelhouse.movielens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelhouse.model.Project;
import io.reelhouse.model.Selection;
import io.reelhouse.model.UnknownModelException;
import io.reelhouse.model.selection.InvalidSelectorException;
import io.reelhouse.model.selection.Node;
import io.reelhouse.model.selection.SelectionSpec.IndirectSelection;
import io.reelhouse.model.selection.SelectorMethod;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  private Selection.Result resolve(String select, IndirectSelection indirect) {
    return Selection.resolve(
        project, new Selection.Request(List.of(select), List.of(), null, Set.of(), indirect, null));
  }

  private List<String> names(Selection.Result r) {
    return r.nodes().stream().map(Node::searchName).toList();
  }

  @Test
  void aMethodMatchingNothingWarnsAsDbtDoesAndSelectsNothing() {
    Selection.Result r = resolve("tag:weekly", IndirectSelection.EAGER);
    assertThat(r.nodes()).as("nodes").isEmpty();
    assertThat(r.warnings())
        .containsExactly("The selection criterion 'tag:weekly' does not match any enabled nodes");
    // Each space-separated term is checked on its own, as dbt does.
    Selection.Result some = resolve("dim_users tag:weekly,dim_users", IndirectSelection.EAGER);
    assertThat(some.models()).containsExactly("dim_users");
    assertThat(some.warnings())
        .containsExactly(
            "The selection criterion 'tag:weekly,dim_users' does not match any enabled nodes");
  }

  @Test
  void aMalformedSelectorFailsNamingTheBadPart() {
    assertThatThrownBy(() -> select("@dim_movies+"))
        .isInstanceOf(InvalidSelectorException.class)
        .hasMessage(
            "invalid selector '@dim_movies+': the @ prefix and a + suffix cannot be combined");
    assertThatThrownBy(() -> select("tgs:pii"))
        .hasMessageStartingWith(
            "invalid selector 'tgs:pii': 'tgs' is not a selector method (did you mean tag, fqn?);"
                + " methods: config, file, fqn,");
    assertThatThrownBy(() -> select("tag:"))
        .hasMessage("invalid selector 'tag:': no value to select");
    assertThatThrownBy(() -> select("dim_users,,tag:pii"))
        .hasMessage("invalid selector 'dim_users,,tag:pii': an empty part between commas");
    assertThatThrownBy(() -> select("source:a.b.c.d"))
        .hasMessage(
            "invalid source selector 'source:a.b.c.d': write source:NAME, source:NAME.TABLE or"
                + " source:PACKAGE.NAME.TABLE");
    assertThatThrownBy(() -> select("resource_type:modle"))
        .hasMessageStartingWith(
            "invalid resource type 'modle' in 'resource_type:modle' (one of model, seed,"
                + " snapshot, source, test, or dbt's analysis,");
    assertThatThrownBy(() -> select("test_type:schemas"))
        .hasMessage(
            "invalid test type 'test_type:schemas': expected generic, singular, unit or data");
    assertThatThrownBy(() -> select("tag.x:pii"))
        .hasMessage(
            "invalid selector method 'tag.x': only config takes a '.' argument"
                + " (config.materialized)");
    assertThatThrownBy(() -> select("state:modified"))
        .hasMessageContaining("the state method compares with an earlier run's artifacts")
        .hasMessageContaining("give --state DIR");
    assertThatThrownBy(() -> select("materialization:tabel"))
        .hasMessage(
            "no materialization 'tabel' (one of view, ephemeral, table, incremental, seed,"
                + " snapshot)");
  }

  @Test
  void aNamePatternMatchingNothingFailsLikeAName() {
    assertThatThrownBy(() -> select("dim_move*"))
        .isInstanceOf(InvalidSelectorException.class)
        .hasMessage("no node matches 'dim_move*' (reelhouse ls lists them)");
  }

  @Test
  void indirectSelectionModesDecideWhichTestsFollowTheirModels() {
    String relationships = "relationships_fct_ratings_movie_id__movie_id__ref_dim_movies_";
    assertThat(names(resolve("dim_movies", IndirectSelection.EAGER))).contains(relationships);
    // Cautious: only tests whose every model is selected.
    assertThat(names(resolve("dim_movies", IndirectSelection.CAUTIOUS)))
        .containsExactlyInAnyOrder(
            "dim_movies",
            "not_null_dim_movies_movie_id",
            "not_null_dim_movies_movie_title",
            "unique_dim_movies_movie_id");
    assertThat(names(resolve("dim_movies fct_ratings", IndirectSelection.CAUTIOUS)))
        .contains(relationships);
    // Buildable: a test reading the selected model's ancestors joins too.
    assertThat(names(resolve("fct_ratings", IndirectSelection.BUILDABLE))).contains(relationships);
    assertThat(names(resolve("fct_ratings", IndirectSelection.CAUTIOUS)))
        .doesNotContain(relationships);
    assertThat(names(resolve("dim_users", IndirectSelection.EMPTY))).containsExactly("dim_users");
  }

  @Test
  void aStateMethodPlugsInAsAnyOtherMethod() {
    // Stands in for state:modified read from an earlier manifest: dim_movies changed.
    SelectorMethod modified =
        (graph, arguments, value) ->
            value.equals("modified") ? Set.of("model.movielens.dim_movies") : Set.of();
    Selection.Result r =
        Selection.resolve(
            project,
            Selection.Request.of(List.of("state:modified+"), List.of()),
            Map.of("state", modified));
    assertThat(r.models())
        .containsExactly(
            "dim_movies", "fct_ratings", "dim_movies_with_tags", "mart_movie_releases");
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
