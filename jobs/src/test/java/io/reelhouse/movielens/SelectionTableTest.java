package io.reelhouse.movielens;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.model.Project;
import io.reelhouse.model.Selection;
import io.reelhouse.model.selection.Node;
import io.reelhouse.model.selection.ResourceType;
import io.reelhouse.model.selection.SelectionSpec.IndirectSelection;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * dbt's selection grammar over the MovieLens DAG, one selector per row. Expected sets are written
 * by hand from dbt's documentation (node selection syntax, graph operators, set operators, methods)
 * and the DAG of REFERENCE_MODELS.md; names are as {@code ls --output name} prints them (a source
 * is {@code movielens.TABLE}). Tests are listed only in rows that keep them ({@link #ALL}).
 */
class SelectionTableTest {
  private static final Project PROJECT = MovieLensProject.create();

  /** Models, seeds and snapshots. */
  private static final Set<ResourceType> MODELS =
      Set.of(ResourceType.MODEL, ResourceType.SEED, ResourceType.SNAPSHOT);

  /** Everything but tests. */
  private static final Set<ResourceType> NODES =
      Set.of(ResourceType.MODEL, ResourceType.SEED, ResourceType.SNAPSHOT, ResourceType.SOURCE);

  private static final Set<ResourceType> ALL = Set.of();

  private static final String[] GENOME_MODELS = {
    "src_genome_tags",
    "src_genome_scores",
    "dim_genome_tags",
    "fct_genome_scores",
    "dim_movies_with_tags"
  };
  private static final String[] DIMS = {
    "dim_movies", "dim_users", "dim_genome_tags", "dim_movies_with_tags"
  };
  private static final String[] SOURCES = {
    "movielens.movies",
    "movielens.ratings",
    "movielens.tags",
    "movielens.links",
    "movielens.genome_tags",
    "movielens.genome_scores"
  };

  private static Arguments row(String select, Set<ResourceType> types, String... expected) {
    return Arguments.of(select, "", types, List.of(expected));
  }

  private static Arguments row(
      String select, String exclude, Set<ResourceType> types, String... expected) {
    return Arguments.of(select, exclude, types, List.of(expected));
  }

  private static String[] plus(String[] some, String... more) {
    return Stream.concat(Arrays.stream(some), Arrays.stream(more)).toArray(String[]::new);
  }

  static Stream<Arguments> table() {
    return Stream.of(
        // Names, and dbt's graph operators with depths.
        row("dim_movies", MODELS, "dim_movies"),
        row(
            "dim_movies",
            ALL,
            "dim_movies",
            "not_null_dim_movies_movie_id",
            "not_null_dim_movies_movie_title",
            "unique_dim_movies_movie_id",
            // Eager indirect selection: a test is selected when any model it reads is.
            "relationships_fct_ratings_movie_id__movie_id__ref_dim_movies_"),
        row("+dim_movies", NODES, "movielens.movies", "src_movies", "dim_movies"),
        row(
            "dim_movies+",
            NODES,
            "dim_movies",
            "fct_ratings",
            "dim_movies_with_tags",
            "mart_movie_releases"),
        row(
            "+dim_movies+",
            NODES,
            "movielens.movies",
            "src_movies",
            "dim_movies",
            "fct_ratings",
            "dim_movies_with_tags",
            "mart_movie_releases"),
        row("1+fct_ratings", NODES, "src_ratings", "dim_movies", "fct_ratings"),
        row(
            "2+fct_ratings",
            NODES,
            "movielens.ratings",
            "src_ratings",
            "src_movies",
            "dim_movies",
            "fct_ratings"),
        row("0+dim_movies", NODES, "dim_movies"),
        row("fct_ratings+1", NODES, "fct_ratings", "mart_movie_releases"),
        row("src_movies+1", NODES, "src_movies", "dim_movies", "snap_movies"),
        row(
            "src_movies+2",
            NODES,
            "src_movies",
            "dim_movies",
            "snap_movies",
            "fct_ratings",
            "dim_movies_with_tags"),
        row(
            "@fct_ratings",
            NODES,
            "movielens.ratings",
            "movielens.movies",
            "src_ratings",
            "src_movies",
            "dim_movies",
            "fct_ratings",
            "seed_movie_release_dates",
            "mart_movie_releases"),
        row(
            "@src_tags",
            NODES,
            "movielens.tags",
            "movielens.ratings",
            "src_tags",
            "src_ratings",
            "dim_users",
            "snap_tags"),
        row(
            "+dim_movies_with_tags",
            NODES,
            "movielens.movies",
            "movielens.genome_tags",
            "movielens.genome_scores",
            "src_movies",
            "src_genome_tags",
            "src_genome_scores",
            "dim_movies",
            "dim_genome_tags",
            "fct_genome_scores",
            "dim_movies_with_tags"),
        row(
            "2+seed_movie_release_dates+",
            MODELS,
            "seed_movie_release_dates",
            "mart_movie_releases"),
        // Tags, and the set operators.
        row("tag:genome", NODES, GENOME_MODELS),
        row(
            "tag:pii",
            MODELS,
            "src_ratings",
            "src_tags",
            "dim_users",
            "fct_ratings",
            "mart_movie_releases",
            "snap_tags"),
        row(
            "tag:nightly",
            MODELS,
            "dim_users",
            "fct_ratings",
            "mart_movie_releases",
            "snap_tags",
            "snap_movies"),
        row(
            "tag:n*",
            MODELS,
            "dim_users",
            "fct_ratings",
            "mart_movie_releases",
            "snap_tags",
            "snap_movies"),
        row(
            "tag:nightly,tag:pii",
            MODELS,
            "dim_users",
            "fct_ratings",
            "mart_movie_releases",
            "snap_tags"),
        row("fct_ratings,tag:nightly", MODELS, "fct_ratings"),
        row("fct_ratings tag:genome", MODELS, plus(GENOME_MODELS, "fct_ratings")),
        row("tag:pii", "tag:nightly", MODELS, "src_ratings", "src_tags"),
        row("snap_movies snap_tags", "tag:pii", MODELS, "snap_movies"),
        row(
            "@dim_genome_tags,tag:genome",
            MODELS,
            "src_genome_tags",
            "src_genome_scores",
            "dim_genome_tags",
            "fct_genome_scores",
            "dim_movies_with_tags"),
        row(
            "layer:staging",
            "src_links src_genome*",
            MODELS,
            "src_movies",
            "src_ratings",
            "src_tags"),
        row(
            "",
            "layer:staging",
            NODES,
            plus(
                SOURCES,
                "seed_movie_release_dates",
                "dim_movies",
                "dim_users",
                "dim_genome_tags",
                "fct_genome_scores",
                "fct_ratings",
                "dim_movies_with_tags",
                "mart_movie_releases",
                "snap_tags",
                "snap_movies")),
        row(
            "+mart_movie_releases",
            "+dim_movies",
            NODES,
            "movielens.ratings",
            "src_ratings",
            "fct_ratings",
            "seed_movie_release_dates",
            "mart_movie_releases"),
        // Paths and files, relative to the folder of the layers.
        row("path:dim", MODELS, DIMS),
        row("path:staging/SrcMovies.java", MODELS, "src_movies"),
        row("staging/SrcRatings.java", MODELS, "src_ratings"),
        row("path:*/Snap*", MODELS, "snap_tags", "snap_movies"),
        row("path:sources/genome-*", NODES, "movielens.genome_tags", "movielens.genome_scores"),
        row("file:DimUsers", MODELS, "dim_users"),
        // fqn: a name, a folder, the project, and wildcards.
        row("fqn:dim", MODELS, DIMS),
        row("movielens.fct", MODELS, "fct_genome_scores", "fct_ratings"),
        row("*.mart.*", MODELS, "mart_movie_releases"),
        row("seeds", MODELS, "seed_movie_release_dates"),
        row("dim_*", MODELS, DIMS),
        // Configs and Reelhouse's aliases.
        row(
            "config.materialized:incremental",
            MODELS,
            "dim_users",
            "fct_ratings",
            "mart_movie_releases"),
        row(
            "config.materialized:view",
            MODELS,
            "src_movies",
            "src_ratings",
            "src_tags",
            "src_links",
            "src_genome_tags",
            "src_genome_scores"),
        row("materialization:snapshot", MODELS, "snap_tags", "snap_movies"),
        row("config.materialized:table,layer:dim", MODELS, "dim_movies", "dim_genome_tags"),
        row("config.tags:pii,resource_type:snapshot", MODELS, "snap_tags"),
        row("package:movielens,resource_type:model,tag:genome", MODELS, GENOME_MODELS),
        // Resource types, sources and tests.
        row(
            "resource_type:seed",
            ALL,
            "seed_movie_release_dates",
            "unique_seed_movie_release_dates_movie_id"),
        row("resource_type:source", ALL, SOURCES),
        row("source:movielens", NODES, SOURCES),
        row("source:*.genome_*", NODES, "movielens.genome_tags", "movielens.genome_scores"),
        row(
            "source:movielens.ratings+",
            NODES,
            "movielens.ratings",
            "src_ratings",
            "dim_users",
            "fct_ratings",
            "mart_movie_releases"),
        row(
            "resource_type:test,fct_genome_scores",
            ALL,
            "not_null_fct_genome_scores_movie_id",
            "not_null_fct_genome_scores_tag_id",
            "not_null_fct_genome_scores_relevance_score",
            "unique_combination_of_columns_fct_genome_scores_movie_id__tag_id",
            "expression_fct_genome_scores_relevance_score_0",
            "expression_fct_genome_scores_relevance_score_1",
            "no_nulls_in_any_column_fct_genome_scores"),
        row(
            "test_type:singular",
            ALL,
            "expression_fct_genome_scores_relevance_score_0",
            "expression_fct_genome_scores_relevance_score_1",
            "expression_fct_ratings_rating_timestamp_between_timestamp_1995_01_01_00_00_00_and_current_timestamp"),
        row(
            "test_type:generic,dim_users",
            ALL,
            "not_null_dim_users_user_id",
            "unique_dim_users_user_id"),
        row(
            "config.severity:error,dim_users",
            ALL,
            "not_null_dim_users_user_id",
            "unique_dim_users_user_id"),
        row(
            "test_name:unique*",
            ALL,
            "unique_dim_movies_movie_id",
            "unique_dim_users_user_id",
            "unique_dim_genome_tags_tag_id",
            "unique_combination_of_columns_fct_genome_scores_movie_id__tag_id",
            "unique_combination_of_columns_fct_ratings_user_id__movie_id",
            "unique_seed_movie_release_dates_movie_id"),
        row(
            "test_name:accepted_values",
            ALL,
            "accepted_values_fct_ratings_rating",
            "accepted_values_mart_movie_releases_release_info_available"));
  }

  @ParameterizedTest(name = "--select \"{0}\" --exclude \"{1}\" {2}")
  @MethodSource("table")
  void selects(String select, String exclude, Set<ResourceType> types, List<String> expected) {
    Selection.Result r =
        Selection.resolve(
            PROJECT,
            new Selection.Request(
                select.isEmpty() ? List.of() : List.of(select),
                exclude.isEmpty() ? List.of() : List.of(exclude),
                null,
                types,
                IndirectSelection.EAGER,
                null));
    assertThat(r.nodes().stream().map(Node::searchName).toList())
        .as("--select %s --exclude %s", select, exclude)
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(r.warnings()).as("warnings").isEmpty();
  }

  @org.junit.jupiter.api.Test
  void theTableHasAtLeastFortySelectors() {
    assertThat(table().count()).isGreaterThanOrEqualTo(40);
  }
}
