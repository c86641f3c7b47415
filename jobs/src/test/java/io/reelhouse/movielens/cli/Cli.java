package io.reelhouse.movielens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelhouse.testing.LogCapture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the command line in process on conf/local.conf, with every path under a test's folder and
 * Spark joining the test JVM's session ({@code -Dspark.local-master=}).
 */
public final class Cli {
  private Cli() {}

  public record Result(int code, String out, String err) {
    public List<String> errLines() {
      return err.lines().toList();
    }
  }

  public static Result run(Path home, String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.isEmpty() && !List.of("generate", "--help", "biuld").contains(all.get(0))) {
      all.addAll(List.of("--conf-dir", Path.of("..", "conf").toString(), "-Dhome=" + home));
      defaultUnlessGiven(all, "seeds.path", Path.of("..", "seeds").toAbsolutePath().toString());
      defaultUnlessGiven(all, "spark.local-master", "");
    }
    int code;
    String logged;
    // Reelhouse's diagnostics go through SLF4J to stderr, as bin/reelhouse's log4j2 config sends
    // them; here they are collected into the result's err after what the command printed there.
    try (LogCapture logs = LogCapture.start()) {
      code =
          Main.execute(
              all.toArray(String[]::new),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      logged = logs.text("io.reelhouse");
    }
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8) + logged);
  }

  private static void defaultUnlessGiven(List<String> args, String key, String value) {
    if (args.stream().noneMatch(a -> a.startsWith("-D" + key + "="))) {
      args.add("-D" + key + "=" + value);
    }
  }

  /** The last run's run_results.json, by model name. */
  public static Map<String, JsonNode> runResults(Path home) {
    try {
      JsonNode json = new ObjectMapper().readTree(home.resolve("target/run_results.json").toFile());
      return new HashMap<>(io.reelhouse.run.RunResultsListener.byModel(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rule outcomes of a model in the last run, by rule name: "pass", "fail" or "warn". */
  public static Map<String, String> ruleStatus(Path home, String model) {
    Map<String, String> out = new HashMap<>();
    runResults(home)
        .get(model)
        .get("rules")
        .forEach(r -> out.put(r.get("name").asText(), r.get("status").asText()));
    return out;
  }
}
