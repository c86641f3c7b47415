package io.reelhouse.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A raw file's header line against the declared columns: what a person would fix, or nothing. */
class CsvHeaderTest {
  private static final List<String> RATINGS = List.of("userId", "movieId", "rating", "timestamp");

  @Test
  void aHeaderProblemNamesLineOneAndTheColumnAtFault() {
    assertThat(CsvHeader.problem(null, RATINGS))
        .isEqualTo(" is empty; expected a header line userId,movieId,rating,timestamp");
    assertThat(CsvHeader.problem("  ", RATINGS))
        .isEqualTo(" line 1 is blank; expected a header line userId,movieId,rating,timestamp");
    assertThat(CsvHeader.problem("userId;movieId;rating;timestamp", RATINGS))
        .isEqualTo(
            " line 1: header 'userId;movieId;rating;timestamp' is separated by ';', expected ','"
                + " (comma-separated values with a header userId,movieId,rating,timestamp)");
    assertThat(CsvHeader.problem("userId\tmovieId\trating\ttimestamp", RATINGS))
        .as("a tab is shown as \\t")
        .contains("is separated by '\\t'");
    assertThat(CsvHeader.problem("1,31,2.5,1260759144", RATINGS))
        .isEqualTo(
            " line 1: header '1,31,2.5,1260759144' names none of the expected columns: the file"
                + " has no header line? expected userId,movieId,rating,timestamp");
    assertThat(CsvHeader.problem("userId,movieId,rating", RATINGS))
        .isEqualTo(
            " line 1: header 'userId,movieId,rating' lacks column timestamp; expected"
                + " userId,movieId,rating,timestamp");
    assertThat(CsvHeader.problem("userId,movieId,rating,timestamp,source", RATINGS))
        .isEqualTo(
            " line 1: header 'userId,movieId,rating,timestamp,source' has unexpected column"
                + " source (column 5); expected userId,movieId,rating,timestamp");
  }

  @Test
  void columnsAreReadByPositionSoTheOrderMatters() {
    assertThat(CsvHeader.problem("movieId,userId,rating,timestamp", RATINGS))
        .isEqualTo(
            " line 1: header 'movieId,userId,rating,timestamp': column 1 is 'movieId', expected"
                + " 'userId' (columns are read by position; expected userId,movieId,rating,timestamp)");
    assertThat(CsvHeader.problem("userId,movieId,rating,timestamp,rating", RATINGS))
        .isEqualTo(
            " line 1: header 'userId,movieId,rating,timestamp,rating' repeats a column; expected"
                + " userId,movieId,rating,timestamp");
  }

  @Test
  void aByteOrderMarkQuotesAndCaseDoNotMatter() {
    assertThat(CsvHeader.problem("\uFEFF\"userId\",movieId,Rating,timestamp", RATINGS))
        .as("a byte-order mark, quotes and case do not matter")
        .isNull();
  }

  @Test
  void aLongHeaderIsShortenedInTheMessage() {
    String longHeader = "x".repeat(200);
    assertThat(CsvHeader.problem(longHeader, RATINGS))
        .as("120 characters at most, ending in ...")
        .contains("header '" + "x".repeat(117) + "...'");
  }
}
