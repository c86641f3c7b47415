package io.reelhouse.movielens.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelhouse.model.Materialization;
import io.reelhouse.model.Model;
import io.reelhouse.model.Project;
import io.reelhouse.model.Selection;
import io.reelhouse.movielens.MovieLensProject;
import io.reelhouse.movielens.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * The schedules name main classes, commands and selections that exist, and the Databricks job's
 * task dependencies follow the model DAG: a renamed model breaks the build, not the schedule.
 * (databricks.yml as the Databricks CLI reads it: DatabricksBundleTest.)
 */
class DeployDefinitionsTest {
  private static final Path ROOT = Path.of("..");
  private final Project project = MovieLensProject.create();

  /** Parses the arguments as the command line would, and resolves their selection. */
  private List<String> selectedBy(List<String> args) {
    var sink = new PrintStream(new ByteArrayOutputStream());
    CommandLine cli = Main.commandLine(sink, sink);
    CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
    CommandLine.ParseResult sub = parsed.subcommand();
    assertThat(sub).as("a command in " + args).isNotNull();
    List<String> select = sub.matchedOptionValue("--select", List.of());
    return Selection.select(project, select, List.of());
  }

  private static void mainClassExists(String name) {
    assertThatCode(() -> Class.forName(name)).as(name).doesNotThrowAnyException();
  }

  @Test
  @SuppressWarnings("unchecked")
  void databricksTasksNameRealCommandsAndFollowTheDag() throws IOException {
    Map<String, Object> bundle = new Yaml().load(Files.readString(ROOT.resolve("databricks.yml")));
    var jobs = (Map<String, Object>) ((Map<String, Object>) bundle.get("resources")).get("jobs");
    var job = (Map<String, Object>) jobs.get("reelhouse");
    var cluster =
        (Map<String, Object>)
            ((List<Map<String, Object>>) job.get("job_clusters")).get(0).get("new_cluster");
    assertThat(cluster.get("spark_version")).isEqualTo("16.4.x-scala2.12");
    assertThat(job).containsKey("schedule");

    Map<String, Set<String>> layersOfTask = new HashMap<>();
    Map<String, Set<String>> dependsOn = new HashMap<>();
    Map<String, String> commandOf = new HashMap<>();
    Set<String> covered = new HashSet<>();
    for (var task : (List<Map<String, Object>>) job.get("tasks")) {
      String key = (String) task.get("task_key");
      var jar = (Map<String, Object>) task.get("spark_jar_task");
      mainClassExists((String) jar.get("main_class_name"));
      List<String> params = (List<String>) jar.get("parameters");
      commandOf.put(key, params.get(0));
      List<String> models = selectedBy(params);
      Set<String> layers = new HashSet<>();
      if (!params.get(0).equals("test")) {
        for (String m : models) {
          layers.add(project.require(m).info().layer());
          covered.add(m);
        }
      }
      layersOfTask.put(key, layers);
      Set<String> deps = new HashSet<>();
      for (var d : (List<Map<String, Object>>) task.getOrDefault("depends_on", List.of())) {
        deps.add((String) d.get("task_key"));
      }
      dependsOn.put(key, deps);
    }
    // Every model that runs (not views or ephemerals, built inline) is in some task.
    for (Model m : project.models()) {
      var mat = m.info().materialization();
      if (mat != Materialization.VIEW && mat != Materialization.EPHEMERAL) {
        assertThat(covered).as("a task builds " + m.name()).contains(m.name());
      }
    }
    // A task depends exactly on the tasks of the layers its models read (published ones).
    for (var e : layersOfTask.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      Set<String> needed = new HashSet<>();
      for (var other : layersOfTask.entrySet()) {
        if (!other.getKey().equals(e.getKey()) && readsFrom(e.getValue(), other.getValue())) {
          needed.add(other.getKey());
        }
      }
      assertThat(dependsOn.get(e.getKey()))
          .as("depends_on of task " + e.getKey())
          .isEqualTo(needed);
    }
    // A task that only tests published tables runs after a task that builds them.
    commandOf.forEach(
        (task, command) -> {
          if (command.equals("test")) {
            assertThat(dependsOn.get(task)).as("depends_on of test task " + task).isNotEmpty();
          }
        });
    assertThat(commandOf.values())
        .as("a task builds (build audits each model before publishing it)")
        .contains("build");
  }

  /** Whether a model of these layers reads (refs, relationships) a published model of those. */
  private boolean readsFrom(Set<String> layers, Set<String> upstreamLayers) {
    for (Model m : project.models()) {
      if (!layers.contains(m.info().layer())
          || m.info().materialization() == Materialization.EPHEMERAL) {
        continue;
      }
      for (String up : upstreamOf(m.name())) {
        Model u = project.require(up);
        if (u.info().materialization().isPublished()
            && upstreamLayers.contains(u.info().layer())
            && !layers.contains(u.info().layer())) {
          return true;
        }
      }
    }
    return false;
  }

  /** Direct parents, looking through views (built inline in the same task). */
  private List<String> upstreamOf(String model) {
    List<String> out = new ArrayList<>();
    for (String p : project.dag().parents(model)) {
      if (project.require(p).info().materialization() == Materialization.VIEW) {
        out.addAll(upstreamOf(p));
      } else {
        out.add(p);
      }
    }
    return out;
  }

  @Test
  void emrStepsAndTheServerlessDriverNameRealCommands() throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode steps = json.readTree(ROOT.resolve("deploy/emr/steps.json").toFile());
    Set<String> built = new HashSet<>();
    for (JsonNode step : steps) {
      List<String> args = new ArrayList<>();
      step.get("Args").forEach(a -> args.add(a.asText()));
      assertThat(args.subList(0, 3)).containsExactly("spark-submit", "--deploy-mode", "cluster");
      mainClassExists(args.get(args.indexOf("--class") + 1));
      int jar = indexOfJar(args);
      built.addAll(selectedBy(args.subList(jar + 1, args.size())));
    }
    assertThat(built)
        .contains("seed_movie_release_dates", "fct_ratings", "mart_movie_releases", "snap_tags");

    JsonNode driver =
        json.readTree(ROOT.resolve("deploy/emr/serverless-job-driver.json").toFile())
            .get("sparkSubmit");
    assertThat(driver.get("entryPoint").asText()).endsWith("-cluster.jar");
    String params = driver.get("sparkSubmitParameters").asText();
    mainClassExists(params.split("--class ")[1].split(" ")[0]);
    List<String> args = new ArrayList<>();
    driver.get("entryPointArguments").forEach(a -> args.add(a.asText()));
    assertThat(selectedBy(args)).hasSize(project.models().size());
  }

  private static int indexOfJar(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).endsWith(".jar")) {
        return i;
      }
    }
    throw new AssertionError("no jar in " + args);
  }
}
