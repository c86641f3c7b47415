package io.reelhouse.source;

import static io.reelhouse.testing.Fixtures.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder of raw files through Hadoop's file system; no Spark. */
class SourceFolderTest {
  @TempDir Path dir;

  private SourceFolder folder() {
    return new SourceFolder(dir.toString(), new Configuration());
  }

  @Test
  void aFileIsNamedRelativeToTheFolderWithOrWithoutATrailingSlash() {
    assertThat(new SourceFolder("s3a://raw/ml", new Configuration()).pathOf("movies.csv"))
        .isEqualTo("s3a://raw/ml/movies.csv");
    assertThat(new SourceFolder("s3a://raw/ml/", new Configuration()).pathOf("movies.csv"))
        .isEqualTo("s3a://raw/ml/movies.csv");
  }

  @Test
  void onlyAFileExistsNotAFolderOrNothing() throws Exception {
    file(dir, "movies.csv", "\n", "movieId,title,genres");
    Files.createDirectory(dir.resolve("tags.csv"));
    assertThat(folder().exists("movies.csv")).isTrue();
    assertThat(folder().exists("tags.csv")).as("a folder is not a file").isFalse();
    assertThat(folder().exists("links.csv")).isFalse();
  }

  @Test
  void theFirstLineKeepsItsByteOrderMarkAndAllLinesDropIt() {
    file(dir, "seed.csv", "\r\n", "\uFEFFmovieId,date", "1,1995-11-22");
    assertThat(folder().firstLine("seed.csv")).isEqualTo("\uFEFFmovieId,date");
    assertThat(folder().allLines("seed.csv")).containsExactly("movieId,date", "1,1995-11-22");
    file(dir, "empty.csv", "", "");
    assertThat(folder().firstLine("empty.csv")).as("an empty file has no first line").isNull();
  }

  @Test
  void aByteRangeAndTheQualifiedPathComeFromTheFileSystem() {
    file(dir, "movies.csv", "\n", "movieId,title");
    assertThat(new String(folder().readRange("movies.csv", 8, 5))).isEqualTo("title");
    assertThat(folder().qualified("movies.csv")).isEqualTo("file://" + dir + "/movies.csv");
  }

  @Test
  void anAbsentFileIsStampedAbsentAndItsStatusNamesThePath() {
    assertThat(folder().stamp("links.csv")).isEqualTo(dir + "/links.csv absent");
    assertThatThrownBy(() -> folder().status("links.csv"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(dir + "/links.csv");
  }
}
