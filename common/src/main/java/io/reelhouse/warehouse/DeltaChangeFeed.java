package io.reelhouse.warehouse;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * A Delta table's changes after a version, from its change data feed: inserts and updates' new
 * images, the newest per key. Any removed row (a delete, or an overwrite, which the feed shows as
 * every row deleted and inserted again) makes the changes unknown: a row-by-row merge cannot follow
 * it.
 */
final class DeltaChangeFeed {
  private DeltaChangeFeed() {}

  /** The changes after {@code version} up to {@code now}, the table's newest version. */
  static TableChanges after(
      SparkSession spark, DeltaRef table, long version, long now, List<String> key) {
    Dataset<Row> current = table.read(spark.read());
    if (version == now) {
      return TableChanges.of(current.where(functions.lit(false)));
    }
    Dataset<Row> feed;
    try {
      feed =
          table.read(
              spark
                  .read()
                  .option("readChangeFeed", "true")
                  .option("startingVersion", version + 1)
                  .option("endingVersion", now));
      if (!feed.where(functions.col("_change_type").equalTo("delete")).isEmpty()) {
        return TableChanges.unknown(
            "rows were removed from it after version " + version + " (a rebuild or a delete)");
      }
    } catch (Exception noFeed) {
      // Delta's reason: the feed was not on for a version, or the version's log is gone.
      String why = String.valueOf(noFeed.getMessage()).lines().findFirst().orElse("");
      return TableChanges.unknown("no change feed after version " + version + ": " + why);
    }
    var newest =
        Window.partitionBy(key.stream().map(functions::col).toArray(Column[]::new))
            .orderBy(functions.col("_commit_version").desc());
    Dataset<Row> rows =
        feed.where(functions.col("_change_type").isin("insert", "update_postimage"))
            .withColumn("_reelhouse_newest", functions.row_number().over(newest))
            .where(functions.col("_reelhouse_newest").equalTo(1))
            .select(
                Arrays.stream(current.columns())
                    .map(c -> functions.col("`" + c + "`"))
                    .toArray(Column[]::new));
    return TableChanges.of(rows);
  }
}
