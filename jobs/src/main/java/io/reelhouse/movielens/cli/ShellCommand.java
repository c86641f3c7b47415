package io.reelhouse.movielens.cli;

import io.reelhouse.spark.Sessions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * Runs {@code reelhouse} commands read one per line, in one JVM whose local Spark session stays up
 * between them: the JVM's start, Spark's and Delta's first use and the JIT's warm-up are paid once,
 * as on a notebook's or an all-purpose cluster's driver, which makes a small incremental build
 * several times faster than as a fresh process.
 *
 * <p>Each line is a command line as typed after {@code bin/reelhouse}, split into words as a POSIX
 * shell does (quotes, backslash, {@code #} comments). Each command gets a Spark session of its own
 * on the running one (its own temporary views and SQL settings); a command whose Spark settings
 * differ from the first one's is refused. After each command the shell prints {@code [exit N in S
 * s]} to standard error, which scripts can wait for. Read from a terminal ({@link ShellTerminal}:
 * line editing, history, tab completion), it prompts and goes on after a failed command; read from
 * a pipe or file, it stops at the first command that fails and exits with its code. {@code exit},
 * {@code quit} or the end of input ends it.
 */
@Command(
    name = "shell",
    mixinStandardHelpOptions = true,
    description = {
      "Run commands read one per line (as typed after bin/reelhouse) in one JVM, with Spark kept"
          + " running between them: a command after the first skips the JVM's and Spark's start.",
      "Prints [exit N in S s] after each command. From a pipe or file it stops at the first"
          + " command that fails, with its exit code; exit, quit or the end of input ends it."
    })
final class ShellCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Override
  public Integer call() throws Exception {
    boolean interactive = main.in == System.in && System.console() != null;
    // A terminal's lines come through JLine (editing, history, completion), a pipe's as they are.
    BufferedReader piped =
        interactive
            ? null
            : new BufferedReader(new InputStreamReader(main.in, StandardCharsets.UTF_8));
    int last = Main.OK;
    try (AutoCloseable running = Sessions.keepRunning();
        ShellTerminal terminal =
            interactive ? ShellTerminal.system(Main.commandLine(main.out, main.err)) : null) {
      for (int number = 1; ; number++) {
        String line = interactive ? terminal.next() : piped.readLine();
        if (line == null) {
          break;
        }
        List<String> words;
        try {
          words = words(line);
        } catch (IllegalArgumentException e) {
          words = null;
          main.err.println("error: line " + number + ": " + e.getMessage());
        }
        if (words != null && words.isEmpty()) {
          continue;
        }
        if (words != null && List.of("exit", "quit").contains(words.get(0))) {
          break;
        }
        long start = System.nanoTime();
        if (words == null) {
          last = Main.CANNOT_START;
        } else if (words.get(0).equals("shell")) {
          main.err.println("error: line " + number + ": already in a reelhouse shell");
          last = Main.CANNOT_START;
        } else {
          last = Main.execute(words.toArray(String[]::new), main.in, main.out, main.err);
        }
        main.out.flush();
        main.err.printf(
            Locale.ROOT, "[exit %d in %.1f s]%n", last, (System.nanoTime() - start) / 1e9);
        if (last != Main.OK && !interactive) {
          return last;
        }
      }
    }
    return interactive ? Main.OK : last;
  }

  /**
   * A line split into words as a POSIX shell splits it: whitespace separates words; single quotes
   * keep everything, double quotes keep everything but {@code \"} and {@code \\}; a backslash
   * outside quotes keeps the next character; quoted parts join the word around them ({@code
   * -Dname="a b"}); {@code #} at the start of a word begins a comment. Written here because no
   * library at hand splits as POSIX does: JLine's DefaultParser keeps the quotes of {@code
   * -Dname="a b"}, escapes inside single quotes and starts a comment inside a word; the JDK's
   * StreamTokenizer ends a word at a quote.
   */
  static List<String> words(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        boolean escaped =
            quote == '"'
                && c == '\\'
                && i + 1 < line.length()
                && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\');
        if (escaped) {
          word.append(line.charAt(++i));
        } else if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          out.add(word.toString());
          word = null;
        }
      } else if (c == '#' && word == null) {
        break;
      } else {
        if (word == null) {
          word = new StringBuilder();
        }
        if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == '\\' && i + 1 < line.length()) {
          word.append(line.charAt(++i));
        } else {
          word.append(c);
        }
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("a " + quote + " quote is not closed");
    }
    if (word != null) {
      out.add(word.toString());
    }
    return out;
  }
}
