package io.reelhouse.bench;

import static io.reelhouse.testing.Fixtures.file;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The changes the bench makes between its runs: they must be what the report says they are. */
class BenchCommandTest {
  @TempDir Path dir;

  @Test
  void appendsOnePercentNewAndZeroPointTwoPercentLateRatingsOfNewUsers() throws Exception {
    List<String> lines = new ArrayList<>(List.of("userId,movieId,rating,timestamp"));
    for (int i = 0; i < 1000; i++) {
      lines.add((1 + i / 10) + "," + (i % 10 + 1) + ",3.5," + (1_000_000 + i));
    }
    file(dir, "ratings.csv", "\n", lines.toArray(String[]::new));
    file(dir, "tags.csv", "\n", "userId,movieId,tag,timestamp", "1,1,a,5");
    file(dir, "movies.csv", "\n", "movieId,title,genres", "1,A,x", "2,B,x", "5,C,x");
    BenchData.Facts f = BenchData.scan(dir);
    assertThat(f.ratings()).isEqualTo(1000);
    assertThat(f.maxUser()).isEqualTo(100);
    assertThat(f.maxRatingTime()).isEqualTo(1_000_999);
    assertThat(f.movies()).containsExactly(1, 2, 5);

    long[] added = BenchData.appendRatings(dir.resolve("ratings.csv"), f);
    assertThat(added).containsExactly(10, 2);
    List<String> after = Files.readAllLines(dir.resolve("ratings.csv"));
    List<String> tail = after.subList(1001, after.size());
    assertThat(tail).hasSize(12);
    Set<String> keys = new HashSet<>();
    int late = 0;
    for (String l : tail) {
      String[] v = l.split(",");
      assertThat(Integer.parseInt(v[0])).as("a new user: " + l).isGreaterThan(100);
      assertThat(List.of(1, 2, 5)).contains(Integer.parseInt(v[1]));
      double rating = Double.parseDouble(v[2]);
      assertThat(rating * 2).as("half stars: " + l).isBetween(1.0, 10.0);
      assertThat(rating * 2 % 1).isZero();
      long t = Long.parseLong(v[3]);
      if (t <= 1_000_999) {
        late++;
        assertThat(t).as("late, inside a 3-day look-back").isGreaterThan(1_000_999 - 3 * 86_400);
      }
      keys.add(v[0] + "," + v[1]);
    }
    assertThat(late).isEqualTo(2);
    assertThat(keys).as("no (user, movie) twice").hasSize(12);
  }

  @Test
  void oneRatingComesAfterTheNewestByAUserOutsideTheNextAppendsKeyRange() throws Exception {
    file(
        dir,
        "ratings.csv",
        "\n",
        "userId,movieId,rating,timestamp",
        "1,5,3.5,1000",
        "40,2,4.0,2000",
        "7,1,1.0,1500");
    file(dir, "tags.csv", "\n", "userId,movieId,tag,timestamp", "1,1,a,5");
    file(dir, "movies.csv", "\n", "movieId,title,genres", "1,A,x", "2,B,x", "5,C,x");
    BenchData.Facts f = BenchData.scan(dir);

    String said = BenchData.appendOneRating(dir.resolve("ratings.csv"), f);
    List<String> after = Files.readAllLines(dir.resolve("ratings.csv"));
    assertThat(after).hasSize(5);
    assertThat(after.get(4)).isEqualTo("10000040,1,4.0,2001");
    assertThat(said).contains("10000040,1,4.0,2001");

    BenchData.appendRatings(dir.resolve("ratings.csv"), f);
    List<String> next = Files.readAllLines(dir.resolve("ratings.csv"));
    assertThat(next.subList(5, next.size()))
        .as("the next step's users are new and below the one rating's user")
        .isNotEmpty()
        .allSatisfy(l -> assertThat(Integer.parseInt(l.split(",")[0])).isBetween(41, 10_000_039));
  }

