package io.reelhouse.source;

import static io.reelhouse.testing.Fixtures.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Marks of how far a raw file was read, and when reading on from one is safe; no Spark. */
class ReadMarksTest {
  /** ratings.csv, declared append-only. */
  static final SourceSpec RATINGS =
      new SourceSpec(
              "ratings",
              "ratings.csv",
              StructType.fromDDL("userId INT, movieId INT, rating DOUBLE, timestamp BIGINT"),
              true)
          .asAppendOnly();

  /** The same file, not declared append-only. */
  static final SourceSpec NOT_APPEND_ONLY =
      new SourceSpec("ratings", "ratings.csv", RATINGS.schema(), true);

  @TempDir Path dir;

  private ReadMarks marks() {
    return new ReadMarks(new SourceFolder(dir.toString(), new Configuration()));
  }

  private Path ratings() {
    return ratingsWithOneLine(dir);
  }

  /** dir/ratings.csv with its header and one rating, ending with a line end. */
  static Path ratingsWithOneLine(Path dir) {
    return file(dir, "ratings.csv", "\n", "userId,movieId,rating,timestamp", "1,10,4.0,100");
  }

  /** Adds text at the end of the file, as a log grows. */
  static void append(Path f, String text) throws IOException {
    Files.writeString(f, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  @Test
  void aMarkEndsAfterTheLastLineEndAndAnAppendOnlyFileIsReadOnFromIt() throws IOException {
    Path f = ratings();
    ReadMark first = marks().mark("ratings.csv");
    assertThat(first.end()).as("the whole file: it ends with a line end").isEqualTo(Files.size(f));
    append(f, "2,20,3.5,200\r\n2,x,1.0,201\n3,30,5.0,3");
    ReadMark now = marks().mark("ratings.csv");
    assertThat(now.end())
        .as("the unfinished last line is not in")
        .isEqualTo(Files.size(f) - "3,30,5.0,3".length());
    assertThat(marks().resumeAt(RATINGS, first, now)).hasValue(first.end());
    assertThat(marks().appendedLines("ratings.csv", first.end(), now))
        .as("CRLF and LF both end a line")
        .containsExactly("2,20,3.5,200", "2,x,1.0,201");
    assertThat(marks().appendedLines("ratings.csv", now.end(), now)).isEmpty();
  }

  @Test
  void appendedLinesRefuseARangeThatIsNotAnAppend() {
    ratings();
    ReadMark now = marks().mark("ratings.csv");
    assertThatThrownBy(() -> marks().appendedLines("ratings.csv", now.end() + 1, now))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ratings.csv as appended lines");
  }

  @Test
  void aFileWithNoLineEndInItsLastBytesIsMarkedAtZeroAndReadWhole() {
    file(dir, "ratings.csv", "", "userId,movieId,rating,timestamp");
    ReadMark m = marks().mark("ratings.csv");
    assertThat(m.end()).isZero();
    assertThat(marks().resumeAt(RATINGS, m, m)).isEmpty();
  }

  @Test
  void aFileRewrittenInPlaceIsReadWhole() throws IOException {
    Path f = ratings();
    ReadMark first = marks().mark("ratings.csv");
    // same length, one rating changed, then a line added
    file(dir, "ratings.csv", "\n", "userId,movieId,rating,timestamp", "1,10,2.0,100");
    append(f, "2,20,3.5,200\n");
    assertThat(marks().resumeAt(RATINGS, first, marks().mark("ratings.csv"))).isEmpty();
  }

  @Test
  void aFileThatShrankIsReadWhole() {
    file(dir, "ratings.csv", "\n", "userId,movieId,rating,timestamp", "1,10,4.0,100", "2,2,1,1");
    ReadMark first = marks().mark("ratings.csv");
    ratings();
    assertThat(marks().resumeAt(RATINGS, first, marks().mark("ratings.csv"))).isEmpty();
  }

  @Test
  void onlyAnAppendOnlySourceIsReadFromWhereItStoppedButAnUnchangedFileIsNotReadAtAll()
      throws IOException {
    Path f = ratings();
    ReadMark first = marks().mark("ratings.csv");
    assertThat(marks().resumeAt(NOT_APPEND_ONLY, first, marks().mark("ratings.csv")))
        .as("unchanged: nothing to read")
        .hasValue(first.end());
    append(f, "2,20,3.5,200\n");
    Files.setLastModifiedTime(f, FileTime.fromMillis(first.modified() + 5_000));
    assertThat(marks().resumeAt(NOT_APPEND_ONLY, first, marks().mark("ratings.csv")))
        .as("grown, but not declared append-only: read whole")
        .isEmpty();
  }

  @Test
  void aMarkSurvivesItsTextForm() {
    ratings();
    ReadMark m = marks().mark("ratings.csv");
    assertThat(ReadMark.parse(m.text())).isEqualTo(m);
    assertThat(ReadMark.parse("12 not a mark")).isNull();
  }

  @Test
  void linesAreSplitAtLfOrCrlfAndTheTextAfterTheLastLfIsNotALine() {
    assertThat(ReadMarks.lines("a\r\nb\n\nc".getBytes(StandardCharsets.UTF_8)))
        .containsExactly("a", "b", "");
    assertThat(ReadMarks.lines("Amélie\n".getBytes(StandardCharsets.UTF_8)))
        .containsExactly("Amélie");
  }
}
