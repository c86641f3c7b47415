package io.reelhouse.movielens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelhouse.Workspace;
import io.reelhouse.config.Settings;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.model.Project;
import io.reelhouse.model.selection.Node;
import io.reelhouse.model.selection.ResourceType;
import io.reelhouse.movielens.MovieLensProject;
import io.reelhouse.warehouse.SchemaNaming;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Lists the selected nodes (dbt ls); needs no Spark. Without --output it prints Reelhouse's table
 * of models; {@code --output name|path|selector|json} print dbt's lines, one node per line sorted
 * by unique id, for every resource type unless --resource-type narrows them.
 */
@Command(
    name = "ls",
    aliases = "list",
    mixinStandardHelpOptions = true,
    description =
        "List models (name, layer, materialization, table, grain), or any node as dbt ls.")
final class LsCommand implements Callable<Integer> {
  private static final Set<ResourceType> MODELS =
      Set.of(ResourceType.MODEL, ResourceType.SEED, ResourceType.SNAPSHOT);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin SettingsOptions settings;

  @ParentCommand Main main;

  @Mixin SelectionOptions selection;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "dbt's output: name, path, selector or json (default: the table of models).")
  String output;

  @Option(
      names = "--output-keys",
      paramLabel = "KEY",
      split = ",",
      description = "With --output json: the keys to print (default: dbt's).")
  List<String> outputKeys = new ArrayList<>();

  @Override
  public Integer call() {
    if (output != null && !List.of("name", "path", "selector", "json").contains(output)) {
      throw new IllegalArgumentException(
          "--output must be name, path, selector or json, got '" + output + "'");
    }
    Settings s = settings.load();
    Project project = MovieLensProject.create();
    List<Node> nodes = selection.resolve(project, settings, main.err).nodes();
    if (output == null) {
      table(s, project, selection.typesGiven() ? nodes : models(nodes));
      return Main.OK;
    }
    List<Node> sorted = nodes.stream().sorted(Comparator.comparing(Node::uniqueId)).toList();
    if (sorted.isEmpty()) {
      main.err.println("warning: No nodes selected!");
    }
    for (Node n : sorted) {
      main.out.println(
          switch (output) {
            case "name" -> n.searchName();
            case "path" -> n.path();
            case "selector" -> n.selector();
            default -> json(n);
          });
    }
    return Main.OK;
  }

  private static List<Node> models(List<Node> nodes) {
    return nodes.stream().filter(n -> MODELS.contains(n.type())).toList();
  }

  /** dbt's ls --output json keys: name, resource_type, ..., depends_on. */
  private String json(Node n) {
    ObjectNode o = JSON.createObjectNode();
    o.put("name", n.name());
    o.put("resource_type", n.type().label());
    o.put("package_name", n.packageName());
    if (n.type() == ResourceType.SOURCE) {
      o.put("source_name", n.sourceName());
    }
    o.put("original_file_path", n.path());
    o.put("unique_id", n.uniqueId());
    o.put("alias", n.name());
    ObjectNode config = o.putObject("config");
    config.put("enabled", true);
    if (n.materialized() != null) {
      config.put("materialized", n.materialized());
    }
    if (n.severity() != null) {
      config.put("severity", n.severity().toUpperCase(Locale.ROOT));
    }
    if (!n.uniqueKey().isEmpty()) {
      ArrayNode key = config.putArray("unique_key");
      n.uniqueKey().forEach(key::add);
    }
    n.tags().forEach(config.putArray("tags")::add);
    ArrayNode tags = o.putArray("tags");
    n.tags().forEach(tags::add);
    ObjectNode dependsOn = o.putObject("depends_on");
    dependsOn.putArray("macros");
    ArrayNode parents = dependsOn.putArray("nodes");
    n.dependsOn().forEach(parents::add);
    if (!outputKeys.isEmpty()) {
      o.retain(outputKeys);
    }
    return o.toString();
  }

  private void table(Settings s, Project project, List<Node> nodes) {
    SchemaNaming naming = Workspace.naming(s);
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"MODEL", "LAYER", "MATERIALIZATION", "TABLE", "GRAIN"});
    for (Node n : nodes) {
      if (n.type() == ResourceType.SOURCE) {
        rows.add(new String[] {n.searchName(), "-", "source", "-", n.path()});
      } else if (n.type() == ResourceType.TEST) {
        rows.add(new String[] {n.name(), n.fqn().get(1), "test", "-", n.model() + " " + n.rule()});
      } else {
        ModelInfo info = project.require(n.name()).info();
        String table =
            info.materialization().isPublished()
                ? naming.table(info.layer(), info.name()).qualified()
                : "-";
        rows.add(
            new String[] {
              n.name(),
              info.layer(),
              info.materialization().label(),
              table,
              grain(info.description())
            });
      }
    }
    int[] width = new int[4];
    for (String[] r : rows) {
      for (int i = 0; i < 4; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      main.out.println(
          String.format(
              Locale.ROOT,
              "%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %-" + width[3]
                  + "s  %s",
              (Object[]) r));
    }
  }

  /** The first sentence of a description: its grain. */
  private static String grain(String description) {
    int stop = description.indexOf(": ");
    int dot = description.indexOf(". ");
    int end = description.length();
    if (stop > 0) {
      end = Math.min(end, stop);
    }
    if (dot > 0) {
      end = Math.min(end, dot);
    }
    String g = description.substring(0, end);
    return g.endsWith(".") ? g.substring(0, g.length() - 1) : g;
  }
}
