package io.reelhouse.quality;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** Row counts per model and run, read back from the Deequ metrics repository of the audits. */
public final class MetricsHistory {
  private MetricsHistory() {}

  /**
   * @param model the table the metric belongs to ({@code schema.table})
   * @param at the run's time
   * @param rows the model's row count in that run
   */
  public record RowCount(String model, Instant at, long rows) {}

  /** Every recorded row count, oldest first; empty when nothing was recorded yet. */
  public static List<RowCount> rowCounts(SparkSession spark, String repositoryPath) {
    List<RowCount> out = new ArrayList<>();
    for (var m : DeequAdapter.load(spark, repositoryPath)) {
      if (m.name().equals("Size") && m.tags().containsKey("model")) {
        out.add(
            new RowCount(
                m.tags().get("model"), Instant.ofEpochMilli(m.time()), Math.round(m.value())));
      }
    }
    out.sort(Comparator.comparing(RowCount::at));
    return out;
  }
}
