package io.reelhouse.movielens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;

/** The interactive shell's line reading (JLine) on a terminal fed from a stream. */
class ShellTerminalTest {
  private static final PrintStream QUIET =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  private static ShellTerminal typed(String keys) throws Exception {
    // A dumb terminal over streams: what a terminal sends, without a pseudo-terminal.
    Terminal t =
        new DumbTerminal(
            new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)),
            new ByteArrayOutputStream());
    return new ShellTerminal(t, Main.commandLine(QUIET, QUIET));
  }

  @Test
  void readsEachTypedLineAsTypedThenNullAtTheEnd() throws Exception {
    try (ShellTerminal shell = typed("ls --select \"a b\"\n\nexit\n")) {
      assertThat(shell.next()).as("the line, quotes and all").isEqualTo("ls --select \"a b\"");
      assertThat(shell.next()).as("an empty line").isEmpty();
      assertThat(shell.next()).isEqualTo("exit");
      assertThat(shell.next()).as("end of input").isNull();
      assertThat(shell.reader().getHistory().size()).as("typed lines kept in history").isEqualTo(2);
    }
  }

  @Test
  void tabCompletesCommandNamesAndTheirOptions() throws Exception {
    try (ShellTerminal shell = typed("")) {
      assertThat(complete(shell, "bu")).as("commands starting bu").containsExactly("build");
      assertThat(complete(shell, "build --sel")).as("build's options").contains("--select");
    }
  }

  private static List<String> complete(ShellTerminal shell, String line) {
    List<Candidate> found = new ArrayList<>();
    var words = new DefaultParser().parse(line, line.length(), Parser.ParseContext.COMPLETE);
    ShellTerminal.completer(Main.commandLine(QUIET, QUIET)).complete(shell.reader(), words, found);
    return found.stream().map(Candidate::value).filter(v -> v.startsWith(words.word())).toList();
  }
}
