package io.reelhouse.quality;

import static io.reelhouse.testing.Fixtures.rows;
import static io.reelhouse.testing.RowAssert.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reelhouse.testing.TestSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Deequ adapter: rules in, plain Java figures out, from one verification pass. */
class DeequAdapterTest {
  @TempDir Path dir;

  /** Four rows: one null id, one kind outside a and b, every amount positive. */
  private static Dataset<Row> fourRows() {
    return rows(
        "id INT, kind STRING, amount DOUBLE",
        row(1, "a", 1.5),
        row(2, "b", 2.0),
        row(null, "a", 3.0),
        row(4, "c", 4.0));
  }

  /** Deequ's pass of {@code rules} over {@code data}, without relationships or history. */
  private static DeequAdapter.Verified verify(Dataset<Row> data, List<Rule> rules) {
    return DeequAdapter.verify(
        TestSpark.session(), data, data.columns(), rules, List.of(), Optional.empty());
  }

  @Test
  void eachRuleIsOneCheckWithItsOutcomeAndMetric() {
    Rule notNull = Rules.notNull("id");
    Rule kinds = Rules.acceptedValues("kind", "a", "b");
    Rule positive = Rules.expression("amount > 0");
    Rule size = Rules.rowCount(1, 10);
    var v = verify(fourRows(), List.of(notNull, kinds, positive, size));
    assertThat(v.rows()).isEqualTo(4);
    assertThat(v.passedByRule())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                notNull.name(),
                false,
                kinds.name(),
                false,
                positive.name(),
                true,
                size.name(),
                true));
    assertThat(v.metricByRule().get(notNull.name())).as("3 of 4 ids").isCloseTo(0.75, within(1e-9));
    assertThat(v.metricByRule().get(kinds.name())).as("3 of 4 kinds").isCloseTo(0.75, within(1e-9));
    assertThat(v.metricByRule().get(positive.name())).isCloseTo(1.0, within(1e-9));
    assertThat(v.messageByRule()).containsKey(notNull.name()).doesNotContainKey(positive.name());
    assertThat(v.anomalyPassed()).as("no anomaly check asked for").isEmpty();
  }

  @Test
  void aRelationshipIsFlaggedPerRowAndCheckedInTheSamePassWithItsKeyCount() {
    var spark = TestSpark.session();
    Dataset<Row> parent = rows("movie_id INT", row(1), row(2));
    Dataset<Row> child = rows("movie_id INT", row(1), row(3), row((Object) null), row(2));
    Dataset<Row> flagged = DeequAdapter.flagFound(child, "movie_id", parent, "movie_id", "found");
    assertThat(flagged.orderBy("movie_id").collectAsList().stream().map(Row::toString).toList())
        .as("a null key counts as found, as dbt's relationships test ignores nulls")
        .containsExactly("[null,true]", "[1,true]", "[2,true]", "[3,false]");

    Rule rel = Rules.relationships("movie_id", "dim_movies", "movie_id");
    var v =
        DeequAdapter.verify(
            spark,
            flagged,
            new String[] {"movie_id"},
            List.of(),
            List.of(new DeequAdapter.Found(rel, "movie_id", "found")),
            Optional.empty());
    assertThat(v.passedByRule()).containsExactly(Map.entry(rel.name(), false));
    assertThat(v.metricByRule().get(rel.name()))
        .as("3 of 4 rows found")
        .isCloseTo(0.75, within(1e-9));
    assertThat(v.valuesByRule())
        .as("3 keys to look up (the null is none)")
        .containsExactly(Map.entry(rel.name(), 3L));
  }

  @Test
  void theRowCountIsStoredPerRunAndASecondRunIsCheckedAgainstTheFirst() {
    var spark = TestSpark.session();
    String repo = dir.resolve("metrics.json").toString();
    assertThat(DeequAdapter.load(spark, repo)).as("no repository yet").isEmpty();
    Map<String, String> tags = Map.of("model", "t_core.x");
    Dataset<Row> data = fourRows();
    var first =
        DeequAdapter.verify(
            spark,
            data,
            data.columns(),
            List.of(),
            List.of(),
            Optional.of(new DeequAdapter.Anomaly(repo, tags, 1_000L, 0.5, 2.0, Level.WARN)));
    assertThat(first.anomalyPassed()).as("nothing to compare the first run with").isEmpty();
    var second =
        DeequAdapter.verify(
            spark,
            data,
            data.columns(),
            List.of(),
            List.of(),
            Optional.of(new DeequAdapter.Anomaly(repo, tags, 2_000L, 0.5, 2.0, Level.WARN)));
    assertThat(second.anomalyPassed()).as("same row count: ratio 1").contains(true);
    var sizes =
        DeequAdapter.load(spark, repo).stream().filter(m -> m.name().equals("Size")).toList();
    assertThat(sizes)
        .extracting(DeequAdapter.StoredMetric::time)
        .containsExactlyInAnyOrder(1_000L, 2_000L);
    assertThat(sizes)
        .allSatisfy(
            m -> {
              assertThat(m.value()).isEqualTo(4.0);
              assertThat(m.tags()).isEqualTo(tags);
            });
  }

  @Test
  void acceptedValuesOfANumericColumnAreComparedAsNumbers() {
    Rule wholeAmounts = Rules.acceptedValues("amount", "2", "3", "4.00");
    var v = verify(fourRows(), List.of(wholeAmounts));
    // As text, 2.0 is not "2" and 4.0 is not "4.00": only 3.0 would pass, not 3 of 4 rows.
    assertThat(v.metricByRule().get(wholeAmounts.name()))
        .as("2.0, 3.0 and 4.0 accepted, 1.5 not")
        .isCloseTo(0.75, within(1e-9));
  }

  @Test
  void acceptedValuesAreNumbersOnlyForANumericColumnAndValuesThatAreAllNumbers() {
    var schema = fourRows().schema();
    assertThat(
            DeequAdapter.numericValues(
                schema, new Assertion.AcceptedValues("amount", List.of("0.5", " 1.0", "-2"))))
        .contains("0.5, 1.0, -2");
    assertThat(
            DeequAdapter.numericValues(
                schema, new Assertion.AcceptedValues("amount", List.of("1.0", "many"))))
        .as("a value that is not a number: compared as text, as Deequ does")
        .isEmpty();
    assertThat(
            DeequAdapter.numericValues(
                schema, new Assertion.AcceptedValues("amount", List.of("1e400"))))
        .as("beyond a Spark decimal literal")
        .isEmpty();
    assertThat(
            DeequAdapter.numericValues(
                schema,
                new Assertion.AcceptedValues(
                    "amount", List.of("12345678901234567890.1234567890123456789"))))
        .as("39 digits in all, though neither part has more than 38")
        .isEmpty();
    assertThat(
            DeequAdapter.numericValues(
                schema, new Assertion.AcceptedValues("Amount", List.of("2"))))
        .as("the column named as Spark resolves it, case aside")
        .contains("2");
    assertThat(
            DeequAdapter.numericValues(schema, new Assertion.AcceptedValues("kind", List.of("1"))))
        .as("a text column")
        .isEmpty();
  }

  @Test
  void acceptedValuesOfAFloatColumnAreComparedAsFloats() {
    Rule tenths = Rules.acceptedValues("score", "0.1", "0.3");
    var v = verify(rows("score FLOAT", row(0.1f), row(0.3f), row(0.2f)), List.of(tenths));
    // Widened to doubles, 0.1f and 0.3f are not 0.1 and 0.3: only 0.2f is outside.
    assertThat(v.metricByRule().get(tenths.name())).isCloseTo(2.0 / 3, within(1e-9));
  }
}
