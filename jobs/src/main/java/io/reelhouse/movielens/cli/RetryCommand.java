package io.reelhouse.movielens.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelhouse.config.Settings;
import io.reelhouse.model.Project;
import io.reelhouse.model.selection.Node;
import io.reelhouse.model.selection.NodeGraph;
import io.reelhouse.model.selection.ResourceType;
import io.reelhouse.spark.HadoopSettings;
import io.reelhouse.storage.TargetDir;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * dbt retry: reruns the nodes of the last run that failed or were skipped, with that run's
 * arguments, from {@code target/run_results.json}; the models after them in the DAG run as the
 * skipped ones did.
 */
@Command(
    name = "retry",
    mixinStandardHelpOptions = true,
    description =
        "Rerun the models (and tests) that failed or were skipped in the last run, with its"
            + " arguments (read from target/run_results.json).")
final class RetryCommand extends ProjectCommand {
  private static final Set<String> RERUN = Set.of("error", "skipped", "fail", "runtime error");
  private static final Set<String> COMMANDS = Set.of("build", "run", "seed", "snapshot", "test");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  @ParentCommand Main main;

  @Override
  int call(Settings s, Project project) throws IOException {
    TargetDir target =
        TargetDir.at(s.targetPath(), HadoopSettings.apply(new Configuration(), s, false));
    String file = target.uri("run_results.json");
    byte[] bytes =
        target
            .read("run_results.json")
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "nothing to retry: no earlier run's results at "
                            + file
                            + " (run build, run, seed, snapshot or test first)"));
    JsonNode last;
    try {
      last = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot retry: " + file + " is not valid JSON: " + e.getMessage());
    }
    String which = last.path("args").path("which").asText("");
    if (!COMMANDS.contains(which)) {
      throw new IllegalArgumentException(
          "cannot retry: "
              + file
              + " has no args.which naming the command that wrote it (one of "
              + String.join(", ", new java.util.TreeSet<>(COMMANDS))
              + ")");
    }
    NodeGraph graph = NodeGraph.of(project);
    Map<String, Node> byId = new LinkedHashMap<>();
    graph.nodes().forEach(n -> byId.put(n.uniqueId(), n));
    Set<String> models = new LinkedHashSet<>();
    Map<String, List<String>> rules = new LinkedHashMap<>();
    for (JsonNode r : last.path("results")) {
      if (!RERUN.contains(r.path("status").asText())) {
        continue;
      }
      Node n = byId.get(r.path("unique_id").asText());
      if (n == null) {
        throw new IllegalArgumentException(
            "cannot retry: "
                + file
                + " names "
                + r.path("unique_id").asText()
                + ", which is not a node of project "
                + project.name());
      }
      if (n.type() == ResourceType.TEST) {
        rules.computeIfAbsent(n.model(), k -> new ArrayList<>()).add(n.rule());
      } else if (n.model() != null) {
        models.add(n.model());
      }
    }
    if (which.equals("test")) {
      // A model whose rules could not run at all (its table missing) is an error of its own.
      for (String model : models) {
        rules.put(
            model,
            project.require(model).info().rules().stream()
                .map(io.reelhouse.quality.Rule::name)
                .toList());
      }
    }
    if (models.isEmpty() && rules.isEmpty()) {
      main.out.println("Nothing to retry: every node of the last " + which + " succeeded.");
      return Main.OK;
    }
    main.out.println("Retrying the last " + which + " (" + file + ")");
    // The same settings as the run retried (env, --conf, -D), unless given here; the new results
    // say which run they retry.
    settings.adopt(last.path("args"), file);
    Settings again = settings.load();
    Map<String, Object> args = new LinkedHashMap<>(JSON.convertValue(last.get("args"), MAP));
    args.put("retry_of", last.path("metadata").path("invocation_id").asText());
    if (which.equals("test")) {
      return TestCommand.runTests(main, again, project, rules, args);
    }
    // A model whose rules failed is rerun whole: its rules run with it.
    models.addAll(rules.keySet());
    List<String> selected = project.dag().order().stream().filter(models::contains).toList();
    return ModelsCommand.runModels(
        main,
        again,
        project,
        which,
        selected,
        last.path("args").path("full_refresh").asBoolean(false),
        last.path("args").path("full_refresh_snapshots").asBoolean(false),
        args);
  }
}
