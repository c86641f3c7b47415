package io.reelhouse.artifacts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelhouse.model.ColumnDoc;
import io.reelhouse.model.Model;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.model.Project;
import io.reelhouse.model.SnapshotModel;
import io.reelhouse.model.SqlModel;
import io.reelhouse.model.selection.Node;
import io.reelhouse.model.selection.ResourceType;
import io.reelhouse.quality.Assertion;
import io.reelhouse.quality.Rule;
import io.reelhouse.scd.SnapshotSpec;
import io.reelhouse.source.SourceSpec;
import io.reelhouse.warehouse.SchemaNaming;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.StructField;

/**
 * One node of manifest.json, in the shape manifest v12 gives its kind: models, seeds and snapshots
 * from their {@link ModelInfo}, tests from the rules (generic tests attached to their model, an
 * expression rule as a singular test), sources from their {@link SourceSpec}. Ids, names, fqn,
 * paths, tags and depends_on are the selection graph's ({@link Node}), so manifest.json,
 * run_results.json and {@code --select} name every node alike.
 */
final class ManifestNodes {
  private final Project project;
  private final SchemaNaming naming;
  private final double createdAt = System.currentTimeMillis() / 1000.0;

  ManifestNodes(Project project, SchemaNaming naming) {
    this.project = project;
    this.naming = naming;
  }

  ObjectNode node(Node n) {
    return switch (n.type()) {
      case SOURCE -> source(n);
      case TEST -> test(n);
      default -> model(n);
    };
  }

  private ObjectNode common(Node n, String schema) {
    ObjectNode o = Artifacts.JSON.createObjectNode();
    o.putNull("database");
    o.put("schema", schema);
    o.put("name", n.name());
    o.put("resource_type", n.type().label());
    o.put("package_name", n.packageName());
    o.put("path", n.path());
    o.put("original_file_path", n.path());
    o.put("unique_id", n.uniqueId());
    strings(o.putArray("fqn"), n.fqn());
    strings(o.putArray("tags"), n.tags());
    o.putObject("meta");
    o.put("created_at", createdAt);
    return o;
  }

  /** A node built from a definition: models, seeds, snapshots and tests. */
  private ObjectNode defined(Node n, String layer, String checksum) {
    ObjectNode o = common(n, naming.schemaFor(layer));
    o.put("alias", n.name());
    o.putObject("checksum").put("name", "sha256").put("checksum", checksum);
    return o;
  }

  private ObjectNode model(Node n) {
    Model m = project.require(n.model());
    ModelInfo info = m.info();
    ObjectNode o = defined(n, info.layer(), Definitions.checksum(m));
    ObjectNode config = o.putObject("config").put("enabled", true);
    config.put("materialized", n.materialized());
    strings(config.putArray("tags"), n.tags());
    if (!n.uniqueKey().isEmpty()) {
      strings(config.putArray("unique_key"), n.uniqueKey());
    }
    if (m instanceof SnapshotModel snap) {
      snapshotConfig(config, snap.snapshot());
    }
    o.put("description", info.description());
    ObjectNode columns = o.putObject("columns");
    for (ColumnDoc c : info.columns()) {
      column(columns, c.name(), c.description(), null);
    }
    o.put("raw_code", Definitions.rawCode(m));
    o.put("relation_name", relation(info));
    if (n.type() == ResourceType.SEED) {
      o.putObject("depends_on").putArray("macros");
      return o;
    }
    o.put("language", m instanceof SqlModel ? "sql" : "java");
    ArrayNode refs = o.putArray("refs");
    info.refs().forEach(r -> refs.addObject().put("name", r));
    ArrayNode sources = o.putArray("sources");
    info.sources().forEach(s -> sources.addArray().add(project.name()).add(s));
    ObjectNode dependsOn = o.putObject("depends_on");
    dependsOn.putArray("macros");
    strings(dependsOn.putArray("nodes"), n.dependsOn());
    return o;
  }

  private String relation(ModelInfo info) {
    return info.materialization().isPublished()
        ? naming.table(info.layer(), info.name()).qualified()
        : null;
  }

