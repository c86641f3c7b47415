package io.reelhouse.movielens.cli;

import static org.assertj.core.api.Assertions.assertThatCode;

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
}
