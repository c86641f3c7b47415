package io.reelhouse.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.TaskEndReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * What a run cost the driver and Spark, for {@code reelhouse bench}: Spark stages and tasks
 * (counted by a listener), memory and disk spill, failed tasks, the driver's peak heap and its
 * garbage-collection time. Installed only when the JVM is started with {@code
 * -Dreelhouse.metrics-out=FILE}; the figures are written to that file as JSON when the JVM exits.
 */
public final class RunMetrics extends SparkListener {
  /** JVM property naming the JSON file to write at exit. */
  public static final String PROPERTY = "reelhouse.metrics-out";

  private final AtomicLong stages = new AtomicLong();
  private final AtomicLong failedStages = new AtomicLong();
  private final AtomicLong tasks = new AtomicLong();
  private final AtomicLong failedTasks = new AtomicLong();
  private final AtomicLong memorySpilled = new AtomicLong();
  private final AtomicLong diskSpilled = new AtomicLong();

  /** Adds the listener and the exit hook when {@link #PROPERTY} is set; else does nothing. */
  public static void installIfAsked(SparkSession session) {
    String out = System.getProperty(PROPERTY);
    if (out == null || out.isBlank()) {
      return;
    }
    RunMetrics m = new RunMetrics();
    session.sparkContext().addSparkListener(m);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> m.write(Path.of(out))));
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted event) {
    stages.incrementAndGet();
    if (event.stageInfo().failureReason().isDefined()) {
      failedStages.incrementAndGet();
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd event) {
    tasks.incrementAndGet();
    TaskEndReason reason = event.reason();
    if (!(reason instanceof org.apache.spark.Success$)) {
      failedTasks.incrementAndGet();
    }
    if (event.taskMetrics() != null) {
      memorySpilled.addAndGet(event.taskMetrics().memoryBytesSpilled());
      diskSpilled.addAndGet(event.taskMetrics().diskBytesSpilled());
    }
  }

  private void write(Path file) {
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("stages", stages.get());
    n.put("failed_stages", failedStages.get());
    n.put("tasks", tasks.get());
    n.put("failed_tasks", failedTasks.get());
    n.put("memory_spilled_bytes", memorySpilled.get());
    n.put("disk_spilled_bytes", diskSpilled.get());
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peakHeap += pool.getPeakUsage().getUsed();
      }
    }
    // The sum of each heap pool's own peak: an upper bound of the heap in use at any one moment.
    n.put("peak_heap_bytes", peakHeap);
    n.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
    long gcMillis = 0;
    long gcCount = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcMillis += Math.max(0, gc.getCollectionTime());
      gcCount += Math.max(0, gc.getCollectionCount());
    }
    n.put("gc_millis", gcMillis);
    n.put("gc_count", gcCount);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, n.toPrettyString());
    } catch (IOException e) {
      System.err.println("warning: cannot write run metrics to " + file + ": " + e.getMessage());
    }
  }
}
