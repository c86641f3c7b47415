package io.reelhouse.warehouse;

import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The rows a table's writes inserted or updated after a version, from the warehouse's change feed,
 * or why the feed cannot tell them.
 *
 * @param rows the changed rows, one per key (its newest version), in the table's columns; empty
 *     when the feed cannot tell them
 * @param whyNot why not, for the run's notes; null when rows are present
 */
public record TableChanges(Optional<Dataset<Row>> rows, String whyNot) {
  public TableChanges {
    Objects.requireNonNull(rows, "rows");
    if (rows.isEmpty() && (whyNot == null || whyNot.isBlank())) {
      throw new IllegalArgumentException("changes that cannot be told need a reason");
    }
  }

  public static TableChanges of(Dataset<Row> rows) {
    return new TableChanges(Optional.of(rows), null);
  }

  public static TableChanges unknown(String why) {
    return new TableChanges(Optional.empty(), why);
  }
}
