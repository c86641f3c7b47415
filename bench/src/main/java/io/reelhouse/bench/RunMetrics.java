package io.reelhouse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.TaskEndReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run cost the driver and Spark, for {@code reelhouse bench}: Spark stages and tasks
 * (counted by a listener), memory and disk spill, failed tasks, the driver's peak heap and its
 * garbage-collection time. The bench starts each timed JVM with {@link #jvmOptions}: Spark adds the
 * listener named by {@code spark.extraListeners} (a {@code spark.*} system property reaches every
 * session's configuration), and the figures are written to the file as JSON when the JVM exits. The
 * product knows nothing of it.
 */
public final class RunMetrics extends SparkListener {
  private static final Logger LOG = LoggerFactory.getLogger(RunMetrics.class);

  /** JVM property naming the JSON file to write at exit. */
  static final String PROPERTY = "reelhouse.metrics-out";

  private final AtomicLong stages = new AtomicLong();
  private final AtomicLong failedStages = new AtomicLong();
  private final AtomicLong tasks = new AtomicLong();
  private final AtomicLong failedTasks = new AtomicLong();
  private final AtomicLong memorySpilled = new AtomicLong();
  private final AtomicLong diskSpilled = new AtomicLong();

  /** The options of a JVM whose Spark run writes its figures to {@code file} at exit. */
  static List<String> jvmOptions(Path file) {
    return List.of(
        "-Dspark.extraListeners=" + RunMetrics.class.getName(),
        "-D" + PROPERTY + "=" + file.toAbsolutePath());
  }

  /** Made by Spark (spark.extraListeners); writes at exit when {@link #PROPERTY} names a file. */
  public RunMetrics() {
    String out = System.getProperty(PROPERTY);
    if (out != null && !out.isBlank()) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> write(Path.of(out))));
    }
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
      LOG.warn("cannot write run metrics to {}: {}", file, e.getMessage());
    }
  }
}
