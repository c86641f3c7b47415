package io.reelhouse.source;

import static io.reelhouse.testing.Fixtures.file;
import static io.reelhouse.testing.RowAssert.assertRows;
import static io.reelhouse.testing.RowAssert.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelhouse.testing.TestSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
  private static final SourceSpec MOVIES =
      new SourceSpec(
          "movies",
          "movies.csv",
          StructType.fromDDL("movieId INT, title STRING, genres STRING"),
          true);
  private static final String[] MOVIE_LINES = {
    "movieId,title,genres",
    "1,Toy Story (1995),Adventure|Animation",
    "11,\"American President, The (1995)\",Comedy|Drama|Romance",
    "12,\"\"\"Great\"\" Performances\",(no genres listed)",
    "13,Amélie (2001),Comedy|Romance"
  };
  private static final List<org.apache.spark.sql.Row> MOVIE_ROWS =
      List.of(
          row(1, "Toy Story (1995)", "Adventure|Animation"),
          row(11, "American President, The (1995)", "Comedy|Drama|Romance"),
          row(12, "\"Great\" Performances", "(no genres listed)"),
          row(13, "Amélie (2001)", "Comedy|Romance"));

  @TempDir Path dir;

  @Test
  void readsMovieLensQuotingWithLfLineEndings() {
    file(dir, "movies.csv", "\n", MOVIE_LINES);
    assertRows(
        new CsvReader(TestSpark.session(), dir.toString()).read(MOVIES),
        List.of("movieId", "title", "genres"),
        MOVIE_ROWS);
  }

  @Test
  void aSourceIsParsedInFourTasksPerCoreWhileOtherReadsKeepSparksSplits() {
    var spark = TestSpark.session();
    int cores = spark.sparkContext().defaultParallelism();
    String[] lines = new String[20_001];
    lines[0] = "userId,movieId,rating,timestamp";
    for (int i = 1; i < lines.length; i++) {
      lines[i] = i + "," + (i % 97) + ",3.5," + (1_000_000 + i);
    }
    Path f = file(dir, "ratings.csv", "\n", lines);
    // Small files are never split under 4 MB (Spark's open cost); lowered so a test file splits.
    spark.conf().set("spark.sql.files.openCostInBytes", "1");
    try {
      CheckedSource src = new CsvReader(spark, dir.toString()).readChecked(RATINGS);
      assertThat(src.counts().lines()).isEqualTo(20_000);
      assertThat(src.parsed().rdd().getNumPartitions()).isGreaterThanOrEqualTo(4 * cores);
      assertThat(spark.conf().contains("spark.sql.files.minPartitionNum")).isFalse();
      assertThat(spark.read().text(f.toString()).rdd().getNumPartitions())
          .as("Spark's own splits elsewhere")
          .isLessThan(4 * cores);
      src.release();
    } finally {
      spark.conf().unset("spark.sql.files.openCostInBytes");
    }
  }

  @Test
  void readsCrlfLineEndingsIdentically() {
    file(dir, "movies.csv", "\r\n", MOVIE_LINES);
    assertRows(
        new CsvReader(TestSpark.session(), dir.toString()).read(MOVIES),
        List.of("movieId", "title", "genres"),
        MOVIE_ROWS);
  }

  @Test
  void aMissingRequiredFileNamesThePath() {
    assertThatThrownBy(() -> new CsvReader(TestSpark.session(), dir.toString()).read(MOVIES))
        .isInstanceOf(MissingSourceException.class)
        .hasMessage("source 'movies': file not found: " + dir + "/movies.csv (set source.path)");
  }

  @Test
  void aMissingOptionalFileReadsAsEmptyWithItsSchema() {
    SourceSpec optional =
        new SourceSpec(
            "genome_tags", "genome-tags.csv", StructType.fromDDL("tagId INT, tag STRING"), false);
    var reader = new CsvReader(TestSpark.session(), dir.toString());
    assertThat(reader.exists(optional)).isFalse();
    assertRows(reader.readOrEmpty(optional), List.of("tagId", "tag"), List.of());
  }

  @Test
  void aHeaderThatDoesNotMatchTheSchemaFailsNamingTheFile() {
    file(dir, "movies.csv", "\n", "title,movieId,genres", "Toy Story (1995),1,Animation");
    var rows = new CsvReader(TestSpark.session(), dir.toString()).read(MOVIES);
    assertThatThrownBy(rows::collectAsList)
        .hasStackTraceContaining("movies.csv")
        .hasStackTraceContaining("title");
  }

  @Test
  void aRowThatDoesNotFitTheSchemaFailsInsteadOfBecomingNull() {
    file(dir, "movies.csv", "\n", "movieId,title,genres", "one,Toy Story (1995),Animation");
    var rows = new CsvReader(TestSpark.session(), dir.toString()).read(MOVIES);
    assertThatThrownBy(rows::collectAsList).hasStackTraceContaining("Malformed");
  }

  private static final SourceSpec RATINGS =
      new SourceSpec(
          "ratings",
          "ratings.csv",
          StructType.fromDDL("userId INT, movieId INT, rating DOUBLE, timestamp BIGINT"),
          true);

  @Test
  void readCheckedKeepsMalformedLinesApartWithFileLineAndReason() {
    Path f =
        file(
            dir,
            "ratings.csv",
            "\r\n",
            "\uFEFFuserId,movieId,rating,timestamp",
            "1,10,4.0,1000",
            "1,11,abc,1000",
            "1,12,3.0",
            "1,13,3.0,1000,extra",
            "",
            "2,10,2.5,2000",
            "99999999999,10,2.5,2000");
    CheckedSource src = new CsvReader(TestSpark.session(), dir.toString()).readChecked(RATINGS);
    assertRows(
        src.good(),
        List.of("userId", "movieId", "rating", "timestamp"),
        List.of(row(1, 10, 4.0, 1000L), row(2, 10, 2.5, 2000L)));
    String file = "file://" + f;
    assertRows(
        src.malformed(),
        List.of("source_file", "raw_line", "quarantine_reasons"),
        List.of(
            row(file, "1,11,abc,1000", List.of("column rating: 'abc' is not a valid DOUBLE")),
            row(file, "1,12,3.0", List.of("fewer than 4 fields (userId,movieId,rating,timestamp)")),
            row(
                file,
                "1,13,3.0,1000,extra",
                List.of("more than 4 fields (userId,movieId,rating,timestamp)")),
            row(file, "", List.of("empty line")),
            row(
                file,
                "99999999999,10,2.5,2000",
                List.of("column userId: '99999999999' is not a valid INT"))));
    src.release();
  }

  @Test
  void readCheckedRefusesAnEmptyFileOrAWrongHeaderNamingThePath() {
    file(dir, "ratings.csv", "", "");
    assertThatThrownBy(
            () -> new CsvReader(TestSpark.session(), dir.toString()).readChecked(RATINGS))
        .isInstanceOf(BadSourceException.class)
        .hasMessage(
            "source 'ratings': "
                + dir
                + "/ratings.csv is empty; expected a header line userId,movieId,rating,timestamp");
    file(dir, "ratings.csv", "\n", "movieId,userId,rating,timestamp", "1,1,1.0,1");
    assertThatThrownBy(
            () -> new CsvReader(TestSpark.session(), dir.toString()).readChecked(RATINGS))
        .hasMessage(
            "source 'ratings': "
                + dir
                + "/ratings.csv line 1: header 'movieId,userId,rating,timestamp': column 1 is 'movieId', expected 'userId' (columns are read by position; expected userId,movieId,rating,timestamp)");
  }
}
