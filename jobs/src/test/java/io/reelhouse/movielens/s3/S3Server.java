package io.reelhouse.movielens.s3;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real S3-compatible server (S3Proxy, filesystem backend) in its own process on a free loopback
 * port. Buckets are folders of its data directory. Stopped by {@link #close()}, and by a shutdown
 * hook if a test run dies first.
 */
public final class S3Server implements AutoCloseable {
  public static final String IDENTITY = "reelhouse-test";
  public static final String CREDENTIAL = "reelhouse-test-secret";

  private final Process process;
  private final int port;

  private S3Server(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static S3Server start(Path dir, String... buckets) {
    try {
      Path data = Files.createDirectories(dir.resolve("data"));
      for (String b : buckets) {
        Files.createDirectories(data.resolve(b));
      }
      int port = freePort();
      Path conf = dir.resolve("s3proxy.conf");
      Files.writeString(
          conf,
          String.join(
              "\n",
              "s3proxy.endpoint=http://127.0.0.1:" + port,
              "s3proxy.authorization=aws-v2-or-v4",
              "s3proxy.identity=" + IDENTITY,
              "s3proxy.credential=" + CREDENTIAL,
              "jclouds.provider=filesystem",
              "jclouds.filesystem.basedir=" + data));
      String jar = System.getProperty("s3proxy.jar");
      if (jar == null || !Files.isRegularFile(Path.of(jar))) {
        throw new IllegalStateException(
            "S3Proxy jar not found at " + jar + " (the build copies it there)");
      }
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process p =
          new ProcessBuilder(List.of(java.toString(), "-jar", jar, "--properties", conf.toString()))
              .redirectErrorStream(true)
              .start();
      S3Server server = new S3Server(p, port);
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
      server.awaitStarted();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the server's log until Jetty says the connector started; keeps draining it after. */
  private void awaitStarted() throws IOException {
    BufferedReader log =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line; (line = log.readLine()) != null; ) {
      seen.append(line).append('\n');
      if (line.contains("Started") && line.contains("ServerConnector")) {
        Thread drain = new Thread(() -> log.lines().forEach(l -> {}));
        drain.setDaemon(true);
        drain.start();
        return;
      }
    }
    throw new IllegalStateException("S3Proxy exited before it started:\n" + seen);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
