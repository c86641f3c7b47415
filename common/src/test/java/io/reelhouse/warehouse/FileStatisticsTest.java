package io.reelhouse.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Delta's statistics as its log keeps them (JSON), typed by the table's schema. */
class FileStatisticsTest {
  private static final StructType SCHEMA =
      StructType.fromDDL("id INT, at TIMESTAMP, day DATE, price DECIMAL(10,2), name STRING");

  private static FileStatistics.File file(String json) {
    return FileStatistics.File.of(json, false, null);
  }

  @Test
  void boundsAreReadAsTheColumnsSparkValuesWhateverTheOffsetTheyWereWrittenIn() {
    FileStatistics stats =
        new FileStatistics(
            List.of(
                file(
                    "{\"numRecords\":2,\"minValues\":{\"id\":1,\"at\":\"2024-03-01T09:00:00.000Z\","
                        + "\"day\":\"2024-02-28\",\"price\":1.5},\"maxValues\":{\"id\":7,"
                        + "\"at\":\"2024-03-01T11:00:00.000+01:00\",\"day\":\"2024-03-01\","
                        + "\"price\":19.99},\"nullCount\":{\"id\":0,\"at\":0,\"day\":0,"
                        + "\"price\":0}}"),
                file(
                    "{\"numRecords\":1,\"minValues\":{\"id\":3,\"at\":\"2024-03-01T09:30:00.000Z\","
                        + "\"day\":\"2024-01-01\",\"price\":2},\"maxValues\":{\"id\":3,"
                        + "\"at\":\"2024-03-01T09:30:00.000Z\",\"day\":\"2024-01-01\","
                        + "\"price\":2},\"nullCount\":{\"id\":0,\"at\":0,\"day\":0,\"price\":0}}")),
            SCHEMA,
            true);
    assertThat(stats.rows()).contains(3L);
    assertThat(stats.max("id")).contains(Optional.of(7));
    assertThat(stats.max("at"))
        .as("11:00 at +01:00 is 10:00 UTC")
        .contains(Optional.of(Instant.parse("2024-03-01T10:00:00Z")));
    assertThat(stats.max("day")).contains(Optional.of(LocalDate.parse("2024-03-01")));
    assertThat(stats.max("price")).contains(Optional.of(new BigDecimal("19.99")));
    assertThat(stats.max("name")).as("text: not exact").isEmpty();
  }

  @Test
  void withoutJavaTimeTheBoundsAreJavaSqlValues() {
    FileStatistics stats =
        new FileStatistics(
            List.of(
                file(
                    "{\"numRecords\":1,\"minValues\":{\"at\":\"2024-03-01T10:00:00.000Z\","
                        + "\"day\":\"2024-03-01\"},\"maxValues\":{\"at\":\"2024-03-01T10:00:00.000Z\","
                        + "\"day\":\"2024-03-01\"},\"nullCount\":{\"at\":0,\"day\":0}}")),
            SCHEMA,
            false);
    assertThat(stats.max("at"))
        .contains(Optional.of(java.sql.Timestamp.from(Instant.parse("2024-03-01T10:00:00Z"))));
    assertThat(stats.max("day")).contains(Optional.of(java.sql.Date.valueOf("2024-03-01")));
  }

  @Test
  void rowsDeletedByADeletionVectorAreLeftOutAndUnreadableStatisticsDecideNothing() {
    FileStatistics.File marked =
        FileStatistics.File.of("{\"numRecords\":10,\"minValues\":{},\"maxValues\":{}}", true, 4L);
    assertThat(new FileStatistics(List.of(marked), SCHEMA, true).rows()).contains(6L);
    FileStatistics.File broken = FileStatistics.File.of("{\"numRecords\":", false, null);
    FileStatistics withBroken = new FileStatistics(List.of(marked, broken), SCHEMA, true);
    assertThat(withBroken.rows()).isEmpty();
    assertThat(withBroken.max("id")).isEmpty();
    FileStatistics.File otherShape =
        file(
            "{\"numRecords\":1,\"minValues\":{\"at\":\"2024-03-01 10:00:00\"},"
                + "\"maxValues\":{\"at\":\"2024-03-01 10:00:00\"},\"nullCount\":{\"at\":0}}");
    assertThat(new FileStatistics(List.of(otherShape), SCHEMA, true).max("at"))
        .as("a timestamp without its offset: undecided, not an exception")
        .isEmpty();
  }
}
