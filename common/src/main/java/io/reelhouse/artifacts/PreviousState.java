package io.reelhouse.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelhouse.model.Project;
import io.reelhouse.model.selection.InvalidSelectorException;
import io.reelhouse.model.selection.NodeGraph;
import io.reelhouse.model.selection.SelectorMethod;
import io.reelhouse.warehouse.SchemaNaming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An earlier run's artifacts, read for {@code --state DIR} (dbt's state comparison): its {@code
 * manifest.json} (required) and, if there, its {@code run_results.json}. It gives the selector
 * methods {@code state:} (new, old, modified, unmodified, modified.body, modified.configs: the
 * earlier manifest's checksums and configs against the project's) and {@code result:} (the earlier
 * run's status of each node: success, error, skipped, pass, fail, warn, no-op).
 *
 * <p>Everything is checked when it is read, before any Spark work: a missing or unreadable file, a
 * file that is not a manifest, or a manifest of another project fails naming the file.
 *
 * <pre>{@code
 * Selection.resolve(project, request, PreviousState.read(Path.of("prod-target"), project).methods());
 * }</pre>
 */
public final class PreviousState {
  private static final List<String> STATE =
      List.of("new", "old", "modified", "unmodified", "modified.body", "modified.configs");
  private static final List<String> RESULTS =
      List.of("success", "error", "skipped", "pass", "fail", "warn", "no-op");

  private final Path dir;
  private final Map<String, JsonNode> before = new HashMap<>();
  private final Map<String, JsonNode> now = new HashMap<>();
  private final Map<String, String> statuses;

  private PreviousState(Path dir, JsonNode manifest, JsonNode current, Map<String, String> st) {
    this.dir = dir;
    this.statuses = st;
    nodes(manifest, before);
    nodes(current, now);
  }

  /**
   * Reads {@code dir}'s artifacts for {@code project}.
   *
   * @throws IllegalArgumentException naming the file, when it is missing, not JSON, not a manifest,
   *     or of another project
   */
  public static PreviousState read(Path dir, Project project) {
    Path file = dir.resolve(Manifest.FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "--state "
              + dir
              + ": no "
              + file
              + " (point --state at the target folder of an earlier run, which holds its"
              + " manifest.json)");
    }
    JsonNode manifest = json(file);
    String schema = manifest.path("metadata").path("dbt_schema_version").asText("");
    if (!schema.contains("/manifest/")) {
      throw new IllegalArgumentException(
          "--state: "
              + file
              + " is not a dbt manifest (metadata.dbt_schema_version is '"
              + schema
              + "')");
    }
    String name = manifest.path("metadata").path("project_name").asText("");
    if (!name.equals(project.name())) {
      throw new IllegalArgumentException(
          "--state: "
              + file
              + " is the manifest of project '"
              + name
              + "', not '"
              + project.name()
              + "'");
    }
    for (String section : List.of("nodes", "sources")) {
      for (Iterator<String> ids = manifest.path(section).fieldNames(); ids.hasNext(); ) {
        String id = ids.next();
        String[] parts = id.split("\\.");
        if (parts.length < 3 || !parts[1].equals(project.name())) {
          throw new IllegalArgumentException(
              "--state: "
                  + file
                  + " holds "
                  + id
                  + ", a node of another project than '"
                  + project.name()
                  + "'");
        }
      }
    }
    Path results = dir.resolve("run_results.json");
    Map<String, String> statuses = null;
    if (Files.isRegularFile(results)) {
      statuses = new HashMap<>();
      for (JsonNode r : json(results).path("results")) {
        statuses.put(r.path("unique_id").asText(), r.path("status").asText());
      }
    }
    // Schema names do not enter the comparison: only checksums, configs and source columns do.
    JsonNode current =
        new Manifest(project, new SchemaNaming("state", true), null).json(null, null);
    return new PreviousState(dir, manifest, current, statuses);
  }

  /** The methods {@code state} and {@code result}, for {@code Selection.resolve}. */
  public Map<String, SelectorMethod> methods() {
    return Map.of("state", this::state, "result", this::result);
  }

  private Set<String> state(NodeGraph graph, List<String> arguments, String value) {
    if (!arguments.isEmpty() || !STATE.contains(value)) {
      throw new InvalidSelectorException(
          "invalid selector 'state:" + value + "': state: takes " + String.join(", ", STATE));
    }
    Set<String> out = new LinkedHashSet<>();
    for (var n : graph.nodes()) {
      String id = n.uniqueId();
      JsonNode old = before.get(id);
      boolean selected =
          switch (value) {
            case "new" -> old == null;
            case "old" -> old != null;
            case "modified" -> old == null || bodyChanged(id) || configChanged(id);
            case "unmodified" -> old != null && !bodyChanged(id) && !configChanged(id);
            case "modified.body" -> old == null || bodyChanged(id);
            default -> old == null || configChanged(id);
          };
      if (selected) {
        out.add(id);
      }
    }
    return out;
  }

  private Set<String> result(NodeGraph graph, List<String> arguments, String value) {
    if (!arguments.isEmpty() || !RESULTS.contains(value)) {
      throw new InvalidSelectorException(
          "invalid selector 'result:" + value + "': result: takes " + String.join(", ", RESULTS));
    }
    if (statuses == null) {
      throw new IllegalArgumentException(
          "result:"
              + value
              + " reads the earlier run's results, and there is no "
              + dir.resolve("run_results.json"));
    }
    Set<String> out = new LinkedHashSet<>();
    for (var n : graph.nodes()) {
      if (value.equals(statuses.get(n.uniqueId()))) {
        out.add(n.uniqueId());
      }
    }
    return out;
  }

  /** A model's or test's checksum; a source's file and columns (sources have no checksum). */
  private boolean bodyChanged(String id) {
    JsonNode a = before.get(id);
    JsonNode b = now.get(id);
    if (id.startsWith("source.")) {
      return !a.path("identifier").equals(b.path("identifier"))
          || !a.path("columns").equals(b.path("columns"))
          || !a.path("loaded_at_field").equals(b.path("loaded_at_field"));
    }
    return !a.path("checksum").path("checksum").equals(b.path("checksum").path("checksum"));
  }

  private boolean configChanged(String id) {
    return !before.get(id).path("config").equals(now.get(id).path("config"));
  }

  private static void nodes(JsonNode manifest, Map<String, JsonNode> into) {
    for (String section : List.of("nodes", "sources")) {
      manifest.path(section).fields().forEachRemaining(e -> into.put(e.getKey(), e.getValue()));
    }
  }

  private static JsonNode json(Path file) {
    try {
      return Artifacts.JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--state: cannot read "
              + file
              + " as JSON: "
              + e.getMessage().lines().findFirst().orElse(""));
    }
  }
}
