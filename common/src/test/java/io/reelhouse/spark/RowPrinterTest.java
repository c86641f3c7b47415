package io.reelhouse.spark;

import static io.reelhouse.testing.Fixtures.rows;
import static io.reelhouse.testing.RowAssert.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** show's output formats: the CSV it prints must read back as the rows. */
class RowPrinterTest {
  private static String printed(RowPrinter.Format format) {
    var out = new ByteArrayOutputStream();
    RowPrinter.print(
        rows(
            "id INT, title STRING",
            row(1, "plain"),
            row(2, "Heat, 1995"),
            row(3, "say \"hi\""),
            row(4, "two\nlines"),
            row(5, null),
            row(6, ""),
            row(7, " padded ")),
        10,
        format,
        new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void csvQuotesOnlyWhatNeedsItAsRfc4180Says() {
    String nl = System.lineSeparator();
    assertThat(printed(RowPrinter.Format.CSV))
        .isEqualTo(
            String.join(
                    nl,
                    "id,title",
                    "1,plain",
                    "2,\"Heat, 1995\"",
                    "3,\"say \"\"hi\"\"\"",
                    "4,\"two\nlines\"",
                    "5,",
                    "6,",
                    "7, padded ")
                + nl);
  }

  @Test
  void aTableAlignsColumnsAndPrintsNullAsNull() {
    assertThat(printed(RowPrinter.Format.TABLE).lines().toList())
        .startsWith("| id | title      |", "| -- | ---------- |", "| 1  | plain      |")
        .contains("| 5  | null       |");
  }
}
