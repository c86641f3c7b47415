package io.reelhouse.artifacts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelhouse.model.Model;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.model.Project;
import io.reelhouse.model.selection.Node;
import io.reelhouse.model.selection.NodeGraph;
import io.reelhouse.model.selection.ResourceType;
import io.reelhouse.storage.TargetDir;
import io.reelhouse.warehouse.SchemaNaming;
import io.reelhouse.warehouse.TableId;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code target/catalog.json} in dbt's catalog v1 shape, as {@code docs generate} writes it: per
 * published table that exists, its columns (name, type, position) and its row count; per source,
 * the columns its file is read with (a file has no statistics). Views and ephemeral models live in
 * no warehouse, so they are not in it, as dbt leaves out what the database does not have.
 */
public final class Catalog {
  public static final String SCHEMA = "https://schemas.getdbt.com/dbt/catalog/v1.json";
  public static final String FILE = "catalog.json";

  /** What the warehouse says of a published table: its columns and how many rows it holds. */
  public record Table(StructType schema, long rows) {}

  private final Project project;
  private final SchemaNaming naming;

  public Catalog(Project project, SchemaNaming naming) {
    this.project = project;
    this.naming = naming;
  }

  /**
   * @param tableOf a published model's table as the warehouse has it; empty when it is not there
   */
  public ObjectNode json(String invocationId, Function<Model, Optional<Table>> tableOf) {
    ObjectNode root = Artifacts.withMetadata(SCHEMA, invocationId, null);
    ObjectNode nodes = root.putObject("nodes");
    ObjectNode sources = root.putObject("sources");
    for (Node n : NodeGraph.of(project).nodes()) {
      if (n.type() == ResourceType.SOURCE) {
        ObjectNode o = table(sources, n.uniqueId(), "file", n.sourceName(), n.name(), null);
        columns(o, project.source(n.name()).schema());
        o.putObject("stats");
        stat(o, "has_stats", "Has Stats?", false, false, "Indicates whether there are statistics");
      } else if (n.type() != ResourceType.TEST) {
        Model m = project.require(n.model());
        ModelInfo info = m.info();
        if (info.materialization().isPublished()) {
          tableOf
              .apply(m)
              .ifPresent(
                  t -> {
                    TableId id = naming.table(info.layer(), m.name());
                    ObjectNode o =
                        table(
                            nodes,
                            n.uniqueId(),
                            "table",
                            id.schema(),
                            id.name(),
                            info.description());
                    columns(o, t.schema());
                    o.putObject("stats");
                    stat(o, "row_count", "Row Count", t.rows(), true, "Rows in the table");
                    stat(
                        o,
                        "has_stats",
                        "Has Stats?",
                        true,
                        false,
                        "Indicates whether there are statistics");
                  });
        }
      }
    }
    root.putNull("errors");
    return root;
  }

  /** Writes catalog.json under the target folder; returns where it went. */
  public String write(
      TargetDir target, String invocationId, Function<Model, Optional<Table>> tableOf) {
    return Artifacts.write(target, FILE, json(invocationId, tableOf));
  }

  private static ObjectNode table(
      ObjectNode parent, String id, String type, String schema, String name, String comment) {
    ObjectNode o = parent.putObject(id);
    o.putObject("metadata")
        .put("type", type)
        .put("schema", schema)
        .put("name", name)
        .putNull("database")
        .put("comment", comment)
        .putNull("owner");
    o.put("unique_id", id);
    return o;
  }

  private static void columns(ObjectNode table, StructType schema) {
    ObjectNode columns = table.putObject("columns");
    StructField[] fields = schema.fields();
    for (int i = 0; i < fields.length; i++) {
      columns
          .putObject(fields[i].name())
          .put("type", fields[i].dataType().simpleString())
          .put("index", i + 1)
          .put("name", fields[i].name())
          .putNull("comment");
    }
  }

  private static void stat(
      ObjectNode table, String id, String label, Object value, boolean include, String about) {
    ObjectNode s = ((ObjectNode) table.get("stats")).putObject(id);
    s.put("id", id).put("label", label);
    s.set("value", Artifacts.JSON.valueToTree(value));
    s.put("include", include).put("description", about);
  }
}