  @Test
  void theStepsRunInOrderEachWithTheFilesItsNameSays() throws Exception {
    file(dir, "ratings.csv", "\n", "userId,movieId,rating,timestamp", "1,5,3.5,1000");
    file(dir, "tags.csv", "\n", "userId,movieId,tag,timestamp", "1,1,a,5");
    file(dir, "movies.csv", "\n", "movieId,title,genres", "5,C,x");
    BenchData.Facts f = BenchData.scan(dir);
    // One new rating; then at least one new and one late rating (1% and 0.2% of one, rounded up).
    List<String> ran = new ArrayList<>();
    new Steps(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
        .sequence(
            "",
            dir,
            f,
            (name, command) -> {
              ran.add(
                  name
                      + " = "
                      + command
                      + " on "
                      + lines("ratings.csv")
                      + " ratings lines, tag "
                      + Files.readAllLines(dir.resolve("tags.csv")).get(1));
              return null;
            });
    assertThat(ran)
        .containsExactly(
            "full build = build on 2 ratings lines, tag 1,1,a,5",
            "nothing changed = build on 2 ratings lines, tag 1,1,a,5",
            "build --full-refresh = build --full-refresh on 2 ratings lines, tag 1,1,a,5",
            "after full refresh, nothing changed = build on 2 ratings lines, tag 1,1,a,5",
            "incremental build, 1 rating = build on 3 ratings lines, tag 1,1,a,5",
            "incremental build = build on 5 ratings lines, tag 1,1,a,5",
            "snapshot = snapshot on 5 ratings lines, tag 1,1,edited in bench 0,6");
  }

  private long lines(String name) throws java.io.IOException {
    try (var l = Files.lines(dir.resolve(name))) {
      return l.count();
    }
  }

  @Test
  void changesEveryHundredthTagWithANewerTime() throws Exception {
    List<String> lines = new ArrayList<>(List.of("userId,movieId,tag,timestamp"));
    for (int i = 0; i < 250; i++) {
      lines.add(i + ",7,\"funny, very\"," + (500 + i));
    }
    file(dir, "tags.csv", "\n", lines.toArray(String[]::new));
    BenchData.Facts f = new BenchData.Facts(0, 0, 0, 749, new int[] {7});
    assertThat(BenchData.changeTags(dir.resolve("tags.csv"), f)).isEqualTo(3);
    List<String> after = Files.readAllLines(dir.resolve("tags.csv"));
    assertThat(after).hasSize(251);
    assertThat(after.get(1)).isEqualTo("0,7,edited in bench 0,750");
    assertThat(after.get(2)).isEqualTo(lines.get(2));
    assertThat(after.get(101)).isEqualTo("100,7,edited in bench 100,850");
    assertThat(after.get(201)).isEqualTo("200,7,edited in bench 200,950");
  }

  @Test
  void theHelpSaysWhatItChangesInPercent() {
    var out = new ByteArrayOutputStream();
    int code =
        BenchCommand.execute(
            new String[] {"--help"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " "))
        .as("picocli renders %% as %")
        .contains("Usage: bench", "1% new ratings (0.2% late)", "(1% of tags changed)");
  }

  @Test
  void aBadArgumentIsOneLineAndExitCodeTwo() {
    var err = new ByteArrayOutputStream();
    int code =
        BenchCommand.execute(
            new String[] {"--scale", "0.01", "--runs", "0", "--dir", dir.toString()},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("error: --runs must be 1 or more, got 0" + System.lineSeparator());
  }

  @Test
  void theTimedJvmIsToldToAddTheListenerAndWhereItWrites() {
    Path file = dir.resolve("m.json");
    assertThat(RunMetrics.jvmOptions(file))
        .containsExactly(
            "-Dspark.extraListeners=io.reelhouse.bench.RunMetrics",
            "-Dreelhouse.metrics-out=" + file.toAbsolutePath());
  }
}
