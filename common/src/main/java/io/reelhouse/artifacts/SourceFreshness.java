package io.reelhouse.artifacts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelhouse.model.Project;
import io.reelhouse.model.selection.Node;
import io.reelhouse.model.selection.NodeGraph;
import io.reelhouse.model.selection.ResourceType;
import io.reelhouse.source.Freshness;
import io.reelhouse.storage.TargetDir;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code target/sources.json} in dbt's sources v3 shape, as {@code source freshness} writes it: per
 * source its newest event ({@code max_loaded_at}), age, status and thresholds; where that newest
 * event came from (a column's maximum or the file's modification time) goes in {@code
 * adapter_response.basis}. A source that could not be read, or has no rows to date it by, is a
 * runtime error with the reason, the only shape dbt has for a result without {@code max_loaded_at}.
 */
public final class SourceFreshness {
  public static final String SCHEMA = "https://schemas.getdbt.com/dbt/sources/v3.json";
  public static final String FILE = "sources.json";

  private final Map<String, String> ids = new HashMap<>();

  public SourceFreshness(Project project) {
    for (Node n : NodeGraph.of(project).nodes()) {
      if (n.type() == ResourceType.SOURCE) {
        ids.put(n.name(), n.uniqueId());
      }
    }
  }

  public ObjectNode json(
      String invocationId, Instant checkedAt, List<Freshness.Result> results, double seconds) {
    ObjectNode root = Artifacts.withMetadata(SCHEMA, invocationId, checkedAt);
    var out = root.putArray("results");
    for (Freshness.Result r : results) {
      ObjectNode n = out.addObject();
      n.put("unique_id", ids.get(r.source().name()));
      if (r.status() == Freshness.Status.RUNTIME_ERROR || r.newest() == null) {
        n.put("error", r.message());
        n.put("status", Freshness.Status.RUNTIME_ERROR.label());
        continue;
      }
      n.put("max_loaded_at", r.newest().toString());
      n.put("snapshotted_at", checkedAt.toString());
      n.put("max_loaded_at_time_ago_in_s", (double) r.age().toSeconds());
      n.put("status", r.status().label());
      ObjectNode criteria = n.putObject("criteria");
      criteria.set("warn_after", time(r.criteria() == null ? null : r.criteria().warnAfter()));
      criteria.set("error_after", time(r.criteria() == null ? null : r.criteria().errorAfter()));
      criteria.putNull("filter");
      n.putObject("adapter_response").put("basis", r.basis());
      n.putArray("timing");
      n.put("thread_id", "Thread-1");
      n.put("execution_time", 0.0);
    }
    root.put("elapsed_time", seconds);
    return root;
  }

  /** Writes sources.json under the target folder; returns where it went. */
  public String write(
      TargetDir target,
      String invocationId,
      Instant checkedAt,
      List<Freshness.Result> results,
      double seconds) {
    return Artifacts.write(target, FILE, json(invocationId, checkedAt, results, seconds));
  }

  /** dbt's {count, period}: in days, hours or minutes, the largest unit that divides it. */
  private static ObjectNode time(Duration d) {
    ObjectNode t = Artifacts.JSON.createObjectNode();
    if (d == null) {
      return t.putNull("count").putNull("period");
    }
    if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
      return t.put("count", d.toDays()).put("period", "day");
    }
    if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
      return t.put("count", d.toHours()).put("period", "hour");
    }
    return t.put("count", d.toMinutes()).put("period", "minute");
  }
}
