package io.reelhouse.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Compares a dataset's rows with hand-written expected rows, regardless of order. */
public final class RowAssert {
  private RowAssert() {}

  /** Shorthand for {@link RowFactory#create}. */
  public static Row row(Object... values) {
    return RowFactory.create(values);
  }

  /** Asserts the columns, then the rows as a multiset (duplicates count). */
  public static void assertRows(Dataset<Row> actual, List<String> columns, List<Row> expected) {
    assertThat(actual.columns()).as("columns").containsExactlyElementsOf(columns);
    List<List<Object>> got = new ArrayList<>();
    for (Row r : actual.collectAsList()) {
      got.add(values(r));
    }
    List<List<Object>> want = new ArrayList<>();
    for (Row r : expected) {
      want.add(values(r));
    }
    assertThat(got).as("rows (in any order)").containsExactlyInAnyOrderElementsOf(want);
  }

  private static List<Object> values(Row r) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < r.length(); i++) {
      Object v = r.get(i);
      if (v instanceof scala.collection.Seq<?> seq) {
        v = new ArrayList<>(scala.collection.JavaConverters.seqAsJavaList(seq));
      } else if (v instanceof Object[] arr) {
        v = Arrays.asList(arr);
      }
      out.add(v);
    }
    return out;
  }
}
