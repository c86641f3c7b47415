package io.reelhouse.scd;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;

/**
 * A snapshot's unique key in the shapes its change detection needs: made null-safe as columns of
 * their own (coalesce(k, default) and isnull(k) for each key column), joined on with a plain
 * equality, and the number of source rows sharing a key, counted in partitions by those columns.
 * The join then reuses the count's shuffle and sort of the source; joined with {@code eqNullSafe}
 * instead, Spark would shuffle the source again (it drops the window's key columns before the
 * join).
 */
final class SnapshotKeys {
  private static final String NULL_SAFE = "_scd_key_";

  private final List<String> key;

  SnapshotKeys(List<String> key) {
    this.key = key;
  }

  /** The rows with the null-safe key columns added. */
  Dataset<Row> withNullSafeKey(Dataset<Row> rows) {
    Dataset<Row> out = rows;
    int i = 0;
    for (String k : key) {
      DataType type = rows.schema().apply(k).dataType();
      out =
          out.withColumn(
                  NULL_SAFE + i++, coalesce(col(quoted(k)), new Column(defaultLiteral(type))))
              .withColumn(NULL_SAFE + i++, col(quoted(k)).isNull());
    }
    return out;
  }

  /** How many rows share each row's key: a column over rows {@link #withNullSafeKey} made. */
  Column rowsWithKey() {
    List<Column> by = new ArrayList<>();
    for (int i = 0; i < 2 * key.size(); i++) {
      by.add(col(NULL_SAFE + i));
    }
    return count(lit(1)).over(Window.partitionBy(by.toArray(Column[]::new)));
  }

  /** Equal keys, null equal to null, between two aliased sides made by {@link #withNullSafeKey}. */
  Column sameKey(String left, String right) {
    Column on = null;
    for (int i = 0; i < 2 * key.size(); i++) {
      Column eq = col(left + "." + NULL_SAFE + i).equalTo(col(right + "." + NULL_SAFE + i));
      on = on == null ? eq : on.and(eq);
    }
    return on;
  }

  /** Fails if two rows of {@code source} share a key. */
  void checkUnique(Dataset<Row> source) {
    failOnDuplicates(source, "");
  }

  /**
   * Fails naming the key shared by the most rows, given rows whose key columns are under {@code
   * prefix}.
   */
  void failOnDuplicates(Dataset<Row> rows, String prefix) {
    Column[] keys = key.stream().map(k -> col(prefix + quoted(k)).as(k)).toArray(Column[]::new);
    Dataset<Row> dups =
        rows.select(keys)
            .groupBy(key.stream().map(k -> col(quoted(k))).toArray(Column[]::new))
            .count()
            .where(col("count").gt(1));
    List<Row> worst = dups.orderBy(desc("count")).limit(1).collectAsList();
    if (worst.isEmpty()) {
      return;
    }
    long keysTwice = dups.count();
    Row r = worst.get(0);
    StringBuilder named = new StringBuilder();
    for (int i = 0; i < key.size(); i++) {
      named.append(i == 0 ? "" : ", ").append(key.get(i)).append('=').append(r.get(i));
    }
    throw new SnapshotException(
        keysTwice
            + " key(s) appear more than once in the source batch, e.g. "
            + named
            + " ("
            + r.getLong(key.size())
            + " rows); nothing was written");
  }

  private static String quoted(String column) {
    return "`" + column + "`";
  }

  /**
   * Spark's {@code Literal.default(type)}, a value of every type (called by reflection: {@code
   * default} is a keyword in Java).
   */
  private static Literal defaultLiteral(DataType type) {
    try {
      return (Literal)
          org.apache.spark.sql.catalyst.expressions.Literal$.class
              .getMethod("default", DataType.class)
              .invoke(org.apache.spark.sql.catalyst.expressions.Literal$.MODULE$, type);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Spark's Literal.default is not there", e);
    }
  }
}
