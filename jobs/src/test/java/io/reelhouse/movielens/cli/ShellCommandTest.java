package io.reelhouse.movielens.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * reelhouse shell's reading of lines: words split as a POSIX shell splits them, a line after each
 * command to wait for, and a piped script that stops at its first failing command. That Spark stays
 * up between commands is LauncherIT's (it needs a JVM of its own).
 */
class ShellCommandTest {
  @Test
  void splitsWordsAsAPosixShellDoes() {
    assertThat(ShellCommand.words("  build   --select +fct_ratings "))
        .as("whitespace separates words")
        .containsExactly("build", "--select", "+fct_ratings");
    assertThat(
            ShellCommand.words(
                "show --inline \"select 'a b' as x\" -Dname=\"two words\" 'it'\\''s' a\\ b"))
        .as("quotes keep spaces and join the word around them; a backslash keeps one character")
        .containsExactly(
            "show", "--inline", "select 'a b' as x", "-Dname=two words", "it's", "a b");
    assertThat(ShellCommand.words("say \"a \\\"quoted\\\" \\\\ word\" 'no \\escape'"))
        .as("inside double quotes \\\" and \\\\ are escapes; inside single quotes nothing is")
        .containsExactly("say", "a \"quoted\" \\ word", "no \\escape");
    assertThat(ShellCommand.words("ls # list the models")).containsExactly("ls");
    assertThat(ShellCommand.words("show --inline a#b")).containsExactly("show", "--inline", "a#b");
    assertThat(ShellCommand.words("   # only a comment")).isEmpty();
    assertThat(ShellCommand.words("")).isEmpty();
    assertThat(ShellCommand.words("x \"\"")).as("an empty quoted word").containsExactly("x", "");
    assertThatThrownBy(() -> ShellCommand.words("show --inline \"select 1"))
        .hasMessage("a \" quote is not closed");
  }

  @Test
  void aPipedScriptRunsCommandsInOrderAndStopsAtTheFirstThatFails() {
    String conf = "--conf-dir " + Path.of("..", "conf");
    String script =
        String.join(
            "\n",
            "# models of the project",
            "ls --select dim_users " + conf,
            "",
            "biuld",
            "ls --select fct_ratings " + conf,
            "");
    Shell r = shell(script);
    int code = r.code();
    String printed = r.out();
    String messages = r.err();
    assertThat(code).as("the failing command's exit code: " + messages).isEqualTo(2);
    assertThat(printed).as("the first command ran").contains("dim_users");
    assertThat(printed).as("nothing ran after the failure").doesNotContain("fct_ratings");
    assertThat(messages.lines().filter(l -> l.startsWith("[exit ")).toList())
        .as("a line after each command that ran, with its code")
        .hasSize(2)
        .satisfies(l -> assertThat(l.get(0)).matches("\\[exit 0 in \\d+\\.\\d s\\]"))
        .satisfies(l -> assertThat(l.get(1)).matches("\\[exit 2 in \\d+\\.\\d s\\]"));
    assertThat(messages).contains("unknown command 'biuld'; did you mean build?");
  }

  @Test
  void aShellInsideAShellIsRefusedAndExitEndsTheScript() {
    Shell exited = shell("exit\nshell\n");
    assertThat(exited.code()).as("exit ends the script before the nested shell").isZero();
    assertThat(exited.err()).doesNotContain("[exit");

    Shell nested = shell("shell\n");
    assertThat(nested.code()).isEqualTo(2);
    assertThat(nested.err()).contains("error: line 1: already in a reelhouse shell");
  }

  private record Shell(int code, String out, String err) {}

  /** reelhouse shell in process, reading {@code script}. */
  private static Shell shell(String script) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int code =
        Main.execute(
            new String[] {"shell"},
            new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Shell(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
