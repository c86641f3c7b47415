package io.reelhouse.quality;

import static io.reelhouse.testing.RowAssert.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.testing.TestSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rows sharing a key, counted per partition and across the key ranges partitions share: each case
 * lays rows out in partitions by hand (one list per partition) and counts the duplicates by hand.
 */
class UniqueKeysTest {
  private static final String PAIRS = "a INT, b INT";

  /** A dataset whose partitions hold exactly the given rows, in order. */
  @SafeVarargs
  private static Dataset<Row> partitions(String ddl, List<Row>... parts) {
    List<Row> all = new ArrayList<>();
    for (List<Row> p : parts) {
      // parallelize cuts a list into equal consecutive slices: every part has the same size here.
      assertThat(p).as("test setup: parts of equal size").hasSameSizeAs(parts[0]);
      all.addAll(p);
    }
    var spark = TestSpark.session();
    var rdd =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(all, parts.length);
    Dataset<Row> d = spark.createDataFrame(rdd, StructType.fromDDL(ddl));
    assertThat(d.javaRDD().glom().collect())
        .as("test setup: rows per partition")
        .containsExactlyElementsOf(Arrays.asList(parts));
    return d;
  }

  private static Optional<Long> sharing(Dataset<Row> d, String... columns) {
    return UniqueKeys.rowsSharingKey(d, List.of(columns));
  }

  /** Rows laid out in partitions, and the rows sharing a key among them, counted by hand. */
  static Stream<Arguments> layouts() {
    return Stream.of(
        Arguments.of(
            "sorted partitions settle their own duplicates",
            List.of(
                List.of(row(1, 1), row(1, 2), row(1, 2)), List.of(row(2, 1), row(2, 1), row(2, 1))),
            5L),
        Arguments.of(
            "(1,2) twice in the first partition and once in the second: each row counted once",
            List.of(
                List.of(row(1, 1), row(1, 2), row(1, 2)), List.of(row(1, 2), row(2, 1), row(2, 2))),
            3L),
        Arguments.of(
            "a key in three partitions",
            List.of(List.of(row(1, 1)), List.of(row(1, 1)), List.of(row(1, 1))),
            3L),
        Arguments.of(
            "overlapping ranges without duplicates",
            List.of(List.of(row(1, 1), row(3, 1)), List.of(row(2, 1), row(4, 1))),
            0L),
        Arguments.of(
            "unsorted: (5,5) twice outside the shared range, (1,1) in two partitions",
            List.of(
                List.of(row(5, 5), row(1, 1), row(5, 5)),
                List.of(row(3, 3), row(1, 1), row(2, 2)),
                List.of(row(9, 9), row(8, 8), row(7, 7))),
            4L),
        Arguments.of(
            "negative values stay distinct keys",
            List.of(List.of(row(-1, 1), row(1, -1)), List.of(row(-1, -1), row(-1, 1))),
            2L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void rowsSharingAKeyAreCountedWhereverTheyAre(
      String layout, List<List<Row>> parts, long sharing) {
    @SuppressWarnings("unchecked")
    Dataset<Row> d = partitions(PAIRS, parts.toArray(List[]::new));
    assertThat(sharing(d, "a", "b")).as(layout).contains(sharing);
  }

  @Test
  void aSingleIntegralColumnIsItsOwnKey() {
    Dataset<Row> longs =
        partitions("id BIGINT", List.of(row(5L), row(6L)), List.of(row(5L), row(7L)));
    assertThat(sharing(longs, "id")).contains(2L);
    Dataset<Row> ints = partitions("id INT", List.of(row(1), row(2)), List.of(row(3), row(4)));
    assertThat(sharing(ints, "id")).contains(0L);
  }

  @Test
  void keysItCannotPackOrANullKeyAreLeftToDeequ() {
    Dataset<Row> withNull = partitions(PAIRS, List.of(row(1, null), row(1, null)));
    assertThat(sharing(withNull, "a", "b")).as("a null in the key").isEmpty();
    Dataset<Row> text = partitions("t STRING", List.of(row("x"), row("x")));
    assertThat(sharing(text, "t")).as("a text key").isEmpty();
    Dataset<Row> wide = partitions("a BIGINT, b INT", List.of(row(1L, 1)));
    assertThat(sharing(wide, "a", "b")).as("two columns, one of 64 bits").isEmpty();
  }

  @Test
  void sharedRangesAreThePairwiseOverlapsMerged() {
    List<UniqueKeys.PartitionKeys> parts =
        List.of(range(1, 10), range(5, 20), range(30, 40), range(35, 36), range(8, 9));
    assertThat(UniqueKeys.sharedRanges(parts))
        .containsExactly(new long[] {5, 10}, new long[] {35, 36});
    assertThat(UniqueKeys.sharedRanges(List.of(range(1, 100), range(2, 3), range(50, 60))))
        .containsExactly(new long[] {2, 3}, new long[] {50, 60});
    assertThat(UniqueKeys.sharedRanges(List.of(range(1, 2), range(3, 4)))).isEmpty();
  }

  private static UniqueKeys.PartitionKeys range(long min, long max) {
    return new UniqueKeys.PartitionKeys(true, 1, min, max, new long[0], new long[0]);
  }
}
