package io.reelhouse.movielens.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command line in a JVM of its own, as a user runs it (the launcher's JVM flags, the test
 * classpath, C1 only), so a test sees every line it prints and can run two at once or kill one.
 */
public final class ReelhouseProcess {
  /**
   * C1 only, for the short JVMs tests start: they read a few hundred rows, so C2's compile work
   * costs more CPU than its code saves. A build of +fct_ratings at scale 0.005 took 25-38 s against
   * 21-30 s with C1 only (4 alternating pairs); at scale 1.0, C1 only doubles a full build, so the
   * launcher keeps C2.
   */
  public static final String SHORT_RUN_JIT = "-XX:TieredStopAtLevel=1";

  private final Process process;
  private final long started = System.nanoTime();

  /** Everything the process printed so far, read as it comes by a daemon thread. */
  private final StringBuilder output = new StringBuilder();

  private final Thread reader;

  /** When the process ended: it may end long before a test awaits it. */
  private final java.util.concurrent.CompletableFuture<Long> ended;

  public record Result(int code, String output, Duration took) {}

  private ReelhouseProcess(Process process) {
    this.process = process;
    this.ended = process.onExit().thenApply(p -> System.nanoTime());
    this.reader =
        new Thread(
            () -> {
              try (var in =
                  new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
                char[] buf = new char[8192];
                for (int n; (n = in.read(buf)) >= 0; ) {
                  synchronized (output) {
                    output.append(buf, 0, n);
                    output.notifyAll();
                  }
                }
              } catch (IOException e) {
                // the process is gone; what it printed is kept
              }
            },
            "reelhouse-process-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code reelhouse args...} with these environment variables added. */
  public static ReelhouseProcess start(Map<String, String> env, List<String> args) {
    return start(env, List.of(), args);
  }

  /** The same, with extra JVM options (e.g. {@code -Dreelhouse.fault=...}). */
  public static ReelhouseProcess start(
      Map<String, String> env, List<String> jvmOptions, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    try {
      cmd.addAll(List.of(Files.readString(Path.of("target/jvm-flags.txt")).trim().split("\\s+")));
      cmd.add(SHORT_RUN_JIT);
      cmd.addAll(jvmOptions);
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
      cmd.add("io.reelhouse.movielens.cli.Main");
      cmd.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      pb.environment().putAll(env);
      return new ReelhouseProcess(pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long pid() {
    return process.pid();
  }

  /**
   * Waits until the process has printed {@code text} (true), or has ended or {@code max} has passed
   * without printing it (false).
   */
  public boolean awaitOutput(String text, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    try {
      synchronized (output) {
        while (output.indexOf(text) < 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0 || !reader.isAlive()) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(output, Math.min(left, 1_000_000_000L));
        }
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits for the end (at most 5 minutes) and returns exit code, all output and wall time. */
  public Result await() {
    try {
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
      }
      Duration took = Duration.ofNanos(ended.join() - started);
      reader.join();
      synchronized (output) {
        return new Result(process.exitValue(), output.toString(), took);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
