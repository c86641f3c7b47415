package io.reelhouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelhouse.bench.Steps.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The bench's report: each step as JSON, and the runs as Markdown tables. */
final class BenchReport {
  private BenchReport() {}

  static ObjectNode toJson(Step s) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("step", s.name());
    n.put("wall_s", round(s.wallSeconds()));
    n.put("run_s", round(s.runSeconds()));
    n.put("exit_code", s.exitCode());
    n.put("rows_written", s.rowsWritten());
    n.put("rows_per_s", s.wallSeconds() > 0 ? Math.round(s.rowsWritten() / s.wallSeconds()) : 0);
    n.set("metrics", s.metrics());
    ObjectNode models = n.putObject("model_s");
    s.modelSeconds().forEach((k, v) -> models.put(k, round(v)));
    return n;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** One table row per step of every run, then the seconds per model of the last run. */
  static String markdown(double scale, List<List<Step>> all, BenchData.Facts f) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "## reelhouse bench --scale %s: %,d ratings, %d cores, %s%n%n",
            scale,
            f.ratings(),
            Runtime.getRuntime().availableProcessors(),
            String.join(" ", Steps.heapOptions())));
    sb.append(
        "| run | step | wall s | in-run s | vs full build | vs DuckDB | rows written | rows/s"
            + " | peak heap MiB | GC s | stages | tasks | spilled MiB | exit |\n");
    sb.append(
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (int i = 0; i < all.size(); i++) {
      appendRun(sb, i + 1, all.get(i));
    }
    appendModels(sb, all.get(all.size() - 1));
    return sb.toString();
  }

  private static void appendRun(StringBuilder sb, int run, List<Step> steps) {
    // Each series against its own full build: fresh processes, or the shell's commands.
    Map<String, Double> fullBySeries = new LinkedHashMap<>();
    steps.stream()
        .filter(s -> s.name().endsWith("full build"))
        .forEach(s -> fullBySeries.put(series(s.name()), s.wallSeconds()));
    double ref =
        steps.stream()
            .filter(s -> s.name().equals(Steps.REFERENCE))
            .findFirst()
            .map(Step::wallSeconds)
            .orElse(0.0);
    for (Step s : steps) {
      JsonNode m = s.metrics();
      boolean ours = !s.name().equals(Steps.REFERENCE);
      double full = fullBySeries.getOrDefault(series(s.name()), 0.0);
      // A shell's commands share one JVM: no figures of their own for heap, GC and stages.
      boolean measured = ours && m.isObject();
      sb.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %.1f | %.1f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d |%n",
              run,
              s.name(),
              s.wallSeconds(),
              s.runSeconds(),
              ours && full > 0
                  ? String.format(Locale.ROOT, "%.0f%%", 100 * s.wallSeconds() / full)
                  : "",
              ref > 0 ? String.format(Locale.ROOT, "%.2fx", s.wallSeconds() / ref) : "",
              ours ? String.format(Locale.ROOT, "%,d", s.rowsWritten()) : "",
              ours
                  ? String.format(Locale.ROOT, "%,d", Math.round(s.rowsWritten() / s.wallSeconds()))
                  : "",
              measured ? mib(m.path("peak_heap_bytes").asLong()) : "",
              measured
                  ? String.format(Locale.ROOT, "%.1f", m.path("gc_millis").asLong() / 1000.0)
                  : "",
              measured ? m.path("stages").asText() : "",
              measured ? m.path("tasks").asText() : "",
              measured
                  ? mib(
                      m.path("memory_spilled_bytes").asLong()
                          + m.path("disk_spilled_bytes").asLong())
                  : "",
              s.exitCode()));
    }
  }

  private static void appendModels(StringBuilder sb, List<Step> last) {
    List<Step> ours = last.stream().filter(s -> !s.name().equals(Steps.REFERENCE)).toList();
    List<String> models = new ArrayList<>();
    for (Step s : ours) {
      for (String k : s.modelSeconds().keySet()) {
        if (!models.contains(k)) {
          models.add(k);
        }
      }
    }
    sb.append("\n| model (last run), s |");
    ours.forEach(s -> sb.append(' ').append(s.name()).append(" |"));
    sb.append("\n| --- |");
    ours.forEach(s -> sb.append(" ---: |"));
    sb.append('\n');
    for (String model : models) {
      sb.append("| ").append(model).append(" |");
      for (Step s : ours) {
        Double v = s.modelSeconds().get(model);
        sb.append(' ').append(v == null ? "" : String.format(Locale.ROOT, "%.1f", v)).append(" |");
      }
      sb.append('\n');
    }
  }

  /** The series a step belongs to: "shell: " for a shell's commands, "" for fresh processes. */
  private static String series(String step) {
    return step.startsWith("shell: ") ? "shell: " : "";
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%,d", bytes / (1024 * 1024));
  }
}
