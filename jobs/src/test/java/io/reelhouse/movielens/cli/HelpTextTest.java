package io.reelhouse.movielens.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Help text: picocli renders descriptions as format strings, so a bare % breaks them. */
class HelpTextTest {
  @Test
  void everyCommandsAndOptionsDescriptionIsAFormatStringPicocliCanRender() {
    CommandLine cli = Main.commandLine(System.out, System.err);
    for (CommandLine sub : cli.getSubcommands().values()) {
      List<String> lines =
          new ArrayList<>(List.of(sub.getCommandSpec().usageMessage().description()));
      sub.getCommandSpec().options().forEach(o -> lines.addAll(List.of(o.description())));
      for (String line : lines) {
        assertThatCode(() -> String.format(Locale.ROOT, line))
            .as("help of '%s': %s", sub.getCommandName(), line)
            .doesNotThrowAnyException();
      }
    }
  }

  @Test
  void theBenchSaysWhatItChangesInPercent() {
    var out = new ByteArrayOutputStream();
    int code =
        Main.execute(
            new String[] {"bench", "--help"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " "))
        .contains("1% new ratings (0.2% late)", "(1% of tags changed)");
  }
}
