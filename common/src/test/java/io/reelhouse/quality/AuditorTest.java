package io.reelhouse.quality;

import static io.reelhouse.quality.Rules.acceptedValues;
import static io.reelhouse.quality.Rules.expression;
import static io.reelhouse.quality.Rules.noNullsInAnyColumn;
import static io.reelhouse.quality.Rules.notNull;
import static io.reelhouse.quality.Rules.relationships;
import static io.reelhouse.quality.Rules.rowCount;
import static io.reelhouse.quality.Rules.unique;
import static io.reelhouse.testing.Fixtures.rows;
import static io.reelhouse.testing.RowAssert.assertRows;
import static io.reelhouse.testing.RowAssert.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.testing.TestSpark;
import io.reelhouse.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per rule kind: passing on good rows, failing on hand-made bad rows with exact counts.
 */
class AuditorTest {
  private static final String RATINGS = "user_id INT, movie_id INT, rating DOUBLE";

  /** Ten ratings of which the test will break some. */
  private static Dataset<Row> ratingsWith(Row... extra) {
    Row[] base = {
      row(1, 1, 4.0), row(1, 2, 3.5), row(2, 1, 5.0), row(2, 3, 0.5), row(3, 2, 2.0),
      row(3, 3, 1.5), row(4, 1, 3.0), row(4, 2, 4.5), row(5, 3, 2.5), row(5, 1, 1.0)
    };
    Row[] all = new Row[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return rows(RATINGS, all);
  }

  private static final Dataset<Row> MOVIES =
      rows("movie_id INT, title STRING", row(1, "a"), row(2, "b"), row(3, "c"));

  private final Auditor auditor =
      new Auditor(
          TestSpark.session(),
          (name, column) -> Warehouse.select(Map.of("movies", MOVIES).get(name), List.of(column)));

  private RuleOutcome only(Dataset<Row> data, Rule rule) {
    AuditResult r = auditor.audit("fct", data, List.of(rule), Auditor.Options.strict());
    assertThat(r.outcomes()).hasSize(1);
    return r.outcomes().get(0);
  }

  @Test
  void notNullRule() {
    assertThat(only(ratingsWith(), notNull("rating")).passed()).isTrue();
    RuleOutcome o = only(ratingsWith(row(6, 1, null), row(6, 2, null)), notNull("rating"));
    assertThat(o.passed()).isFalse();
    assertThat(o.failingRows()).isEqualTo(2);
    assertThat(o.describe()).isEqualTo("fct not_null(rating): 2 null values of rating in 12 rows");
  }

  @Test
  void uniqueRuleOverOneOrSeveralColumns() {
    assertThat(only(ratingsWith(), unique("user_id", "movie_id")).passed()).isTrue();
    RuleOutcome o = only(ratingsWith(row(1, 1, 2.0)), unique("user_id", "movie_id"));
    assertThat(o.passed()).isFalse();
    assertThat(o.observed()).isEqualTo("2 rows share their key with another row");
    RuleOutcome single =
        only(rows("movie_id INT", row(1), row(2), row(2), row(2)), unique("movie_id"));
    assertThat(single.failingRows()).isEqualTo(3);
  }

  @Test
  void uniqueRuleOverKeysWithANullOrOfTextCountsAsDeequDoes() {
    // A null is a value of a composite key: (6, null) twice shares its key, (7, null) does not.
    RuleOutcome withNull =
        only(
            ratingsWith(row(6, null, 1.0), row(6, null, 2.0), row(7, null, 3.0)),
            unique("user_id", "movie_id"));
    assertThat(withNull.failingRows()).isEqualTo(2);
    RuleOutcome text =
        only(rows("title STRING", row("a"), row("b"), row("a"), row("c")), unique("title"));
    assertThat(text.failingRows()).isEqualTo(2);
    assertThat(text.observed()).isEqualTo("2 rows share their key with another row");
  }

  @Test
  void relationshipsRule() {
    assertThat(only(ratingsWith(), relationships("movie_id", "movies", "movie_id")).passed())
        .isTrue();
    RuleOutcome o =
        only(
            ratingsWith(row(6, 9, 3.0), row(7, 9, 3.0), row(7, null, 3.0)),
            relationships("movie_id", "movies", "movie_id"));
    assertThat(o.passed()).isFalse();
    assertThat(o.observed()).isEqualTo("2 rows whose movie_id is not in movies.movie_id");
  }

  @Test
  void relationshipsCountOnlyRowsWithAValueBesideNotNullRules() {
    Rule found = relationships("movie_id", "movies", "movie_id");
    List<RuleOutcome> passing =
        auditor
            .audit(
                "fct", ratingsWith(), List.of(notNull("movie_id"), found), Auditor.Options.strict())
            .outcomes();
    assertThat(passing.get(1).observed()).isEqualTo("all 10 values found");
    List<RuleOutcome> withNull =
        auditor
            .audit(
                "fct",
                ratingsWith(row(7, null, 3.0)),
                List.of(notNull("movie_id"), found),
                Auditor.Options.strict())
            .outcomes();
    assertThat(withNull.get(0).passed()).isFalse();
    assertThat(withNull.get(1).observed())
        .as("the row without a movie_id is not a value to look up")
        .isEqualTo("all 10 values found");
  }

  @Test
  void relationshipsWithNothingToLookUpOrNoParentColumn() {
    Rule found = relationships("movie_id", "movies", "movie_id");
    assertThat(only(ratingsWith().limit(0), found).observed()).isEqualTo("no values to check");
    assertThat(only(ratingsWith().where("movie_id IS NULL"), found).passed()).isTrue();
    RuleOutcome noColumn = only(ratingsWith(), relationships("movie_id", "movies", "id"));
    assertThat(noColumn.passed()).isFalse();
    assertThat(noColumn.observed()).isEqualTo("movies has no column id");
  }

  @Test
  void relationshipsQuarantineOrphansBesideOtherRulesWithEveryReason() {
    List<Rule> rules = List.of(notNull("user_id"), relationships("movie_id", "movies", "movie_id"));
    Dataset<Row> data =
        ratingsWith(row(null, 9, 3.0), row(6, 9, 3.0), row(7, null, 3.0), row(null, 2, 3.0));
    AuditResult r =
        auditor.audit("fct", data, rules, new Auditor.Options(true, 0.5, Optional.empty()));
    assertThat(r.blocked()).isFalse();
    assertThat(r.rowsQuarantined()).isEqualTo(3);
    assertRows(
        r.quarantined().orElseThrow(),
        List.of("user_id", "movie_id", "rating", Auditor.REASONS),
        List.of(
            row(
                null,
                9,
                3.0,
                List.of("not_null(user_id)", "relationships(movie_id -> movies.movie_id)")),
            row(6, 9, 3.0, List.of("relationships(movie_id -> movies.movie_id)")),
            row(null, 2, 3.0, List.of("not_null(user_id)"))));
    assertThat(r.publishable().columns())
        .as("the found flags stay inside the audit")
        .containsExactly("user_id", "movie_id", "rating");
    assertThat(r.publishable().where("movie_id IS NULL").count())
        .as("a null key is not an orphan")
        .isEqualTo(1);
    assertThat(r.outcomes())
        .extracting(RuleOutcome::describe)
        .contains(
            "fct relationships(movie_id -> movies.movie_id): 2 rows whose movie_id is not in movies.movie_id, quarantined");
  }

  @Test
  void relationshipsAreMeasuredInTheRulesPass(@TempDir Path dir) {
    // The found fraction is a metric of the same Deequ run as the row count: it is stored with it.
    String repo = dir.resolve("metrics.json").toString();
    auditor.audit(
        "fct",
        ratingsWith(row(6, 9, 3.0), row(7, 9, 3.0)),
        List.of(relationships("movie_id", "movies", "movie_id").warn()),
        new Auditor.Options(
            false,
            0,
            Optional.of(new Auditor.RowCountAnomaly(repo, "fct", 1_000L, 0.5, 2, Level.WARN))));
    List<DeequAdapter.StoredMetric> stored = DeequAdapter.load(TestSpark.session(), repo);
    assertThat(stored)
        .filteredOn(m -> m.instance().equals("relationships(movie_id -> movies.movie_id)"))
        .extracting(DeequAdapter.StoredMetric::name, DeequAdapter.StoredMetric::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Compliance", 10.0 / 12));
    assertThat(stored)
        .filteredOn(m -> m.name().equals("Size"))
        .extracting(DeequAdapter.StoredMetric::value)
        .containsExactly(12.0);
  }

  @Test
  void acceptedValuesRule() {
    Rule halves =
        acceptedValues(
            "rating", "0.5", "1.0", "1.5", "2.0", "2.5", "3.0", "3.5", "4.0", "4.5", "5.0");
    assertThat(only(ratingsWith(row(6, 1, null)), halves).passed())
        .as("nulls are not judged")
        .isTrue();
    RuleOutcome o = only(ratingsWith(row(6, 1, 7.0), row(6, 2, 3.2), row(6, 3, 0.0)), halves);
    assertThat(o.describe())
        .isEqualTo("fct accepted_values(rating): 3 rows with rating outside 0.5, 1.0, ..., 5.0");
  }

  @Test
  void expressionRule() {
    assertThat(only(ratingsWith(), expression("rating > 0")).passed()).isTrue();
    RuleOutcome o = only(ratingsWith(row(6, 1, 0.0), row(6, 2, -1.0)), expression("rating > 0"));
    assertThat(o.observed()).isEqualTo("2 rows where rating > 0 is not true");
  }

  @Test
  void noNullsInAnyColumnRule() {
    assertThat(only(ratingsWith(), noNullsInAnyColumn()).passed()).isTrue();
    RuleOutcome o =
        only(
            ratingsWith(row(null, 1, 1.0), row(6, null, 1.0), row(null, null, null)),
            noNullsInAnyColumn());
    assertThat(o.failingRows()).isEqualTo(3);
    assertThat(o.observed()).isEqualTo("3 rows with a null in some column");
  }

  @Test
  void rowCountRule() {
    assertThat(only(ratingsWith(), rowCount(1, 10)).passed()).isTrue();
    RuleOutcome o = only(ratingsWith(row(6, 1, 1.0)), rowCount(1, 10));
    assertThat(o.passed()).isFalse();
    assertThat(o.observed()).isEqualTo("11 rows, expected 1..10");
  }

  @Test
  void warnLevelFailuresDoNotBlock() {
    AuditResult r =
        auditor.audit(
            "fct",
            ratingsWith(row(6, 1, null)),
            List.of(notNull("rating").warn(), rowCount(1, 100)),
            Auditor.Options.strict());
    assertThat(r.blocked()).isFalse();
    assertThat(r.warnings()).extracting(RuleOutcome::rule).containsExactly("not_null(rating)");
  }

  @Test
  void quarantineSplitsOffRowsThatBreakRowLevelRulesWithTheirReasons() {
    List<Rule> rules =
        List.of(
            notNull("user_id"),
            acceptedValues(
                "rating", "0.5", "1.0", "1.5", "2.0", "2.5", "3.0", "3.5", "4.0", "4.5", "5.0"),
            unique("user_id", "movie_id"));
    Dataset<Row> data = ratingsWith(row(null, 1, 3.0), row(7, 1, 9.0), row(null, 2, 9.0));
    AuditResult r =
        auditor.audit("fct", data, rules, new Auditor.Options(true, 0.5, Optional.empty()));
    assertThat(r.blocked()).isFalse();
    assertThat(r.rowsIn()).isEqualTo(13);
    assertThat(r.rowsQuarantined()).isEqualTo(3);
    assertThat(r.rowsPublished()).isEqualTo(10);
    assertRows(
        r.quarantined().orElseThrow(),
        List.of("user_id", "movie_id", "rating", Auditor.REASONS),
        List.of(
            row(null, 1, 3.0, List.of("not_null(user_id)")),
            row(7, 1, 9.0, List.of("accepted_values(rating)")),
            row(null, 2, 9.0, List.of("not_null(user_id)", "accepted_values(rating)"))));
    assertThat(r.publishable().count()).isEqualTo(10);
  }

  @Test
  void tooMuchQuarantineIsAnError() {
    AuditResult r =
        auditor.audit(
            "fct",
            ratingsWith(row(null, 1, 3.0), row(null, 2, 3.0)),
            List.of(notNull("user_id")),
            new Auditor.Options(true, 0.1, Optional.empty()));
    assertThat(r.blocked()).isTrue();
    assertThat(r.errors())
        .extracting(RuleOutcome::observed)
        .containsExactly(
            "2 of 12 rows would be quarantined (16.67%), above the ceiling of 10.00% (quality.quarantine-ceiling)");
  }

  @Test
  void rowCountAnomalyComparesWithThePreviousRun(@TempDir Path dir) {
    String repo = dir.resolve("metrics.json").toString();
    var steady = new Auditor.RowCountAnomaly(repo, "fct", 1_000L, 0.7, 1.5, Level.WARN);
    AuditResult first =
        auditor.audit(
            "fct", ratingsWith(), List.of(), new Auditor.Options(false, 0, Optional.of(steady)));
    assertThat(first.warnings()).as("no history yet").isEmpty();
    AuditResult same =
        auditor.audit(
            "fct",
            ratingsWith(),
            List.of(),
            new Auditor.Options(
                false,
                0,
                Optional.of(
                    new Auditor.RowCountAnomaly(repo, "fct", 2_000L, 0.7, 1.5, Level.WARN))));
    assertThat(same.warnings()).as("steady").isEmpty();
    AuditResult half =
        auditor.audit(
            "fct",
            ratingsWith().limit(5),
            List.of(),
            new Auditor.Options(
                false,
                0,
                Optional.of(
                    new Auditor.RowCountAnomaly(repo, "fct", 3_000L, 0.7, 1.5, Level.WARN))));
    assertThat(half.warnings()).extracting(RuleOutcome::rule).containsExactly("row_count_anomaly");
  }
}
