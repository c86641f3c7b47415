package io.reelhouse.artifacts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelhouse.model.Project;
import io.reelhouse.model.selection.Node;
import io.reelhouse.model.selection.NodeGraph;
import io.reelhouse.model.selection.ResourceType;
import io.reelhouse.storage.TargetDir;
import io.reelhouse.warehouse.SchemaNaming;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code target/manifest.json} in dbt's manifest v12 shape, from the project's declarations alone
 * (no Spark): models, seeds and snapshots in {@code nodes} with their checksum, config, columns and
 * {@code depends_on}; each quality rule as a test node attached to its model; the raw files in
 * {@code sources}; {@code parent_map} and {@code child_map}. The selection graph ({@link
 * NodeGraph}) gives every id, so they match run_results.json's.
 *
 * <pre>{@code
 * new Manifest(project, Workspace.naming(settings), "delta").write(target, invocationId, start);
 * }</pre>
 */
public final class Manifest {
  public static final String SCHEMA = "https://schemas.getdbt.com/dbt/manifest/v12.json";
  public static final String FILE = "manifest.json";

  /** The sections manifest v12 requires that this project has nothing in. */
  private static final List<String> EMPTY =
      List.of(
          "macros",
          "docs",
          "exposures",
          "metrics",
          "groups",
          "selectors",
          "disabled",
          "group_map",
          "saved_queries",
          "semantic_models",
          "unit_tests");

  private final Project project;
  private final SchemaNaming naming;
  private final String adapterType;

  /**
   * @param adapterType the warehouse, as {@code warehouse.type} names it (delta, snowflake)
   */
  public Manifest(Project project, SchemaNaming naming, String adapterType) {
    this.project = project;
    this.naming = naming;
    this.adapterType = adapterType;
  }

  /** The manifest of the invocation {@code invocationId} that started at {@code startedAt}. */
  public ObjectNode json(String invocationId, Instant startedAt) {
    ObjectNode root = Artifacts.withMetadata(SCHEMA, invocationId, startedAt);
    ObjectNode meta = (ObjectNode) root.get("metadata");
    meta.put("project_name", project.name());
    // dbt's project_id: the md5 of the project's name.
    meta.put("project_id", Artifacts.hex("MD5", project.name().getBytes(StandardCharsets.UTF_8)));
    meta.put("adapter_type", adapterType);
    meta.put("send_anonymous_usage_stats", false);
    ObjectNode nodes = root.putObject("nodes");
    ObjectNode sources = root.putObject("sources");
    ManifestNodes shapes = new ManifestNodes(project, naming);
    NodeGraph graph = NodeGraph.of(project);
    Map<String, List<String>> children = new LinkedHashMap<>();
    for (Node n : graph.nodes()) {
      (n.type() == ResourceType.SOURCE ? sources : nodes).set(n.uniqueId(), shapes.node(n));
      children.put(n.uniqueId(), new ArrayList<>());
    }
    ObjectNode parentMap = root.putObject("parent_map");
    for (Node n : graph.nodes()) {
      n.dependsOn().forEach(p -> children.get(p).add(n.uniqueId()));
      n.dependsOn().forEach(parentMap.putArray(n.uniqueId())::add);
    }
    ObjectNode childMap = root.putObject("child_map");
    children.forEach((id, kids) -> kids.forEach(childMap.putArray(id)::add));
    EMPTY.forEach(root::putObject);
    return root;
  }

  /** Writes manifest.json under the target folder; returns where it went. */
  public String write(TargetDir target, String invocationId, Instant startedAt) {
    return Artifacts.write(target, FILE, json(invocationId, startedAt));
  }
}
