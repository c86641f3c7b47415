package io.reelhouse.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per warehouse: a lease on the file {@code _reelhouse.lock} beside the tables (or in
 * {@code target.path} for Snowflake), on any Hadoop file system, so drivers on different hosts see
 * the same lock.
 *
 * <p>The file names its holder (command, pid, host, start). While the run lives, a daemon thread
 * rewrites it every quarter of the lease (its heartbeat: the file's modification time). A second
 * run fails at once naming the holder, its host and how long ago it last renewed the lease. A lease
 * not renewed for longer than {@code lock.lease} (its driver was killed, its host lost) has expired
 * and is taken over with a message naming the old holder; so is one whose holder process is gone on
 * this very host, without waiting for the expiry.
 *
 * <p>What it guarantees per store: on local disk (an {@code O_EXCL} create) and HDFS ({@code
 * create(overwrite = false)} at the NameNode) taking the lock is atomic. On S3 hadoop-aws has no
 * conditional create: taking it is a check, a write, and a read back after {@link #S3_SETTLE}: of
 * two runs that start at the same moment, the one whose write landed first sees the other's and
 * backs off, unless a write takes longer than that.
 */
public final class RunLock implements AutoCloseable {
  public static final String FILE = "_reelhouse.lock";

  /** How long a run on S3 waits before reading its lock back. */
  static final Duration S3_SETTLE = Duration.ofSeconds(2);

  /** Name this run gives as its host (containers and tests; default: the machine's). */
  public static final String HOST_PROPERTY = "reelhouse.host";

  private static final Duration UNREADABLE_GRACE = Duration.ofMinutes(1);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);

  private final FileSystem fs;
  private final Path path;
  private final Holder holder;
  private final ScheduledExecutorService heartbeat;
  private boolean released;
  private volatile boolean lost;

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

  private RunLock(FileSystem fs, Path path, Holder holder, Duration lease) {
    this.fs = fs;
    this.path = path;
    this.holder = holder;
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "reelhouse-lock-heartbeat");
              t.setDaemon(true);
              return t;
            });
    long every = Math.max(1, lease.toMillis() / 4);
    heartbeat.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
  }

  /** Takes the lock in {@code dir} with a lease of two minutes. */
  public static RunLock acquire(Configuration conf, String dir, String command) {
    return acquire(conf, dir, command, Duration.ofMinutes(2));
  }

  /**
   * Takes the lock in {@code dir} or fails with {@link LockedException} naming its holder.
   *
   * @param lease how long the lock stays taken without a heartbeat (a killed run's lock expires)
   */
  public static RunLock acquire(Configuration conf, String dir, String command, Duration lease) {
    Path path = new Path(dir, FILE);
    Holder me = new Holder(command, ProcessHandle.current().pid(), hostName(), Instant.now());
    try {
      FileSystem fs = raw(path.getFileSystem(conf));
      fs.mkdirs(path.getParent());
      for (int attempt = 0; attempt < 2; attempt++) {
        if (create(fs, path, me) && stillOurs(fs, path, me)) {
          return new RunLock(fs, path, me, lease);
        }
        Holder other = read(fs, path);
        String stale = staleReason(fs, path, other, lease);
        if (stale == null) {
          throw new LockedException(
              "the warehouse "
                  + dir
                  + " is locked by "
                  + (other == null ? "another run" : other.describe())
                  + renewed(fs, path, lease)
                  + ": wait for it to finish; if that run is gone, its lease expires "
                  + lease.toSeconds()
                  + " s after its last renewal and the next run takes over "
                  + path);
        }
        if (setAside(fs, path, other)) {
          LOG.warn("Took over the lock {}: {}", path, stale);
        }
      }
      Holder other = read(fs, path);
      throw new LockedException(
          "the warehouse "
              + dir
              + " is locked by "
              + (other == null ? "another run" : other.describe())
              + " (taken while an expired lock was released); try again");
    } catch (IOException e) {
      throw new LockedException("cannot take the lock " + path + ": " + e.getMessage());
    }
  }

  /** ", last renewed N s ago", from the file's modification time (the store's clock). */
  private static String renewed(FileSystem fs, Path path, Duration lease) {
    try {
      long age = ageMillis(fs, path) / 1000;
      return ", last renewed " + age + " s ago (lease " + lease.toSeconds() + " s)";
    } catch (IOException e) {
      return "";
    }
  }

  private static long ageMillis(FileSystem fs, Path path) throws IOException {
    return System.currentTimeMillis() - fs.getFileStatus(path).getModificationTime();
  }

  /** Creates the lock file with our holder; false if it already exists. */
  private static boolean create(FileSystem fs, Path path, Holder me) throws IOException {
    if ("file".equals(fs.getUri().getScheme())) {
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

  /** On an object store, reads the lock back after a pause: another run's later write wins. */
  private static boolean stillOurs(FileSystem fs, Path path, Holder me) {
    if (!fs.getUri().getScheme().startsWith("s3")) {
      return true;
    }
    try {
      Thread.sleep(S3_SETTLE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return me.equals(read(fs, path));
  }

  private static byte[] json(Holder me) throws IOException {
    var n = JSON.createObjectNode();
    n.put("command", me.command());
    n.put("pid", me.pid());
    n.put("host", me.host());
    n.put("since", me.since().toString());
    n.put("renewed", Instant.now().toString());
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

  private static boolean sameHolder(Holder seen, Holder now) {
    return seen == null ? now == null : seen.equals(now);
  }

  /**
   * Moves an expired lock out of the way. Where rename is atomic (local disk, HDFS) it is renamed
   * to a name of its own, so of two runs taking over the same lock only one succeeds; on an object
   * store it is deleted if it still names the same holder, and the read-back after the create
   * settles which run got it.
   */
  private static boolean setAside(FileSystem fs, Path path, Holder expired) throws IOException {
    if (fs.getUri().getScheme().startsWith("s3")) {
      return sameHolder(expired, read(fs, path)) && fs.delete(path, false);
    }
    Path aside = new Path(path.getParent(), "." + FILE + ".expired-" + System.nanoTime());
    if (!fs.rename(path, aside)) {
      return false;
    }
    fs.delete(aside, false);
    return true;
  }

  /** The file system without Hadoop's checksum files (a lock is rewritten in place). */
  private static FileSystem raw(FileSystem fs) {
    return fs instanceof org.apache.hadoop.fs.ChecksumFileSystem c ? c.getRawFileSystem() : fs;
  }

  /** Why the lock may be taken over, or null if its holder may still be running. */
  private static String staleReason(FileSystem fs, Path path, Holder other, Duration lease)
      throws IOException {
    if (!fs.exists(path)) {
      return "it was just released";
    }
    long age = ageMillis(fs, path);
    if (other == null) {
      return age > UNREADABLE_GRACE.toMillis()
          ? "it names no holder and is " + age / 1000 + " s old (its writer died while taking it)"
          : null;
    }
    if (other.host().equals(hostName()) && ProcessHandle.of(other.pid()).isEmpty()) {
      return other.describe() + " is no longer running";
    }
    if (age > lease.toMillis()) {
      return "the lease of "
          + other.describe()
          + " expired: last renewed "
          + age / 1000
          + " s ago, lease "
          + lease.toSeconds()
          + " s";
    }
    return null;
  }

  static String hostName() {
    String named = System.getProperty(HOST_PROPERTY);
    if (named != null && !named.isBlank()) {
      return named;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  /**
   * Rewrites the lock (its heartbeat) while it is still ours. Any failure is logged and the next
   * beat tries again: an exception never ends the heartbeat.
   */
  private synchronized void renew() {
    if (released || lost) {
      return;
    }
    try {
      if (holder.equals(read(fs, path))) {
        try (var out = fs.create(path, true)) {
          out.write(json(holder));
        }
      } else {
        lost = true;
        LOG.error(
            "the lock {} no longer names this run (its lease expired and another run took it"
                + " over, or it was deleted): this run no longer holds the warehouse",
            path);
      }
    } catch (Exception e) {
      LOG.warn("cannot renew the lock {}: {}", path, e.getMessage());
    }
  }

  /** Whether the heartbeat found the lock taken by another run (this run's lease expired). */
  public boolean lost() {
    return lost;
  }

  public Holder holder() {
    return holder;
  }

  /** Stops the heartbeat and deletes the lock if it is still ours. */
  @Override
  public synchronized void close() {
    if (released) {
      return;
    }
    released = true;
    heartbeat.shutdownNow();
    try {
      Holder now = read(fs, path);
      if (now != null && now.pid() == holder.pid() && now.since().equals(holder.since())) {
        fs.delete(path, false);
      }
    } catch (IOException e) {
      // Left behind, it expires after its lease.
    }
  }
}
