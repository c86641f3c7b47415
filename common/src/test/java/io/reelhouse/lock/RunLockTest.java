package io.reelhouse.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelhouse.testing.LogCapture;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {
  @TempDir Path dir;
  LogCapture logs;

  @BeforeEach
  void captureLogs() {
    logs = LogCapture.start();
  }

  @AfterEach
  void stopCapturing() {
    logs.close();
  }

  RunLock take(String command) {
    return RunLock.acquire(new Configuration(), dir.toString(), command);
  }

  static String host() throws Exception {
    return InetAddress.getLocalHost().getHostName();
  }

  void holder(long pid, String host) throws Exception {
    Files.writeString(
        dir.resolve(RunLock.FILE),
        "{\"command\":\"build\",\"pid\":"
            + pid
            + ",\"host\":\""
            + host
            + "\",\"since\":\"2026-11-27T01:00:00Z\"}");
  }

  @Test
  void aSecondWriterFailsAtOnceNamingTheHolderAndTheLockFile() throws Exception {
    try (RunLock first = take("build")) {
      assertThat(Files.readString(dir.resolve(RunLock.FILE)))
          .contains("\"pid\":" + ProcessHandle.current().pid())
          .contains("\"command\":\"build\"");
      assertThatThrownBy(() -> take("run"))
          .isInstanceOf(LockedException.class)
          .hasMessageStartingWith(
              "the warehouse "
                  + dir
                  + " is locked by reelhouse build (pid "
                  + ProcessHandle.current().pid()
                  + " on "
                  + host()
                  + ", since ")
          .hasMessageContaining("), last renewed 0 s ago (lease 120 s)")
          .hasMessageEndingWith(
              ": wait for it to finish; if that run is gone, its lease expires 120 s after its"
                  + " last renewal and the next run takes over "
                  + dir.resolve(RunLock.FILE).toUri().getPath().replaceAll("/$", ""));
    }
    assertThat(dir.resolve(RunLock.FILE)).as("released on close").doesNotExist();
    take("run").close();
  }

  @Test
  void aLockWhoseProcessIsGoneIsReleasedWithAMessageAndTaken() throws Exception {
    Process done = new ProcessBuilder("true").start();
    done.waitFor();
    holder(done.pid(), host());
    try (RunLock lock = take("build")) {
      assertThat(lock.holder().pid()).isEqualTo(ProcessHandle.current().pid());
    }
    assertThat(logs.text())
        .contains("Took over the lock ")
        .contains("reelhouse build (pid " + done.pid() + " on " + host())
        .contains("is no longer running");
  }

  @Test
  void aLiveHolderOrOneOnAnotherHostIsNeverTakenOver() throws Exception {
    Process alive = new ProcessBuilder("sleep", "30").start();
    try {
      holder(alive.pid(), host());
      assertThatThrownBy(() -> take("build"))
          .hasMessageContaining("locked by reelhouse build (pid " + alive.pid());
      // Another machine's pid says nothing about this one: not stale.
      holder(1, "some-other-host");
      assertThatThrownBy(() -> take("build")).hasMessageContaining("on some-other-host");
      assertThat(dir.resolve(RunLock.FILE)).exists();
    } finally {
      alive.destroyForcibly();
    }
  }

  @Test
  void anEmptyLockIsStaleOnlyOnceItIsOlderThanAMinute() throws Exception {
    Path file = dir.resolve(RunLock.FILE);
    Files.writeString(file, "");
    assertThatThrownBy(() -> take("build")).hasMessageContaining("locked by another run");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
    take("build").close();
    assertThat(logs.text()).contains("names no holder");
  }

  @Test
  void closingReleasesOnlyTheLockItTook() throws Exception {
    RunLock mine = take("build");
    // Someone deleted it by hand and another run took it: closing must leave theirs alone.
    Files.delete(dir.resolve(RunLock.FILE));
    holder(4242, "another-host");
    mine.close();
    assertThat(Files.readString(dir.resolve(RunLock.FILE))).contains("\"pid\":4242");
  }

  @Test
  void aLeaseFromAnotherHostHoldsUntilItExpiresThenIsTakenOverNamingItsHolder() throws Exception {
    holder(1, "host-a");
    Path file = dir.resolve(RunLock.FILE);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofSeconds(30))));
    assertThatThrownBy(
            () ->
                RunLock.acquire(
                    new Configuration(), dir.toString(), "build", Duration.ofMinutes(1)))
        .as("renewed 30 s ago, lease 60 s: still held")
        .isInstanceOf(LockedException.class)
        .hasMessageContaining(
            "locked by reelhouse build (pid 1 on host-a, since 2026-11-27T01:00:00Z)")
        .hasMessageMatching(".*, last renewed (3\\d) s ago \\(lease 60 s\\): wait for it.*");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofSeconds(90))));
    try (RunLock lock =
        RunLock.acquire(new Configuration(), dir.toString(), "build", Duration.ofMinutes(1))) {
      assertThat(lock.holder().pid()).isEqualTo(ProcessHandle.current().pid());
      assertThat(Files.readString(file)).contains("\"pid\":" + ProcessHandle.current().pid());
    }
    assertThat(logs.text())
        .contains(
            "Took over the lock "
                + file.toUri().getPath()
                + ": the lease of reelhouse build (pid 1 on host-a, since"
                + " 2026-11-27T01:00:00Z) expired: last renewed 9")
        .containsPattern("expired: last renewed 9\\d s ago, lease 60 s");
  }

  @Test
  void aLiveRunRenewsItsLeaseSoItNeverExpires() throws Exception {
    Path file = dir.resolve(RunLock.FILE);
    try (RunLock lock =
        RunLock.acquire(new Configuration(), dir.toString(), "build", Duration.ofSeconds(4))) {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofSeconds(30))));
      // The heartbeat runs every lease / 4 = 1 s: within 3 s the file is renewed.
      long deadline = System.currentTimeMillis() + 3_000;
      while (System.currentTimeMillis() < deadline
          && Files.getLastModifiedTime(file).toInstant().isBefore(Instant.now().minusSeconds(10))) {
        Thread.sleep(100);
      }
      assertThat(Files.getLastModifiedTime(file).toInstant())
          .as("renewed by the heartbeat")
          .isAfter(Instant.now().minusSeconds(10));
      System.setProperty(RunLock.HOST_PROPERTY, "host-b");
      try {
        assertThatThrownBy(
                () ->
                    RunLock.acquire(
                        new Configuration(), dir.toString(), "run", Duration.ofSeconds(4)))
            .as("another host sees a live lease")
            .isInstanceOf(LockedException.class);
      } finally {
        System.clearProperty(RunLock.HOST_PROPERTY);
      }
    }
    assertThat(file).as("released on close").doesNotExist();
  }
}
