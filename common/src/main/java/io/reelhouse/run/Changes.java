package io.reelhouse.run;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The rows a model publishes in this run, and whether none of their keys can be in its table (no
 * row of the table is in their key range, nulls included): those are appended, without a merge's
 * search of the table.
 */
record Changes(Dataset<Row> rows, boolean newKeysOnly) {}
