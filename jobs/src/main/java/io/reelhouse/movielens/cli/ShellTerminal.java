package io.reelhouse.movielens.cli;

import java.io.IOException;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.shell.jline3.PicocliJLineCompleter;

/**
 * The interactive shell's line reading, by JLine: line editing, history within the session, and tab
 * completion of commands and options from the picocli command line. Ctrl-C drops the line being
 * typed; Ctrl-D or the end of input ends the shell.
 */
final class ShellTerminal implements AutoCloseable {
  static final String PROMPT = "reelhouse> ";

  private final Terminal terminal;
  private final LineReader reader;

  ShellTerminal(Terminal terminal, CommandLine commands) {
    this.terminal = terminal;
    this.reader =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("reelhouse")
            .completer(completer(commands))
            .build();
  }

  /** The shell on this process's terminal. */
  static ShellTerminal system(CommandLine commands) throws IOException {
    return new ShellTerminal(TerminalBuilder.builder().system(true).build(), commands);
  }

  /** Completes the words of a reelhouse command line: command names, then their options. */
  static Completer completer(CommandLine commands) {
    return new PicocliJLineCompleter(commands.getCommandSpec());
  }

  /** The next line typed, or null at the end of input. */
  String next() {
    while (true) {
      try {
        return reader.readLine(PROMPT);
      } catch (UserInterruptException e) {
        // Ctrl-C: drop the line, prompt again.
      } catch (EndOfFileException e) {
        return null;
      }
    }
  }

  LineReader reader() {
    return reader;
  }

  @Override
  public void close() throws IOException {
    terminal.close();
  }
}
