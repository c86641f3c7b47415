package io.reelhouse.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.shiftleft;
import static org.apache.spark.sql.functions.sum;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Counts the rows that share their key with another row (what Deequ's {@code Uniqueness} metric
 * measures: failing rows = (1 - uniqueness) x rows), exactly, without shuffling the rows when they
 * arrive clustered by key.
 *
 * <p>Why not Deequ's analyzer for these keys: it groups every row by the key, a shuffle of all of
 * them, the most expensive step of a big fact table's audit. Large raw files are often sorted by
 * their keys (events by user then item, for example), and a model built from one keeps each file
 * split's rows together: each partition then holds its own key range. So each partition sorts its
 * keys (a no-op when they arrive sorted) and reports its range and its duplicated keys; keys in the
 * range of one partition only are settled there, and only rows in ranges that partitions share are
 * grouped across partitions (one filter, then a shuffle of those rows alone). Rows in any order
 * still get the exact count; they only lose the shortcut.
 *
 * <p>Applies to keys of one integral column, or of two columns of at most 32 bits each (packed into
 * one long); {@link #rowsSharingKey} answers empty for any other key, for a key with a null (Deequ
 * counts those its own way), for a partition of more than {@link #MAX_KEYS_PER_PARTITION} rows and
 * for more than {@link #MAX_DUPLICATES_PER_PARTITION} duplicated keys in a partition; the caller
 * then asks Deequ.
 */
final class UniqueKeys {
  /** Most keys a partition sorts in memory (8 bytes each). */
  static final int MAX_KEYS_PER_PARTITION = 1 << 24;

  /** Most duplicated keys a partition reports by name; beyond that Deequ counts them. */
  static final int MAX_DUPLICATES_PER_PARTITION = 10_000;

  private UniqueKeys() {}

  /**
   * Rows whose key occurs more than once, or empty when this key cannot be checked here (see the
   * class comment).
   */
  static Optional<Long> rowsSharingKey(Dataset<Row> rows, List<String> columns) {
    Optional<Column> packed = packed(rows, columns);
    if (packed.isEmpty()) {
      return Optional.empty();
    }
    Dataset<Row> keys = rows.select(packed.get().as("k"));
    // Spark's internal rows: the keys are read in place, not deserialized into a Long each.
    List<PartitionKeys> parts =
        keys.queryExecution()
            .toRdd()
            .toJavaRDD()
            .mapPartitions(UniqueKeys::summarizeRows)
            .collect();
    if (parts.stream().anyMatch(p -> !p.decided())) {
      return Optional.empty();
    }
    List<long[]> shared = sharedRanges(parts);
    long failing = 0;
    for (PartitionKeys p : parts) {
      for (int i = 0; i < p.duplicateKeys().length; i++) {
        if (!within(shared, p.duplicateKeys()[i])) {
          failing += p.duplicateCounts()[i];
        }
      }
    }
    if (!shared.isEmpty()) {
      Column inShared = lit(false);
      for (long[] r : shared) {
        inShared = inShared.or(col("k").between(r[0], r[1]));
      }
      Row r =
          keys.where(inShared)
              .groupBy("k")
              .count()
              .where(col("count").gt(1))
              .agg(sum("count"))
              .head();
      failing += r.isNullAt(0) ? 0 : r.getLong(0);
    }
    return Optional.of(failing);
  }

  /** The key as one long, null when a key column is null; empty when it does not fit one. */
  private static Optional<Column> packed(Dataset<Row> rows, List<String> columns) {
    List<DataType> types = new ArrayList<>();
    for (String c : columns) {
      var field = Arrays.stream(rows.schema().fields()).filter(f -> f.name().equals(c)).findFirst();
      if (field.isEmpty()) {
        return Optional.empty(); // Deequ reports the missing column
      }
      types.add(field.get().dataType());
    }
    if (columns.size() == 1 && (fitsInt(types.get(0)) || types.get(0) == DataTypes.LongType)) {
      return Optional.of(col("`" + columns.get(0) + "`").cast(DataTypes.LongType));
    }
    if (columns.size() == 2 && fitsInt(types.get(0)) && fitsInt(types.get(1))) {
      Column high = shiftleft(col("`" + columns.get(0) + "`").cast(DataTypes.LongType), 32);
      Column low = col("`" + columns.get(1) + "`").cast(DataTypes.LongType).bitwiseAND(0xFFFFFFFFL);
      return Optional.of(high.bitwiseOR(low));
    }
    return Optional.empty();
  }

  private static boolean fitsInt(DataType t) {
    return t == DataTypes.IntegerType || t == DataTypes.ShortType || t == DataTypes.ByteType;
  }

  /**
   * What one partition holds: its rows' key range and its duplicated keys with their row counts.
   *
   * @param decided false when the partition could not be summarized (null key, too many rows or
   *     duplicated keys)
   * @param rows rows in the partition
   */
  record PartitionKeys(
      boolean decided, long rows, long min, long max, long[] duplicateKeys, long[] duplicateCounts)
      implements Serializable {
    static final PartitionKeys UNDECIDED =
        new PartitionKeys(false, 0, 0, 0, new long[0], new long[0]);
  }

  /**
   * What one partition of Spark's internal rows of one long column holds: the keys are read in
   * place, without a Long object per row.
   */
  static Iterator<PartitionKeys> summarizeRows(Iterator<InternalRow> rows) {
    long[] keys = new long[1024];
    int n = 0;
    boolean sorted = true;
    while (rows.hasNext()) {
      InternalRow r = rows.next();
      if (r.isNullAt(0)) {
        return List.of(PartitionKeys.UNDECIDED).iterator();
      }
      long k = r.getLong(0);
      if (n == keys.length) {
        if (n >= MAX_KEYS_PER_PARTITION) {
          return List.of(PartitionKeys.UNDECIDED).iterator();
        }
        keys = Arrays.copyOf(keys, Math.min(n * 2, MAX_KEYS_PER_PARTITION));
      }
      sorted &= n == 0 || keys[n - 1] < k;
      keys[n++] = k;
    }
    return List.of(summary(keys, n, sorted)).iterator();
  }

  /** The summary of a partition's {@code n} keys, {@code sorted} if they came in order. */
  private static PartitionKeys summary(long[] keys, int n, boolean sorted) {
    if (n == 0) {
      return new PartitionKeys(true, 0, 0, 0, new long[0], new long[0]);
    }
    if (!sorted) {
      Arrays.sort(keys, 0, n);
    }
    long[] dupKeys = new long[16];
    long[] dupCounts = new long[16];
    int d = 0;
    for (int i = 0; i < n; ) {
      int j = i + 1;
      while (j < n && keys[j] == keys[i]) {
        j++;
      }
      if (j - i > 1) {
        if (d == MAX_DUPLICATES_PER_PARTITION) {
          return PartitionKeys.UNDECIDED;
        }
        if (d == dupKeys.length) {
          dupKeys = Arrays.copyOf(dupKeys, d * 2);
          dupCounts = Arrays.copyOf(dupCounts, d * 2);
        }
        dupKeys[d] = keys[i];
        dupCounts[d++] = j - i;
      }
      i = j;
    }
    return new PartitionKeys(
        true, n, keys[0], keys[n - 1], Arrays.copyOf(dupKeys, d), Arrays.copyOf(dupCounts, d));
  }

  /**
   * Key ranges that two or more non-empty partitions share: the overlaps of each pair of partition
   * ranges, merged. A key outside all of them falls in one partition's range only.
   */
  static List<long[]> sharedRanges(List<PartitionKeys> parts) {
    List<PartitionKeys> byMin =
        parts.stream()
            .filter(p -> p.rows() > 0)
            .sorted(Comparator.comparingLong(PartitionKeys::min))
            .toList();
    // Sorted by lower bound, a key of partition j is in an earlier partition's range exactly when
    // it
    // is at most the largest upper bound before j; each shared key is found this way at the later
    // of the two partitions.
    List<long[]> overlaps = new ArrayList<>();
    long highest = Long.MIN_VALUE;
    for (int j = 0; j < byMin.size(); j++) {
      PartitionKeys p = byMin.get(j);
      if (j > 0 && p.min() <= highest) {
        overlaps.add(new long[] {p.min(), Math.min(p.max(), highest)});
      }
      highest = Math.max(highest, p.max());
    }
    List<long[]> merged = new ArrayList<>();
    for (long[] r : overlaps) {
      long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && r[0] <= last[1]) {
        last[1] = Math.max(last[1], r[1]);
      } else {
        merged.add(r.clone());
      }
    }
    return merged;
  }

  private static boolean within(List<long[]> ranges, long k) {
    for (long[] r : ranges) {
      if (k >= r[0] && k <= r[1]) {
        return true;
      }
    }
    return false;
  }
}
