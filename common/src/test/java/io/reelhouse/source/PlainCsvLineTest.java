package io.reelhouse.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_csv;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.testing.TestSpark;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The shortcut parser must read every line as Spark's {@code from_csv} does: lines in the shapes it
 * takes, and the shapes it must leave to {@code from_csv} (quotes, exponents, blanks, overflow).
 */
class PlainCsvLineTest {
  private static final StructType RATINGS =
      StructType.fromDDL(
          "userId INT, movieId INT, rating DOUBLE, timestamp BIGINT, _corrupt_record STRING");
  private static final Map<String, String> OPTIONS =
      Map.of(
          "mode", "PERMISSIVE",
          "columnNameOfCorruptRecord", "_corrupt_record",
          "quote", "\"",
          "escape", "\"");

  private static List<Row> parsed(Column record, String... lines) {
    Dataset<Row> d =
        TestSpark.session().createDataset(Arrays.asList(lines), Encoders.STRING()).toDF("value");
    return d.select(record.as("r")).select("r.*").collectAsList();
  }

  private static Column shortcut() {
    return PlainCsvLine.parse(col("value"), RATINGS, OPTIONS);
  }

  @Test
  void plainNumbersAreReadAsTheirValues() {
    assertThat(parsed(shortcut(), "1,2,3.5,1283959342", "-7,007,5,0", "2147483647,1,0.25,-1"))
        .extracting(Row::toString)
        .containsExactly(
            "[1,2,3.5,1283959342,null]", "[-7,7,5.0,0,null]", "[2147483647,1,0.25,-1,null]");
  }

  @Test
  void theShortcutTakesPlainNumbersAndDeclinesTheRest() {
    PlainCsvLine shortcut = PlainCsvLine.forSchema(RATINGS).orElseThrow();
    assertThat(shortcut.call("12,345,4.5,1283959342"))
        .isEqualTo(org.apache.spark.sql.RowFactory.create(12, 345, 4.5, 1283959342L, null));
    for (String declined :
        List.of("1,2,1e3,4", "\"1\",2,3.5,4", ",2,3.5,4", "1,2,3.5", "1,2,3.5,4,", "1 ,2,3.5,4")) {
      assertThat(shortcut.call(declined)).as(declined).isNull();
    }
  }

  @Test
  void everyLineReadsAsFromCsvReadsIt() {
    String[] lines = {
      "1,2,3.5,1283959342",
      "-0,0,-0,0",
      "1,2,-0.5,4",
      "007,1,1,1",
      "1,2,3.5",
      "1,2,3.5,4,5",
      "1, 2,3.5,4",
      "1,2,3.5,4 ",
      "\"1\",2,3.5,4",
      "2147483648,1,1.0,1",
      "-2147483649,1,1.0,1",
      "1,2,1e3,4",
      "1,2,NaN,4",
      ",2,3.5,4",
      "1,2,3.,4",
      "1,2,.5,4",
      "-,2,3,4",
      "1,2,3,99999999999999999999",
      "1,2,3,9223372036854775807",
      "1,2,123456789012345678901234.5,4",
      "",
      "x,y,z,w",
      "1;2;3.5;4"
    };
    List<Row> expected = parsed(from_csv(col("value"), lit(RATINGS.toDDL()), OPTIONS), lines);
    assertThat(parsed(shortcut(), lines)).containsExactlyElementsOf(expected);
  }

  private static final StructType TAGS =
      StructType.fromDDL(
          "userId INT, movieId INT, tag STRING, timestamp BIGINT, _corrupt_record STRING");

  @Test
  void textWithoutQuotesOrCommasIsTakenAsItIsAndTheRestDeclined() {
    PlainCsvLine shortcut = PlainCsvLine.forSchema(TAGS).orElseThrow();
    assertThat(shortcut.call("3,260,classic sci-fi,1439472355"))
        .isEqualTo(
            org.apache.spark.sql.RowFactory.create(3, 260, "classic sci-fi", 1439472355L, null));
    assertThat(shortcut.call("3,260, padded ,1"))
        .isEqualTo(org.apache.spark.sql.RowFactory.create(3, 260, " padded ", 1L, null));
    for (String declined :
        List.of(
            "3,260,\"quoted, with a comma\",1",
            "3,260,say \"\"hi\"\",1",
            "3,260,,1",
            "3,260,a\rb,1",
            "3,260,nul\u0000,1",
            "3,260,two,fields,1")) {
      assertThat(shortcut.call(declined)).as(declined).isNull();
    }
  }

  @Test
  void everyLineWithTextReadsAsFromCsvReadsIt() {
    String[] lines = {
      "3,260,classic sci-fi,1439472355",
      "3,260, leading and trailing ,1",
      "3,260,\ttab\t,1",
      "3,260,caf\u00e9 \uD83C\uDFAC,1",
      "3,260,back\\slash 'single' #hash,1",
      "3,260,\"quoted, with a comma\",1",
      "3,260,\"say \"\"hi\"\"\",1",
      "3,260,in\"side,1",
      "3,260,,1",
      "3,260,a\rb,1",
      "3,260,two,fields,1",
      "3,260,short",
      "x,260,text,1",
      "3,260,text,1 ",
      "3,260,\uFFFD,1",
      "",
      " ",
      ",,,"
    };
    Column shortcut = PlainCsvLine.parse(col("value"), TAGS, OPTIONS);
    List<Row> expected = parsed(from_csv(col("value"), lit(TAGS.toDDL()), OPTIONS), lines);
    assertThat(parsed(shortcut, lines)).containsExactlyElementsOf(expected);
  }

  @Test
  void aSchemaWithAnotherTypeIsLeftToFromCsv() {
    StructType dated = StructType.fromDDL("movieId INT, released DATE, _corrupt_record STRING");
    assertThat(PlainCsvLine.forSchema(dated)).isEmpty();
  }
}
