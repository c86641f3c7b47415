package io.reelhouse.spark;

import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/** Runs a unit of work in a named Spark job group, so the Spark UI reads like the model DAG. */
public final class JobGroup {
  private JobGroup() {}

  public static <T> T run(SparkSession spark, String group, String description, Supplier<T> work) {
    var sc = spark.sparkContext();
    sc.setJobGroup(group, description, false);
    try {
      return work.get();
    } finally {
      sc.clearJobGroup();
    }
  }
}
