package io.reelhouse.warehouse;

import io.delta.kernel.Scan;
import io.delta.kernel.Table;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Every row of one version of a small Delta table (all its columns, or some), read by Delta Kernel
 * in the driver: the files of the version, their deletion vectors and partition values applied by
 * Kernel ({@code Scan.transformPhysicalData}, Kernel's documented way to read a table), as Spark
 * rows of the table's schema in Spark ({@code java.time} values, which Spark takes whatever its
 * {@code java8API} setting).
 *
 * <p>A table holds "no rows here" (empty) when its files total more than {@code maxBytes}: it is
 * read by Delta in Spark.
 */
final class KernelRows {
  private KernelRows() {}

  /**
   * @param schema the columns to read, named and typed as Delta in Spark reads them: the table's,
   *     or some of them (only those are read from the files)
   */
  static Optional<List<Row>> read(
      Engine kernel, String path, long version, StructType schema, long maxBytes) {
    var snapshot = Table.forPath(kernel, path).getSnapshotAsOfVersion(kernel, version);
    io.delta.kernel.types.StructType all = snapshot.getSchema(kernel);
    var builder = snapshot.getScanBuilder(kernel);
    if (schema.size() < all.length()) {
      // Only the columns asked for are read from the files.
      io.delta.kernel.types.StructType columns = new io.delta.kernel.types.StructType();
      for (String name : schema.fieldNames()) {
        columns = columns.add(all.get(name));
      }
      builder = builder.withReadSchema(kernel, columns);
    }
    Scan scan = builder.build();
    io.delta.kernel.data.Row state = scan.getScanState(kernel);
    List<io.delta.kernel.data.Row> files = new ArrayList<>();
    long bytes = 0;
    try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(kernel)) {
      while (batches.hasNext()) {
        try (var rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            io.delta.kernel.data.Row file = rows.next();
            bytes += InternalScanFileUtils.getAddFileStatus(file).getSize();
            if (bytes > maxBytes) {
              return Optional.empty();
            }
            files.add(file);
          }
        }
      }
      io.delta.kernel.types.StructType read = ScanStateRow.getPhysicalDataReadSchema(kernel, state);
      List<Row> out = new ArrayList<>();
      for (io.delta.kernel.data.Row file : files) {
        FileStatus status = InternalScanFileUtils.getAddFileStatus(file);
        var physical =
            kernel
                .getParquetHandler()
                .readParquetFiles(Utils.singletonCloseableIterator(status), read, Optional.empty());
        try (var data = Scan.transformPhysicalData(kernel, state, file, physical)) {
          while (data.hasNext()) {
            add(data.next(), schema, out);
          }
        }
      }
      return Optional.of(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + " at version " + version, e);
    }
  }

  /** The batch's selected rows (Kernel's selection vector: true keeps a row, false or null not). */
  private static void add(FilteredColumnarBatch filtered, StructType schema, List<Row> out) {
    ColumnarBatch batch = filtered.getData();
    ColumnVector[] columns = new ColumnVector[schema.size()];
    for (int i = 0; i < columns.length; i++) {
      int at = batch.getSchema().indexOf(schema.fields()[i].name());
      if (at < 0) {
        throw new IllegalStateException("Delta Kernel read no column " + schema.fields()[i].name());
      }
      columns[i] = batch.getColumnVector(at);
    }
    Optional<ColumnVector> selected = filtered.getSelectionVector();
    for (int r = 0; r < batch.getSize(); r++) {
      if (selected.isPresent() && (selected.get().isNullAt(r) || !selected.get().getBoolean(r))) {
        continue;
      }
      Object[] values = new Object[columns.length];
      for (int i = 0; i < columns.length; i++) {
        values[i] = value(columns[i], r, schema.fields()[i].dataType());
      }
      out.add(RowFactory.create(values));
    }
  }

  /**
   * A value as Spark takes it in a {@link Row}. Kernel keeps dates as days and timestamps as
   * microseconds since the epoch (UTC).
   */
  private static Object value(ColumnVector v, int r, DataType type) {
    if (v.isNullAt(r)) {
      return null;
    } else if (type instanceof BooleanType) {
      return v.getBoolean(r);
    } else if (type instanceof ByteType) {
      return v.getByte(r);
    } else if (type instanceof ShortType) {
      return v.getShort(r);
    } else if (type instanceof IntegerType) {
      return v.getInt(r);
    } else if (type instanceof LongType) {
      return v.getLong(r);
    } else if (type instanceof FloatType) {
      return v.getFloat(r);
    } else if (type instanceof DoubleType) {
      return v.getDouble(r);
    } else if (type instanceof DecimalType) {
      return v.getDecimal(r);
    } else if (type instanceof StringType) {
      return v.getString(r);
    } else if (type instanceof BinaryType) {
      return v.getBinary(r);
    } else if (type instanceof DateType) {
      return LocalDate.ofEpochDay(v.getInt(r));
    } else if (type instanceof TimestampType) {
      return micros(v.getLong(r));
    } else if (type instanceof TimestampNTZType) {
      return LocalDateTime.ofInstant(micros(v.getLong(r)), ZoneOffset.UTC);
    } else if (type instanceof ArrayType a) {
      ArrayValue array = v.getArray(r);
      List<Object> out = new ArrayList<>(array.getSize());
      for (int i = 0; i < array.getSize(); i++) {
        out.add(value(array.getElements(), i, a.elementType()));
      }
      return out;
    } else if (type instanceof MapType m) {
      MapValue map = v.getMap(r);
      Map<Object, Object> out = new LinkedHashMap<>();
      for (int i = 0; i < map.getSize(); i++) {
        out.put(value(map.getKeys(), i, m.keyType()), value(map.getValues(), i, m.valueType()));
      }
      return out;
    } else if (type instanceof StructType s) {
      Object[] fields = new Object[s.size()];
      for (int i = 0; i < fields.length; i++) {
        fields[i] = value(v.getChild(i), r, s.fields()[i].dataType());
      }
      return RowFactory.create(fields);
    }
    throw new IllegalArgumentException("Delta Kernel's values of type " + type + " are not read");
  }

  private static Instant micros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
