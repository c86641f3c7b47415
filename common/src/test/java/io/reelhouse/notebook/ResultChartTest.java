package io.reelhouse.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Which chart a result gets, on hand-written schemas and rows. */
class ResultChartTest {
  private static final StructType MOVIES =
      new StructType()
          .add("movie_id", DataTypes.IntegerType)
          .add("movie_title", DataTypes.StringType)
          .add("average_rating", DataTypes.DoubleType)
          .add("total_ratings", DataTypes.LongType);

  private static final StructType TAGS =
      new StructType()
          .add("genre", DataTypes.StringType)
          .add("rank", DataTypes.IntegerType)
          .add("tag_name", DataTypes.StringType)
          .add("average_relevance", DataTypes.createDecimalType(13, 4))
          .add("movies", DataTypes.LongType);

  private static final StructType COHORTS =
      new StructType()
          .add("cohort_year", DataTypes.IntegerType)
          .add("years_since_first_rating", DataTypes.IntegerType)
          .add("retention", DataTypes.DoubleType);

  @Test
  void aTitleAndItsAverageIsABarChartThatSkipsTheId() {
    List<Row> rows =
        List.of(RowFactory.create(1, "Heat", 4.0, 101L), RowFactory.create(2, "Fargo", 3.5, 120L));
    var chart = ResultChart.of("SELECT ...", MOVIES, rows).orElseThrow();
    assertThat(chart).isEqualTo(new ResultChart("bar", "movie_title", "average_rating", null));
    @SuppressWarnings("unchecked")
    var data = (Map<String, Object>) chart.config(MOVIES, rows).get("data");
    assertThat(data.get("labels")).isEqualTo(List.of("Heat", "Fargo"));
    assertThat(data.get("datasets"))
        .isEqualTo(List.of(Map.of("label", "average_rating", "data", List.of(4.0, 3.5))));
  }

  @Test
  void aRepeatedCategoryGroupsTheSecondTextColumnAndRankIsNoMeasure() {
    List<Row> rows =
        List.of(
            RowFactory.create("Action", 1, "Dark", new BigDecimal("0.9000"), 1L),
            RowFactory.create("Action", 2, "Heist", new BigDecimal("0.8000"), 1L),
            RowFactory.create("Crime", 1, "Heist", new BigDecimal("0.4500"), 2L));
    var chart = ResultChart.of("SELECT ...", TAGS, rows).orElseThrow();
    assertThat(chart).isEqualTo(new ResultChart("bar", "tag_name", "average_relevance", "genre"));
    @SuppressWarnings("unchecked")
    var data = (Map<String, Object>) chart.config(TAGS, rows).get("data");
    assertThat(data.get("labels")).isEqualTo(List.of("Dark", "Heist"));
    assertThat(data.get("datasets"))
        .isEqualTo(
            List.of(
                Map.of("label", "Action", "data", List.of(0.9, 0.8)),
                Map.of("label", "Crime", "data", java.util.Arrays.asList(null, 0.45))));
  }

  @Test
  void aYearThatRepeatsWithoutASeriesGetsNoChartUnlessACommentChoosesOne() {
    List<Row> rows =
        List.of(
            RowFactory.create(2019, 0, 1.0),
            RowFactory.create(2019, 1, 0.703),
            RowFactory.create(2020, 0, 1.0));
    assertThat(ResultChart.of("SELECT ...", COHORTS, rows)).isEmpty();

    String sql = "-- chart: line x=years_since_first_rating y=retention series=cohort_year\nSELECT";
    var chart = ResultChart.of(sql, COHORTS, rows).orElseThrow();
    @SuppressWarnings("unchecked")
    var data = (Map<String, Object>) chart.config(COHORTS, rows).get("data");
    assertThat(data.get("labels"))
        .as("a numeric x axis in ascending order")
        .isEqualTo(List.of(0, 1));
    assertThat(data.get("datasets"))
        .isEqualTo(
            List.of(
                Map.of("label", "2019", "data", List.of(1.0, 0.703)),
                Map.of("label", "2020", "data", java.util.Arrays.asList(1.0, null))));
  }

  @Test
  void aChartCommentNamingAnotherColumnSaysWhichColumnsThereAre() {
    assertThatThrownBy(
            () -> ResultChart.of("-- chart: bar x=year y=retention\nSELECT", COHORTS, List.of()))
        .hasMessage(
            "chart comment '-- chart: bar x=year y=retention' names column year, which the result"
                + " does not have; it has cohort_year, years_since_first_rating, retention");
  }

  @Test
  void aResultWithoutAMeasureHasNoChart() {
    var names = new StructType().add("tag_name", DataTypes.StringType);
    assertThat(ResultChart.of("SELECT ...", names, List.of(RowFactory.create("Dark")))).isEmpty();
  }
}
