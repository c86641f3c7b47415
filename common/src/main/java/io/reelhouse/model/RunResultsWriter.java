package io.reelhouse.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes {@code run_results.json} in the shape dbt users know: {@code metadata}, {@code
 * elapsed_time}, and one entry per model under {@code results} with {@code status}, {@code
 * execution_time}, {@code rows_affected}, plus Reelhouse's {@code rows_in_table}, {@code
 * rows_inserted}, {@code rows_updated}, {@code relation} and {@code mode}. Written to a temporary
 * file and moved into place, so a reader never sees half a file.
 */
public final class RunResultsWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunResultsWriter() {}

  public static Path write(RunReport report, String env, Path targetDir) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode meta = root.putObject("metadata");
    meta.put("generated_at", report.startedAt().toString());
    meta.put("invocation_id", report.invocationId());
    meta.put("command", report.command());
    meta.put("env", env);
    root.put("elapsed_time", round(report.seconds()));
    ArrayNode results = root.putArray("results");
    for (ModelResult r : report.results()) {
      ObjectNode n = results.addObject();
      n.put("unique_id", "model." + r.name());
      n.put("name", r.name());
      n.put("materialization", r.materialization().label());
      n.put("status", r.status().label());
      n.put("relation", r.relation());
      n.put("mode", r.mode());
      n.put("started_at", r.startedAt().toString());
      n.put("execution_time", round(r.seconds()));
      n.put("rows_affected", r.rowsInserted() + r.rowsUpdated());
      n.put("rows_inserted", r.rowsInserted());
      n.put("rows_updated", r.rowsUpdated());
      if (r.rowsInTable() >= 0) {
        n.put("rows_in_table", r.rowsInTable());
      } else {
        n.putNull("rows_in_table");
      }
      n.put("message", r.message());
    }
    try {
      Files.createDirectories(targetDir);
      Path file = targetDir.resolve("run_results.json");
      Path tmp = Files.createTempFile(targetDir, "run_results", ".json.tmp");
      JSON.writeValue(tmp.toFile(), root);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write run_results.json in " + targetDir + ": " + e.getMessage(), e);
    }
  }

  private static double round(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }
}
