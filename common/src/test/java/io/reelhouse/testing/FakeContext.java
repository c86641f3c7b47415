package io.reelhouse.testing;

import io.reelhouse.model.ModelContext;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A {@link ModelContext} serving hand-written datasets for refs and sources, for model tests. */
public final class FakeContext implements ModelContext {
  private final Map<String, Dataset<Row>> refs = new HashMap<>();
  private final Map<String, Dataset<Row>> sources = new HashMap<>();

  public FakeContext ref(String model, Dataset<Row> rows) {
    refs.put(model, rows);
    return this;
  }

  public FakeContext source(String name, Dataset<Row> rows) {
    sources.put(name, rows);
    return this;
  }

  @Override
  public SparkSession spark() {
    return TestSpark.session();
  }

  @Override
  public Dataset<Row> ref(String model) {
    Dataset<Row> d = refs.get(model);
    if (d == null) {
      throw new IllegalStateException("test gave no rows for ref " + model);
    }
    return d;
  }

  @Override
  public Dataset<Row> source(String name) {
    Dataset<Row> d = sources.get(name);
    if (d == null) {
      throw new IllegalStateException("test gave no rows for source " + name);
    }
    return d;
  }
}