  private static void snapshotConfig(ObjectNode config, SnapshotSpec spec) {
    strings(config.putArray("unique_key"), spec.uniqueKey());
    if (spec.strategy() instanceof SnapshotSpec.Strategy.Timestamp t) {
      config.put("strategy", "timestamp").put("updated_at", t.updatedAt());
    } else if (spec.strategy() instanceof SnapshotSpec.Strategy.Check c) {
      config.put("strategy", "check");
      if (c.columns().isEmpty()) {
        config.put("check_cols", "all");
      } else {
        strings(config.putArray("check_cols"), c.columns());
      }
    }
    config.put("hard_deletes", spec.hardDeletes().name().toLowerCase(Locale.ROOT));
  }

  private ObjectNode test(Node n) {
    Model m = project.require(n.model());
    Rule rule =
        m.info().rules().stream().filter(r -> r.name().equals(n.rule())).findFirst().orElseThrow();
    ObjectNode o = defined(n, m.info().layer(), Definitions.checksum(rule));
    ObjectNode config = o.putObject("config").put("enabled", true);
    config.put("materialized", "test");
    config.put("severity", n.severity().toUpperCase(Locale.ROOT));
    o.put("description", rule.reason() == null ? "" : rule.reason());
    o.putObject("columns");
    o.put("language", "sql");
    ArrayNode refs = o.putArray("refs");
    n.dependsOn()
        .forEach(id -> refs.addObject().put("name", id.substring(id.lastIndexOf('.') + 1)));
    ObjectNode dependsOn = o.putObject("depends_on");
    dependsOn.putArray("macros");
    strings(dependsOn.putArray("nodes"), n.dependsOn());
    String model = "{{ get_where_subquery(ref('" + m.name() + "')) }}";
    if (n.testName() == null) {
      String sql = ((Assertion.Expression) rule.assertion()).sql();
      o.put("raw_code", "select * from {{ ref('" + m.name() + "') }} where not (" + sql + ")");
      return o;
    }
    o.put("raw_code", "{{ test_" + n.testName() + "(**_dbt_generic_test_kwargs) }}");
    o.put("attached_node", n.dependsOn().get(0));
    o.put("file_key_name", "models." + m.name());
    ObjectNode meta = o.putObject("test_metadata").put("name", n.testName());
    ObjectNode kwargs = meta.putObject("kwargs");
    String column = kwargs(kwargs, rule.assertion());
    kwargs.put("model", model);
    o.put("column_name", column);
    meta.put(
        "namespace", n.testName().equals("unique_combination_of_columns") ? "dbt_utils" : null);
    return o;
  }

  /** The generic test's arguments as dbt passes them; returns the tested column, or null. */
  private static String kwargs(ObjectNode kwargs, Assertion a) {
    String column = null;
    if (a instanceof Assertion.NotNull nn) {
      column = nn.column();
    } else if (a instanceof Assertion.Unique u && u.columns().size() == 1) {
      column = u.columns().get(0);
    } else if (a instanceof Assertion.Unique u) {
      strings(kwargs.putArray("combination_of_columns"), u.columns());
    } else if (a instanceof Assertion.Relationship r) {
      column = r.column();
      kwargs.put("to", "ref('" + r.toModel() + "')").put("field", r.toColumn());
    } else if (a instanceof Assertion.AcceptedValues v) {
      column = v.column();
      strings(kwargs.putArray("values"), v.values());
    } else if (a instanceof Assertion.RowCount c) {
      kwargs.put("min_value", c.min()).put("max_value", c.max());
    }
    if (column != null) {
      kwargs.put("column_name", column);
    }
    return column;
  }

  private ObjectNode source(Node n) {
    SourceSpec s = project.source(n.name());
    ObjectNode o = common(n, n.sourceName());
    o.put("source_name", n.sourceName());
    o.put("source_description", "");
    o.put("loader", "csv");
    o.put("identifier", s.fileName());
    o.put("loaded_at_field", s.eventTime());
    o.put("description", "");
    ObjectNode columns = o.putObject("columns");
    for (StructField f : s.schema().fields()) {
      column(columns, f.name(), "", f.dataType().simpleString());
    }
    o.putObject("source_meta");
    o.putObject("config").put("enabled", true);
    o.putNull("relation_name");
    return o;
  }

  private static void column(ObjectNode columns, String name, String description, String type) {
    ObjectNode c = columns.putObject(name);
    c.put("name", name);
    c.put("description", description == null ? "" : description);
    c.putObject("meta");
    c.put("data_type", type);
    c.putArray("constraints");
    c.putArray("tags");
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
