package io.reelhouse.movielens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf/compiler-directives.json, which bin/reelhouse names, is accepted by this JVM's compiler the
 * way Main adds it, and takes C2 away from the code that compiles queries, not from the code that
 * processes rows. A file the JVM refuses is a warning that names it, not a failed run.
 */
class CompilerDirectivesTest {
  private static final Path FILE = Path.of("..", "conf", "compiler-directives.json");

  @TempDir Path dir;

  @Test
  void theLaunchersFileExcludesQueryCompilationFromC2AndLeavesTheRowPathAlone() throws Exception {
    String answer = CompilerDirectives.add(FILE.toString());
    try {
      assertThat(answer).as("the JVM's answer").contains("1 compiler directives added");
      String printed = CompilerDirectives.diagnosticCommand("compilerDirectivesPrint");
      String first = printed.substring(printed.indexOf("Directive:"));
      String matching = first.lines().filter(l -> l.contains("matching:")).findFirst().orElse("");
      assertThat(matching)
          .as("Janino, the closure cleaner's ASM, the SQL parser and Scala reflection are matched")
          .contains("org/codehaus/*.*", "org/apache/xbean/*.*", "org/antlr/*.*")
          .contains("scala/reflect/*.*");
      List<String> patterns =
          List.of(matching.substring(matching.indexOf(':') + 1).strip().split(",\\s*"));
      assertThat(patterns)
          .as("nothing that processes rows is matched: no catch-all, no Spark, Parquet or Delta")
          .doesNotContain("*.*", "java/lang/*.*", "java/util/*.*", "scala/*.*")
          .noneMatch(p -> p.startsWith("org/apache/spark") || p.startsWith("org/apache/parquet"))
          .noneMatch(p -> p.startsWith("io/delta") || p.startsWith("java/nio"));
      String c2 = first.substring(first.indexOf(" c2 directives:"));
      assertThat(c2.lines().filter(l -> l.contains("Exclude:")).findFirst().orElse(""))
          .as("C2 excludes them")
          .contains("Exclude:true");
    } finally {
      CompilerDirectives.diagnosticCommand("compilerDirectivesRemove");
    }
  }

  @Test
  void aFileTheJvmRefusesIsAWarningThatNamesIt() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.json"), "[ { match: \"org/x/*.*\", c2: { ");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String before = System.getProperty(CompilerDirectives.PROPERTY);
    System.setProperty(CompilerDirectives.PROPERTY, bad.toString());
    try {
      Thread t =
          CompilerDirectives.addFromProperty(new PrintStream(err, true, StandardCharsets.UTF_8));
      t.join(30_000);
    } finally {
      if (before == null) {
        System.clearProperty(CompilerDirectives.PROPERTY);
      } else {
        System.setProperty(CompilerDirectives.PROPERTY, before);
      }
    }
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("warning: JIT compiler directives " + bad)
        .contains("not added");
    assertThat(CompilerDirectives.diagnosticCommand("compilerDirectivesPrint"))
        .as("nothing of it was added")
        .doesNotContain("org/x/");
  }
}
