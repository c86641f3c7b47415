package io.reelhouse.run;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Test-only crash injection: {@code -Dreelhouse.fault=<model>:<phase>} halts the JVM (no shutdown
 * hooks, no cleanup, like a killed container) when that model reaches that phase: {@code
 * after-build}, {@code after-audit}, {@code after-quarantine} (its first rows set aside are
 * appended to a quarantine table: before the publish for rows breaking its rules), {@code
 * during-publish} (at the end of the first Spark task of the write, so files are half-written and
 * nothing is committed) or {@code after-publish} (the table is committed, the run results are not).
 * Unset, every call is a no-op.
 */
public final class FaultHook {
  public static final String PROPERTY = "reelhouse.fault";
  public static final int EXIT_CODE = 86;

  private FaultHook() {}

  /** Halts if the fault names this model and phase. */
  public static void at(String model, String phase) {
    if (matches(model, phase)) {
      halt(model, phase);
    }
  }

  /** For during-publish: halts when the next Spark task ends, in the middle of the write. */
  public static void armDuringPublish(SparkSession spark, String model) {
    if (matches(model, "during-publish")) {
      spark
          .sparkContext()
          .addSparkListener(
              new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
                  halt(model, "during-publish");
                }
              });
    }
  }

  private static boolean matches(String model, String phase) {
    String f = System.getProperty(PROPERTY);
    return f != null && f.equals(model + ":" + phase);
  }

  private static void halt(String model, String phase) {
    System.err.println("fault injected: halting the JVM at " + model + " " + phase);
    System.err.flush();
    Runtime.getRuntime().halt(EXIT_CODE);
  }
}
