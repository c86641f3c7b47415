package io.reelhouse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** bin/reelhouse bench runs the harness from this module (after the modules are packaged). */
class BenchLauncherIT {
  @Test
  void theLauncherRunsTheBenchFromItsOwnModule() throws IOException, InterruptedException {
    Path launcher = Path.of("..", "bin", "reelhouse").toAbsolutePath().normalize();
    ProcessBuilder pb =
        new ProcessBuilder(launcher.toString(), "bench", "--help").redirectErrorStream(true);
    pb.environment().put("REELHOUSE_JAVA_OPTS", "-Xmx256m");
    Process p = pb.start();
    String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the launcher ended").isTrue();
    assertThat(p.exitValue()).as("exit code; printed:%n%s", printed).isZero();
    assertThat(printed)
        .as("bench's own usage, not reelhouse's")
        .contains("Usage: bench", "--scale=S", "--warm-driver")
        .doesNotContain("reelhouse: not built yet");
  }
}
