package io.reelhouse.movielens.deploy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster for the tests: a Master and two Workers, each its own JVM, run
 * from the Spark, Scala, Hadoop and Delta jars Maven resolved (a SPARK_HOME of a {@code RELEASE}
 * file and a {@code jars/} folder of links is all Spark needs to launch executor and driver JVMs).
 *
 * <p>It stands in for an EMR cluster. What EMR provides is set as EMR sets it, in {@code
 * conf/spark-defaults.conf} and the nodes' environment: the master URL, {@code s3://} served by the
 * s3a connector as EMRFS serves it, the store's endpoint, the nodes' credentials (the instance
 * profile), Java 17's module options for the driver, and spark-submit waiting for the application
 * as YARN's cluster mode does. Steps are submitted with {@code
 * org.apache.spark.deploy.SparkSubmit}, spark-submit without its shell script.
 */
final class SparkCluster implements AutoCloseable {
  /** Groups the cluster jar leaves out because every Spark installation ships them. */
  static final List<String> PLATFORM_GROUPS =
      List.of(
          "/org/scala-lang/",
          "/org/scalanlp/",
          "/org/typelevel/",
          "/dev/ludovic/netlib/",
          "/net/sourceforge/f2j/",
          "/org/apache/commons/commons-math3/",
          "/com/github/wendykierp/",
          "/pl/edu/icm/",
          "/net/sf/opencsv/",
          "/org/slf4j/");

  private static final Pattern SUBMITTED = Pattern.compile("submitted as (driver-\\S+)");
  private static final Pattern STATE = Pattern.compile("State of driver (driver-\\S+) is (\\w+)");
  private static final Pattern APP = Pattern.compile("app ID (app-\\S+)");

  private final Path home;
  private final Path dir;
  private final Map<String, String> env;
  private final List<Process> processes = new ArrayList<>();
  private final List<Path> workDirs = new ArrayList<>();
  private int webUiPort;

  /**
   * One spark-submit and what it left: the client's exit code and log, the driver's id and final
   * state as the Master reported it, and the driver's own output from its Worker.
   */
  record Submission(
      int exitCode,
      String clientLog,
      String driverId,
      String state,
      String driverOut,
      String appId) {
    boolean finished() {
      return "FINISHED".equals(state);
    }

    String describe() {
      return "driver "
          + driverId
          + " ended "
          + state
          + " (spark-submit exit "
          + exitCode
          + ")\n--- driver output ---\n"
          + driverOut
          + "\n--- spark-submit ---\n"
          + clientLog.lines().filter(l -> !l.contains(" INFO ")).reduce("", (a, b) -> a + b + "\n");
    }
  }

  private SparkCluster(Path dir, Path home, Map<String, String> env) {
    this.dir = dir;
    this.home = home;
    this.env = env;
  }

