package io.reelhouse.movielens.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.movielens.cli.ReelhouseProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/reelhouse on the packaged jars (after mvn package): its class-data archive is written by the
 * first run that builds a model (not by one that only prints help or finds everything up to date),
 * used by the next, and not used once it is older than the jars. reelhouse shell runs its commands
 * on one Spark session. The launcher's JIT compiler directives are in force.
 */
class LauncherIT {
  private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
  private static final String WRITING = "writing the class-data archive";

  @TempDir Path dir;

  private record Run(int exit, String output) {}

  private List<String> seedArgs() {
    return List.of(
        "seed",
        "-Dwarehouse.path=" + dir.resolve("warehouse"),
        "-Dtarget.path=" + dir.resolve("target"),
        "-Dsource.path=" + dir.resolve("source"));
  }

  private Run seed(Path archive, String javaOpts, String name) throws Exception {
    return run(archive, javaOpts, name, null, seedArgs().toArray(String[]::new));
  }

  private Run run(Path archive, String javaOpts, String name, Path input, String... args)
      throws Exception {
    Path log = dir.resolve(name + ".log");
    List<String> cmd = new ArrayList<>();
    cmd.add(HOME.resolve("bin/reelhouse").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    if (input != null) {
      pb.redirectInput(input.toFile());
    }
    pb.environment().put("REELHOUSE_HOME", HOME.toString());
    pb.environment().put("REELHOUSE_CDS_ARCHIVE", archive.toString());
    // The archive does not depend on the JIT's settings.
    pb.environment().put("REELHOUSE_JAVA_OPTS", ReelhouseProcess.SHORT_RUN_JIT + " " + javaOpts);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().remove("REELHOUSE_CDS");
    Process p = pb.start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as(name + " finished").isTrue();
    return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  @Test
  void theFirstModelRunWritesTheArchiveTheNextLoadsFromItAndOneOlderThanTheJarsIsNotUsed()
      throws Exception {
    Path archive = dir.resolve("reelhouse.jsa");

    Run help = run(archive, "-Xmx1g", "help", null, "seed", "--help");
    assertThat(help.exit()).as(help.output()).isZero();
    assertThat(archive)
        .as("a run that prints help starts no Spark: no archive of it")
        .doesNotExist();

    // A model command that builds nothing (here its selection is empty, which for the archive is
    // the same as every model up to date, without starting Spark) keeps no archive, and says so.
    List<String> nothing = new ArrayList<>(seedArgs());
    nothing.addAll(List.of("--exclude", "seed_movie_release_dates"));
    Run idle = run(archive, "-Xmx1g", "idle", null, nothing.toArray(String[]::new));
    assertThat(idle.exit()).as(idle.output()).isZero();
    assertThat(idle.output()).contains("Nothing to do");
    assertThat(idle.output())
        .as("a run that built no model says its archive is not kept")
        .contains("class-data archive not kept: this run built no model");
    assertThat(archive).as("no archive from a run that built nothing").doesNotExist();
    assertThat(dir).as("no temporary archive left").isDirectoryNotContaining("glob:**.tmp*");

    // With C2 on and the JIT's log, to see the launcher's compiler directives at work.
    Run first = seed(archive, "-Xmx1g -XX:TieredStopAtLevel=4 -XX:+PrintCompilation", "first");
    assertThat(first.exit()).as(first.output()).isZero();
    assertThat(first.output().lines().filter(l -> l.startsWith("### Excluding compile")))
        .as("C2 left Janino alone, as conf/compiler-directives.json says")
        .anyMatch(l -> l.contains("org.codehaus.janino."));
    assertThat(first.output()).as("the first run says it writes the archive").contains(WRITING);
    assertThat(archive).as("archive written at the end of the first run").isNotEmptyFile();
    assertThat(dir).as("no temporary archive left").isDirectoryNotContaining("glob:**.tmp");

    // The second run is a shell of two commands (reelhouse shell): Spark is started once for both.
    Path classes = dir.resolve("classes.log");
    Path events = Files.createDirectories(dir.resolve("events"));
    String seedLine = String.join(" ", seedArgs());
    Path script = dir.resolve("script.txt");
    Files.writeString(script, seedLine + " --full-refresh\n" + seedLine + " --full-refresh\n");
    Run second =
        run(
            archive,
            "-Xmx1g -Xlog:class+load=info:file="
                + classes
                + " -Dspark.eventLog.enabled=true -Dspark.eventLog.dir="
                + events.toUri(),
            "second",
            script,
            "shell");
    assertThat(second.exit()).as(second.output()).isZero();
    assertThat(second.output().lines().filter(l -> l.matches("\\[exit 0 in .* s\\]")))
        .as("both commands of the shell succeeded: " + second.output())
        .hasSize(2);
    assertThat(second.output().lines().filter(l -> l.contains("OK seed seed_movie_release_dates")))
        .as("and each loaded the seed")
        .hasSize(2);
    try (var apps = Files.list(events)) {
      assertThat(apps.toList())
          .as("one Spark application (one event log) served both commands of the shell")
          .hasSize(1);
    }
    assertThat(second.output())
        .as("an archive that is current is not written again")
        .doesNotContain(WRITING);
    assertThat(lineOf(classes, "org.apache.spark.sql.SparkSession "))
        .as("Spark's classes come from the archive")
        .contains("shared objects file");
    assertThat(lineOf(classes, "io.reelhouse.movielens.cli.Main "))
        .as("and so do the project's")
        .contains("shared objects file");

    // As if the jars had been built again after the archive was written: not used any more, and
    // not written by a command that runs no model.
    Files.setLastModifiedTime(archive, FileTime.fromMillis(0));
    Path stale = dir.resolve("stale.log");
    Run third =
        run(archive, "-Xmx1g -Xlog:class+load=info:file=" + stale, "third", null, "--version");
    assertThat(third.exit()).as(third.output()).isZero();
    assertThat(lineOf(stale, "io.reelhouse.movielens.cli.Main "))
        .as("an archive older than the jars is not used")
        .contains("source: file:")
        .doesNotContain("shared objects file");
    assertThat(third.output()).doesNotContain(WRITING);
    assertThat(Files.getLastModifiedTime(archive).toMillis()).isZero();
  }

  private static String lineOf(Path log, String className) throws IOException {
    return Files.readAllLines(log).stream()
        .filter(l -> l.contains(" " + className))
        .findFirst()
        .orElse("(" + className.strip() + " not loaded)");
  }
}
