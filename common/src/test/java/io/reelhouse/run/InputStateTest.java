package io.reelhouse.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.config.Settings;
import io.reelhouse.model.DatasetModel;
import io.reelhouse.model.Materialization;
import io.reelhouse.model.Model;
import io.reelhouse.model.ModelContext;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.model.Project;
import io.reelhouse.model.RunContext;
import io.reelhouse.source.ReadMark;
import io.reelhouse.source.SourceSpec;
import io.reelhouse.testing.TestSpark;
import io.reelhouse.warehouse.DeltaWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a model was last built from: its inputs fingerprint, the state files recorded after a
 * publish, and what makes a fingerprint change (raw files, upstream records, settings). Nothing is
 * built: the state is all in files.
 */
class InputStateTest {
  record Declared(ModelInfo info) implements DatasetModel {
    @Override
    public Dataset<Row> build(ModelContext ctx) {
      throw new UnsupportedOperationException("not built here");
    }
  }

  private static final String HEX_A = "a".repeat(64);
  private static final String HEX_B = "b".repeat(64);

  @TempDir Path dir;
  private Project project;
  private RunContext ctx;

  @BeforeEach
  void context() throws Exception {
    Files.createDirectories(dir.resolve("src"));
    Files.writeString(dir.resolve("src/raw.csv"), "id\n1\n");
    StructType schema = new StructType().add("id", DataTypes.IntegerType);
    project =
        new Project(
            "p",
            List.of(new SourceSpec("raw", "raw.csv", schema, true)),
            List.of(
                model(ModelInfo.builder("up", "core", Materialization.TABLE).sources("raw")),
                model(ModelInfo.builder("down", "core", Materialization.TABLE).refs("up")),
                model(ModelInfo.builder("v", "core", Materialization.VIEW).sources("raw")),
                model(ModelInfo.builder("overview", "core", Materialization.TABLE).refs("v"))));
    var spark = TestSpark.session();
    ctx = TestSpark.context(project, new DeltaWarehouse(spark, dir.resolve("wh").toString()), dir);
  }

  private static Model model(ModelInfo.Builder b) {
    return new Declared(b.build());
  }

  private InputState state(String settings) {
    return new InputState(ctx, settings);
  }

  private Model m(String name) {
    return project.require(name);
  }

  private void appendToRaw() throws Exception {
    Files.writeString(dir.resolve("src/raw.csv"), "2\n", StandardOpenOption.APPEND);
  }

  @Test
  void aFingerprintIsStableUntilARawFileOrTheSettingsChange() throws Exception {
    InputState s = state("look-back 3");
    assertThat(s.enabled()).as("a Delta warehouse keeps a state folder").isTrue();
    String before = s.fingerprint(m("up"));
    assertThat(before).matches("[0-9a-f]{64}");
    assertThat(s.fingerprint(m("up"))).as("same inputs, same fingerprint").isEqualTo(before);
    assertThat(state("look-back 4").fingerprint(m("up")))
        .as("settings that shape the output")
        .isNotEqualTo(before);
    appendToRaw();
    assertThat(s.fingerprint(m("up"))).as("the raw file grew").isNotEqualTo(before);
  }

  @Test
  void whereQualityMetricsAreWrittenDoesNotShapeTheOutput() {
    var quality = new Settings.Quality(true, 0.1, "/wh/_quality/metrics.json", true, 0.5, 2, false);
    Duration lookBack = Duration.ofDays(3);
    String settings = RunScope.shapingSettings(lookBack, quality);
    assertThat(RunScope.shapingSettings(lookBack, quality.withMetricsPath("/moved/metrics.json")))
        .as("a warehouse moved with its metrics file")
        .isEqualTo(settings);
    assertThat(
            RunScope.shapingSettings(
                lookBack,
                new Settings.Quality(true, 0.2, "/wh/_quality/metrics.json", true, 0.5, 2, false)))
        .as("another quarantine ceiling")
        .isNotEqualTo(settings);
    assertThat(RunScope.shapingSettings(Duration.ofDays(4), quality))
        .as("another look-back")
        .isNotEqualTo(settings);
  }

  @Test
  void aRawFileReadThroughAViewReachesTheModelThatBuildsTheViewInline() throws Exception {
    InputState s = state("");
    String before = s.fingerprint(m("overview"));
    appendToRaw();
    assertThat(s.fingerprint(m("overview"))).isNotEqualTo(before);
  }

  @Test
  void aPublishedRefCountsByItsRecordedFingerprint() throws Exception {
    InputState s = state("");
    s.record(m("up"), HEX_A);
    String onA = s.fingerprint(m("down"));
    appendToRaw();
    assertThat(s.fingerprint(m("down")))
        .as("the ref's raw file is not read again: its record stands for it")
        .isEqualTo(onA);
    s.record(m("up"), HEX_B);
    assertThat(s.fingerprint(m("down"))).isNotEqualTo(onA);
    s.record(m("up"), HEX_A);
    assertThat(s.fingerprint(m("down"))).isEqualTo(onA);
    s.forget(m("up"));
    assertThat(s.fingerprint(m("down")))
        .as("a ref without a record never matches: the model is rebuilt")
        .isNotEqualTo(s.fingerprint(m("down")));
  }

  @Test
  void theRecordIsReadBackUntilForgottenAndAnUnreadableOneCountsAsAbsent() throws Exception {
    InputState s = state("");
    assertThat(s.recorded(m("up"))).isEmpty();
    s.record(m("up"), HEX_A);
    assertThat(s.recorded(m("up"))).contains(HEX_A);
    assertThat(dir.resolve("wh/_reelhouse/state/t_core.up.sha256")).hasContent(HEX_A);
    s.forget(m("up"));
    assertThat(s.recorded(m("up"))).isEmpty();
    s.record(m("up"), "not a fingerprint");
    assertThat(s.recorded(m("up"))).as("not 64 hex digits").isEmpty();
  }

  @Test
  void marksAndTheChangeFeedVersionAreReadBackAsRecorded() {
    InputState s = state("");
    assertThat(s.marks(m("up"))).isEmpty();
    ReadMark mark = new ReadMark(10, 12, 1_700_000_000_000L, "h1", "b1");
    s.recordMarks(m("up"), Map.of("raw", mark));
    assertThat(s.marks(m("up"))).containsExactly(Map.entry("raw", mark));

    assertThat(s.changesRead(m("down"), "up")).isEmpty();
    s.recordChangesRead(m("down"), "up", 42);
    assertThat(s.changesRead(m("down"), "up")).isEqualTo(OptionalLong.of(42));
    assertThat(s.changesRead(m("down"), "other")).as("recorded for another ref").isEmpty();
  }

  @Test
  void theShapeLeavesOutRawFilesSoNewRowsAloneDoNotRebuildAnIncrementalModel() throws Exception {
    InputState s = state("");
    assertThat(s.sameShape(m("up"))).as("nothing recorded").isFalse();
    s.recordShape(m("up"));
    assertThat(s.sameShape(m("up"))).isTrue();
    appendToRaw();
    assertThat(s.sameShape(m("up"))).as("new lines in the raw file").isTrue();
    assertThat(state("other settings").sameShape(m("up"))).isFalse();
  }
}
