package io.reelhouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** "Did you mean" suggestions: edit distance and the nearest known names. */
class NamesTest {
  @Test
  void distanceCountsInsertionsDeletionsAndSubstitutions() {
    assertThat(Names.distance("build", "build")).as("same").isZero();
    assertThat(Names.distance("biuld", "build")).as("two substitutions").isEqualTo(2);
    assertThat(Names.distance("buil", "build")).as("one insertion").isEqualTo(1);
    assertThat(Names.distance("kitten", "sitting")).as("the textbook pair").isEqualTo(3);
    assertThat(Names.distance("", "run")).as("from nothing").isEqualTo(3);
  }

  @Test
  void nearestGivesUpToThreeClosestFirstThenByName() {
    List<String> commands = List.of("build", "run", "seed", "test", "snapshot", "ls", "show");
    assertThat(Names.nearest("biuld", commands)).containsExactly("build");
    assertThat(Names.nearest("sed", commands))
        .as("distance 1 first, then the names at distance 3 in name order")
        .containsExactly("seed", "ls", "run");
    assertThat(Names.nearest("snap", commands))
        .as("a name the input is part of counts, though 4 edits away")
        .containsExactly("seed", "show", "snapshot");
    assertThat(Names.nearest("dim_movie", List.of("dim_movies", "dim_users", "fct_ratings")))
        .as("dim_users is 5 edits away, over the limit of 4 for a 9-letter name")
        .containsExactly("dim_movies");
    assertThat(Names.nearest("zzzzzzzz", commands)).as("nothing near").isEmpty();
  }
}
