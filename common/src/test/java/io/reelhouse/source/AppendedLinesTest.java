package io.reelhouse.source;

import static io.reelhouse.testing.RowAssert.assertRows;
import static io.reelhouse.testing.RowAssert.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading only what was appended to a raw file since it was read, through Spark; when reading on is
 * safe is {@link ReadMarksTest}.
 */
class AppendedLinesTest {
  private static final SourceSpec RATINGS = ReadMarksTest.RATINGS;
  private static final SourceSpec NOT_APPEND_ONLY = ReadMarksTest.NOT_APPEND_ONLY;
  private static final List<String> COLUMNS = List.of("userId", "movieId", "rating", "timestamp");

  @TempDir Path dir;

  private CsvReader reader() {
    return new CsvReader(TestSpark.session(), dir.toString());
  }

  private Path ratings() {
    return ReadMarksTest.ratingsWithOneLine(dir);
  }

  @Test
  void linesAddedAtTheEndAreReadAloneWithTheirBadLinesSetAside() throws IOException {
    Path f = ratings();
    ReadMark first = reader().mark(RATINGS);
    assertThat(first.end()).as("the whole file: it ends with a line end").isEqualTo(Files.size(f));
    // a CRLF line, a bad line, and a line still being written (no line end yet)
    ReadMarksTest.append(f, "2,20,3.5,200\r\n2,x,1.0,201\n3,30,5.0,3");
    ReadMark now = reader().mark(RATINGS);
    assertThat(now.end())
        .as("the unfinished last line is not in")
        .isEqualTo(Files.size(f) - "3,30,5.0,3".length());
    assertThat(reader().resumeAt(RATINGS, first, now)).hasValue(first.end());

    CheckedSource added = reader().readAppended(RATINGS, first.end(), now);
    assertRows(added.good(), COLUMNS, List.of(row(2, 20, 3.5, 200L)));
    assertThat(added.malformed().collectAsList())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getString(1)).isEqualTo("2,x,1.0,201");
              assertThat(r.<String>getList(2))
                  .containsExactly("column movieId: 'x' is not a valid INT");
              assertThat(r.getString(0)).endsWith("ratings.csv");
            });
    assertThat(added.counts()).isEqualTo(new CheckedSource.Counts(2, 1));
    added.release();
  }

  @Test
  void readingFromTheMarksEndReadsNothing() {
    ratings();
    ReadMark first = reader().mark(NOT_APPEND_ONLY);
    CheckedSource nothing = reader().readAppended(NOT_APPEND_ONLY, first.end(), first);
    assertThat(nothing.counts()).isEqualTo(new CheckedSource.Counts(0, 0));
    nothing.release();
  }
}
