package io.reelhouse.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One writer per warehouse: a lock file {@code _reelhouse.lock} beside the tables, created with
 * Hadoop's {@code create(path, overwrite = false)}, which fails if the file exists (atomic on local
 * disk and HDFS; on S3 it is a check-then-write, see docs/commands.md). It names its holder
 * (command, pid, host, start), so a second writer fails at once saying who holds it. A lock whose
 * holder process is gone (same host, pid not running), or that is empty and older than a minute
 * (its writer died between create and write), is stale: it is released with a message and taken.
 */
public final class RunLock implements AutoCloseable {
  public static final String FILE = "_reelhouse.lock";
  private static final Duration UNREADABLE_GRACE = Duration.ofMinutes(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FileSystem fs;
  private final Path path;
  private final Holder holder;
  private boolean released;

  /**
   * @param command what holds the lock (build, run, ...)
   * @param pid the holding process
   * @param host where it runs
   * @param since when it took the lock
   */
  public record Holder(String command, long pid, String host, Instant since) {
    String describe() {
      return "reelhouse " + command + " (pid " + pid + " on " + host + ", since " + since + ")";
    }
  }

  private RunLock(FileSystem fs, Path path, Holder holder) {
    this.fs = fs;
    this.path = path;
    this.holder = holder;
  }

  /** Takes the lock in {@code dir} or fails with {@link LockedException} naming its holder. */
  public static RunLock acquire(Configuration conf, String dir, String command, PrintStream log) {
    Path path = new Path(dir, FILE);
    Holder me = new Holder(command, ProcessHandle.current().pid(), hostName(), Instant.now());
    try {
      FileSystem fs = path.getFileSystem(conf);
      fs.mkdirs(path.getParent());
      for (int attempt = 0; attempt < 2; attempt++) {
        if (create(fs, path, me)) {
          return new RunLock(fs, path, me);
        }
        Holder other = read(fs, path);
        String stale = staleReason(fs, path, other);
        if (stale == null) {
          throw new LockedException(
              "the warehouse "
                  + dir
                  + " is locked by "
                  + (other == null ? "another run" : other.describe())
                  + ": wait for it to finish; if that process is gone, delete "
                  + path);
        }
        log.println("Released a stale lock " + path + ": " + stale);
        fs.delete(path, false);
      }
      Holder other = read(fs, path);
      throw new LockedException(
          "the warehouse "
              + dir
              + " is locked by "
              + (other == null ? "another run" : other.describe())
              + " (taken while a stale lock was released); try again");
    } catch (IOException e) {
      throw new LockedException("cannot take the lock " + path + ": " + e.getMessage());
    }
  }

  /** Creates the lock file with our holder; false if it already exists. */
  private static boolean create(FileSystem fs, Path path, Holder me) throws IOException {
    if ("file".equals(fs.getScheme())) {
      // Hadoop's local create(overwrite = false) checks, then opens: two runs can both pass the
      // check. The JDK's CREATE_NEW is one atomic O_EXCL open.
      try {
        java.nio.file.Files.write(
            java.nio.file.Path.of(fs.makeQualified(path).toUri().getPath()),
            json(me),
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE);
        return true;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        return false;
      }
    }
    OutputStream out;
    try {
      out = fs.create(path, false);
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (fs.exists(path)) {
        return false;
      }
      throw e;
    }
    try (out) {
      out.write(json(me));
    }
    return true;
  }

  private static byte[] json(Holder me) throws IOException {
    var n = JSON.createObjectNode();
    n.put("command", me.command());
    n.put("pid", me.pid());
    n.put("host", me.host());
    n.put("since", me.since().toString());
    return JSON.writeValueAsString(n).getBytes(StandardCharsets.UTF_8);
  }

  /** The holder written in the lock; null if it cannot be read (empty or half-written). */
  static Holder read(FileSystem fs, Path path) {
    try (var in = fs.open(path)) {
      JsonNode n = JSON.readTree(in.readAllBytes());
      return new Holder(
          n.get("command").asText(),
          n.get("pid").asLong(),
          n.get("host").asText(),
          Instant.parse(n.get("since").asText()));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Why the lock is stale, or null if its holder may still be running. */
  private static String staleReason(FileSystem fs, Path path, Holder other) throws IOException {
    if (other == null) {
      if (!fs.exists(path)) {
        return "it was just released";
      }
      long age = System.currentTimeMillis() - fs.getFileStatus(path).getModificationTime();
      return age > UNREADABLE_GRACE.toMillis()
          ? "it names no holder and is " + age / 1000 + " s old (its writer died while taking it)"
          : null;
    }
    if (other.host().equals(hostName()) && ProcessHandle.of(other.pid()).isEmpty()) {
      return other.describe() + " is no longer running";
    }
    return null;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  public Holder holder() {
    return holder;
  }

  /** Deletes the lock if it is still ours. */
  @Override
  public void close() {
    if (released) {
      return;
    }
    released = true;
    try {
      Holder now = read(fs, path);
      if (now != null && now.pid() == holder.pid() && now.since().equals(holder.since())) {
        fs.delete(path, false);
      }
    } catch (IOException e) {
      // Left behind, it is detected as stale by the next run on this host.
    }
  }
}
