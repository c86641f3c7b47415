package io.reelhouse.movielens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelhouse.model.Project;
import io.reelhouse.model.Selection;
import io.reelhouse.model.selection.InvalidSelectorException;
import io.reelhouse.model.selection.SelectionSpec.IndirectSelection;
import io.reelhouse.model.selection.SelectorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** selectors.yml in dbt's format: the shipped file, each definition form, and bad files. */
class SelectorsFileTest {
  private static final Path SHIPPED = Path.of("..", "selectors.yml");
  private final Project project = MovieLensProject.create();
  @TempDir Path dir;

  private List<String> models(Path file, String selector) {
    return Selection.resolve(
            project,
            new Selection.Request(
                List.of(), List.of(), selector, Set.of(), IndirectSelection.EAGER, file))
        .models();
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("selectors.yml"), yaml);
  }

  @Test
  void theShippedSelectorsSelectWhatTheirDescriptionsSay() {
    assertThat(SelectorsFile.read(SHIPPED).names())
        .containsExactly("nightly", "genome", "no_pii", "nightly_tables");
    assertThat(models(SHIPPED, "nightly"))
        .containsExactlyInAnyOrder(
            "src_movies",
            "src_ratings",
            "src_tags",
            "seed_movie_release_dates",
            "dim_movies",
            "dim_users",
            "fct_ratings",
            "mart_movie_releases",
            "snap_tags",
            "snap_movies");
    assertThat(models(SHIPPED, "genome"))
        .containsExactlyInAnyOrder(
            "src_genome_tags",
            "src_genome_scores",
            "dim_genome_tags",
            "fct_genome_scores",
            "dim_movies_with_tags");
    assertThat(models(SHIPPED, "no_pii"))
        .containsExactlyInAnyOrder(
            "src_movies",
            "src_links",
            "src_genome_tags",
            "src_genome_scores",
            "seed_movie_release_dates",
            "dim_movies",
            "dim_genome_tags",
            "fct_genome_scores",
            "dim_movies_with_tags",
            "snap_movies");
    assertThat(models(SHIPPED, "nightly_tables"))
        .containsExactlyInAnyOrder(
            "src_movies",
            "src_ratings",
            "src_tags",
            "seed_movie_release_dates",
            "dim_movies",
            "dim_users",
            "fct_ratings",
            "mart_movie_releases");
  }

  @Test
  void everyDefinitionFormOfDbt() throws IOException {
    Path file =
        write(
            """
            selectors:
              - name: one_key
                definition:
                  tag: genome
              - name: depths
                definition:
                  method: fqn
                  value: fct_ratings
                  parents: true
                  parents_depth: 1
                  children: true
                  children_depth: 1
              - name: at
                definition:
                  method: fqn
                  value: src_tags
                  childrens_parents: true
              - name: criteria_with_exclude
                definition:
                  method: config.materialized
                  value: incremental
                  exclude:
                    - method: tag
                      value: nightly
                      parents: true
                      children: false
                    - fct_ratings
              - name: nested
                definition:
                  union:
                    - intersection:
                        - tag:pii
                        - resource_type:snapshot
                    - method: selector
                      value: one_key
                    - exclude:
                        - "src_*"
            """);
    assertThat(models(file, "one_key"))
        .containsExactlyInAnyOrder(
            "src_genome_tags",
            "src_genome_scores",
            "dim_genome_tags",
            "fct_genome_scores",
            "dim_movies_with_tags");
    assertThat(models(file, "depths"))
        .containsExactlyInAnyOrder(
            "src_ratings", "dim_movies", "fct_ratings", "mart_movie_releases");
    assertThat(models(file, "at"))
        .containsExactlyInAnyOrder("src_tags", "src_ratings", "dim_users", "snap_tags");
    assertThat(models(file, "criteria_with_exclude")).isEmpty();
    assertThat(models(file, "nested"))
        .containsExactlyInAnyOrder(
            "snap_tags", "dim_genome_tags", "fct_genome_scores", "dim_movies_with_tags");
  }

  @Test
  void theDefaultSelectorAppliesWhenNothingIsSelectedOnTheCommandLine() throws IOException {
    Path file =
        write(
            """
            selectors:
              - name: marts
                default: true
                definition: "layer:mart"
            """);
    Selection.Result r =
        Selection.resolve(
            project,
            new Selection.Request(
                List.of(), List.of(), null, Set.of(), IndirectSelection.EAGER, file));
    assertThat(r.models()).containsExactly("mart_movie_releases");
    assertThat(r.selectorUsed()).isEqualTo("marts");
    Selection.Result given =
        Selection.resolve(
            project,
            new Selection.Request(
                List.of("dim_users"), List.of(), null, Set.of(), IndirectSelection.EAGER, file));
    assertThat(given.models()).as("--select wins over the default").containsExactly("dim_users");
  }

  @Test
  void badFilesFailNamingTheFileAndWhatIsWrong() throws IOException {
    Path unknown =
        write(
            """
            selectors:
              - name: a
                definition:
                  method: selector
                  value: nightlly
            """);
    assertThatThrownBy(() -> SelectorsFile.read(unknown))
        .isInstanceOf(InvalidSelectorException.class)
        .hasMessage(
            unknown
                + ": selector 'a' refers to selector 'nightlly', which is not defined (selectors:"
                + " a)");
    Path cycle =
        write(
            """
            selectors:
              - name: a
                definition: {method: selector, value: b}
              - name: b
                definition:
                  union:
                    - tag:pii
                    - {method: selector, value: c}
              - name: c
                definition: {method: selector, value: a}
            """);
    assertThatThrownBy(() -> SelectorsFile.read(cycle))
        .hasMessage(cycle + ": selectors refer to each other in a cycle: a -> b -> c -> a");
    Path badMethod =
        write(
            """
            selectors:
              - name: a
                definition: {method: tags, value: pii}
            """);
    assertThatThrownBy(() -> SelectorsFile.read(badMethod))
        .hasMessageStartingWith(
            badMethod + ": selector 'a': 'tags' is not a selector method (methods: fqn, tag,");
    Path twoDefaults =
        write(
            """
            selectors:
              - {name: a, default: true, definition: tag:pii}
              - {name: b, default: true, definition: tag:genome}
            """);
    assertThatThrownBy(() -> SelectorsFile.read(twoDefaults))
        .hasMessage(twoDefaults + ": selectors 'a' and 'b' are both default: true");
    Path notYaml = write("selectors:\n  - name: [a\n");
    assertThatThrownBy(() -> SelectorsFile.read(notYaml))
        .hasMessageStartingWith(notYaml + ": not valid YAML: ");
    assertThatThrownBy(() -> models(SHIPPED, "nightlly"))
        .hasMessage(
            "no selector 'nightlly' in "
                + SHIPPED
                + " (selectors: nightly, genome, no_pii, nightly_tables)");
    assertThatThrownBy(
            () ->
                Selection.resolve(
                    project,
                    new Selection.Request(
                        List.of("dim_users"),
                        List.of(),
                        "nightly",
                        Set.of(),
                        IndirectSelection.EAGER,
                        SHIPPED)))
        .hasMessage("--selector nightly cannot be combined with --select or --exclude");
  }
}
