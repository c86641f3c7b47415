package io.reelhouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Typed reads of a config: every failure names the key, where it is set and what was expected. */
class ConfigValuesTest {
  @TempDir Path dir;

  /** The values of an env file {@code dev.conf} holding the text. */
  private ConfigValues values(String text) {
    try {
      Path file = Files.writeString(dir.resolve("dev.conf"), text);
      return new ConfigValues(ConfigFactory.parseFile(file.toFile()).resolve());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aValueOfTheWrongTypeNamesKeyLineTypeAndValue() {
    var v = values("a = 1\ns3 {\n  attempts = lots\n}");
    assertThatThrownBy(() -> v.integer("s3.attempts"))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "setting 's3.attempts' in "
                + dir.resolve("dev.conf")
                + " line 3: expected a whole number, got string \"lots\"");
  }

  @Test
  void aValueNotAllowedNamesKeyLineAndValueButNoType() {
    var v = values("s3.attempts = 0");
    assertThat(v.integer("s3.attempts")).isZero();
    assertThat(v.bad("s3.attempts", "a whole number of 1 or more"))
        .hasMessage(
            "setting 's3.attempts' in "
                + dir.resolve("dev.conf")
                + " line 1: expected a whole number of 1 or more, got 0");
  }

  @Test
  void aMissingOrBlankValueSaysWhatWasExpected() {
    var v = values("target.path = \" \"");
    assertThatThrownBy(() -> v.string("source.path"))
        .hasMessage("missing setting 'source.path' (expected a string)");
    assertThatThrownBy(() -> v.nonBlank("target.path"))
        .hasMessageContaining("expected a non-empty string");
  }

  @Test
  void durationsAreOptionalOnlyWhereAsked() {
    var v = values("freshness.ratings.warn-after = 3 days");
    assertThat(v.optionalDuration("freshness.ratings.warn-after")).isEqualTo(Duration.ofDays(3));
    assertThat(v.optionalDuration("freshness.ratings.error-after")).isNull();
    assertThat(v.childrenOf("freshness.ratings")).containsExactly("warn-after");
  }

  @Test
  void aStringMapHoldsSingleValuesWithTheirKeysUnquoted() {
    var v = values("spark.conf { \"spark.ui.enabled\" = false, x = 2 }\nbad.conf { y = [1] }");
    assertThat(v.stringMap("spark.conf")).isEqualTo(Map.of("spark.ui.enabled", "false", "x", "2"));
    assertThatThrownBy(() -> v.stringMap("bad.conf"))
        .hasMessageContaining("setting 'bad.conf.y'")
        .hasMessageContaining("expected a single value, got list");
  }

  @Test
  void aValueSetOutsideReferenceConfIsExplicit() {
    assertThat(values("s3.region = eu-west-1").explicit("s3.region")).containsExactly("s3.region");
  }
}