  /**
   * Starts a Master and two Workers under {@code dir}.
   *
   * @param defaults spark-defaults.conf entries the platform provides (besides the master URL)
   * @param nodeEnv environment of every node (credentials, as an instance profile gives them)
   */
  static SparkCluster start(Path dir, Map<String, String> defaults, Map<String, String> nodeEnv)
      throws IOException, InterruptedException {
    Path home = Files.createDirectories(dir.resolve("spark-home"));
    Files.writeString(home.resolve("RELEASE"), "Spark 3.5 (Maven's jars)\n");
    Path jars = Files.createDirectories(home.resolve("jars"));
    for (String jar : platformJars()) {
      Path link = jars.resolve(Path.of(jar).getFileName());
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, Path.of(jar));
      }
    }
    int port = freePort();
    Map<String, String> env = new LinkedHashMap<>(nodeEnv);
    env.put("SPARK_HOME", home.toString());
    env.put("SPARK_SCALA_VERSION", "2.12");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    SparkCluster cluster = new SparkCluster(dir, home, env);
    Map<String, String> all = new LinkedHashMap<>();
    all.put("spark.master", "spark://127.0.0.1:" + port);
    all.putAll(defaults);
    Path conf = Files.createDirectories(home.resolve("conf"));
    StringBuilder text = new StringBuilder();
    all.forEach((k, v) -> text.append(k).append(' ').append(v).append('\n'));
    Files.writeString(conf.resolve("spark-defaults.conf"), text.toString());
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));

    cluster.webUiPort = freePort();
    cluster.daemon(
        "master",
        "org.apache.spark.deploy.master.Master",
        "--host",
        "127.0.0.1",
        "--port",
        String.valueOf(port),
        "--webui-port",
        String.valueOf(cluster.webUiPort));
    for (int i = 1; i <= 2; i++) {
      Path work = Files.createDirectories(dir.resolve("worker-" + i));
      cluster.workDirs.add(work);
      cluster.daemon(
          "worker-" + i,
          "org.apache.spark.deploy.worker.Worker",
          "--host",
          "127.0.0.1",
          "--cores",
          "2",
          "--memory",
          "3g",
          "--webui-port",
          "0",
          "--work-dir",
          work.toString(),
          "spark://127.0.0.1:" + port);
    }
    cluster.awaitWorkers(2, Duration.ofMinutes(3));
    return cluster;
  }

  /** Spark's own jars and what a Spark installation ships beside them, as Maven resolved them. */
  private static List<String> platformJars() throws IOException {
    List<String> jars = new ArrayList<>();
    for (String jar :
        Files.readString(Path.of(System.getProperty("provided.classpath")))
            .strip()
            .split(java.io.File.pathSeparator)) {
      jars.add(jar);
    }
    for (String jar :
        Files.readString(Path.of(System.getProperty("compile.classpath")))
            .strip()
            .split(java.io.File.pathSeparator)) {
      if (PLATFORM_GROUPS.stream().anyMatch(jar::contains)) {
        jars.add(jar);
      }
    }
    return jars;
  }

  /** Java 17's module options Spark needs (the build's list, without its time zone). */
  static String moduleOptions() {
    return System.getProperty("jvm.flags").trim().replace("-Duser.timezone=UTC", "").trim();
  }

  private List<String> java(String heap, String mainClass, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(moduleOptions().split("\\s+")));
    cmd.add(heap);
    cmd.add("-cp");
    cmd.add(home.resolve("conf") + java.io.File.pathSeparator + home.resolve("jars") + "/*");
    cmd.add(mainClass);
    cmd.addAll(args);
    return cmd;
  }

  private void daemon(String name, String mainClass, String... args) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(java("-Xmx256m", mainClass, List.of(args)))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile());
    pb.environment().putAll(env);
    processes.add(pb.start());
  }

  private void awaitWorkers(int count, Duration max) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + max.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        last =
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webUiPort + "/json/"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        if (last.replaceAll("\\s", "").contains("\"aliveworkers\":" + count)) {
          return;
        }
      } catch (IOException e) {
        // the Master's UI is not up yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "the cluster did not get " + count + " workers within " + max + ": " + last);
  }

  /**
   * Runs spark-submit with these arguments (everything after the word {@code spark-submit} of an
   * EMR step) and waits for the driver to end.
   *
   * @param submitterEnv environment of the spark-submit process besides the node's
   */
  Submission submit(List<String> args, Map<String, String> submitterEnv)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile(dir, "submit-", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(java("-Xmx512m", "org.apache.spark.deploy.SparkSubmit", args))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    pb.environment().putAll(submitterEnv);
    Process p = pb.start();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("spark-submit did not end within 15 minutes: " + log);
    }
    String clientLog = Files.readString(log, StandardCharsets.UTF_8);
    String driverId = find(SUBMITTED, clientLog, 1);
    String state = null;
    for (Matcher m = STATE.matcher(clientLog); m.find(); ) {
      state = m.group(2);
    }
    String out = "";
    String appId = null;
    Path driverDir = driverId == null ? null : driverDir(driverId);
    if (driverDir != null) {
      String stdout = read(driverDir.resolve("stdout"));
      String stderr = read(driverDir.resolve("stderr"));
      appId = find(APP, stderr, 1);
      out =
          stdout
              + stderr
                  .lines()
                  .filter(l -> !l.contains(" INFO ") && !l.startsWith("Launch Command"))
                  .reduce("", (a, b) -> a + b + "\n");
    }
    return new Submission(p.exitValue(), clientLog, driverId, state, out, appId);
  }

  /** The Worker's folder of a driver: its jar, stdout and stderr. */
  Path driverDir(String driverId) throws IOException {
    for (Path w : workDirs) {
      Path d = w.resolve(driverId);
      if (Files.isDirectory(d)) {
        return d;
      }
    }
    return null;
  }

  /** Executor JVMs the Workers launched for an application (each has a folder of its own). */
  int executorJvms(String appId) throws IOException {
    int n = 0;
    for (Path w : workDirs) {
      Path app = w.resolve(appId);
      if (Files.isDirectory(app)) {
        try (Stream<Path> execs = Files.list(app)) {
          n += (int) execs.filter(Files::isDirectory).count();
        }
      }
    }
    return n;
  }

  /** Every file under the Workers' folders (drivers' and executors' working directories). */
  List<Path> workerFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path w : workDirs) {
      try (Stream<Path> all = Files.walk(w)) {
        all.filter(Files::isRegularFile).forEach(files::add);
      }
    }
    return files;
  }

  private static String find(Pattern p, String text, int group) {
    Matcher m = p.matcher(text);
    return m.find() ? m.group(group) : null;
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // Drivers and executors the Workers started end with them; kill any left behind.
    ProcessHandle.current()
        .descendants()
        .filter(h -> h.info().commandLine().orElse("").contains(home.toString()))
        .forEach(ProcessHandle::destroyForcibly);
  }
}
