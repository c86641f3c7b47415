package io.reelhouse.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.model.Materialization;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.quality.Level;
import io.reelhouse.quality.RuleOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test command's console lines and dbt's summary, from listener events alone (no Spark). */
class TestConsoleTest {
  private static final RunnerTest.Fake DIM =
      new RunnerTest.Fake(
          ModelInfo.builder("dim_x", "dim", Materialization.TABLE).build(), c -> null);
  private static final RunnerTest.Fake FCT =
      new RunnerTest.Fake(
          ModelInfo.builder("fct_y", "fct", Materialization.TABLE).build(), c -> null);

  @Test
  void oneLinePerRuleThenTheSummaryCountingAnUntestableModelsRulesAsErrors() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    TestConsole console = new TestConsole(new PrintStream(printed, true, StandardCharsets.UTF_8));

    console.testsStarted(5, 2);
    console.ruleTested(
        1, 5, DIM, new RuleOutcome("dim_x", "not_null(id)", Level.ERROR, true, 0, "0 nulls"));
    console.ruleTested(
        2,
        5,
        DIM,
        new RuleOutcome("dim_x", "unique(id)", Level.WARN, false, 3, "3 duplicate keys"));
    console.ruleTested(
        3, 5, DIM, new RuleOutcome("dim_x", "row_count", Level.ERROR, false, 0, "0 rows"));
    console.modelFailed(5, 5, FCT, "table t_fct.fct_y does not exist");
    console.testsFinished(new RunReport("test", "id", Instant.EPOCH, List.of(), 1.2), 5);

    List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines)
        .containsExactly(
            "Running 5 tests on 2 models",
            "1 of 5 PASS dim_x not_null(id) ......................................... 0 nulls",
            "2 of 5 WARN dim_x unique(id) ........................................... 3 duplicate keys",
            "3 of 5 FAIL dim_x row_count ............................................ 0 rows",
            "5 of 5 ERROR fct_y: table t_fct.fct_y does not exist",
            "Finished running 5 tests in 1.2s.",
            "Done. PASS=1 WARN=1 ERROR=3 SKIP=0 NO-OP=0 TOTAL=5");
  }
}
