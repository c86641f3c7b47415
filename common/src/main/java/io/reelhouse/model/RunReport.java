package io.reelhouse.model;

import java.time.Instant;
import java.util.List;

/**
 * Everything a run did, in run order.
 *
 * @param command the command that ran (run, seed, build)
 * @param invocationId unique id of this invocation
 * @param startedAt when the run began
 * @param results one per selected model, in run order
 * @param seconds wall time of the whole run
 */
public record RunReport(
    String command,
    String invocationId,
    Instant startedAt,
    List<ModelResult> results,
    double seconds) {

  public long count(ModelResult.Status status) {
    return results.stream().filter(r -> r.status() == status).count();
  }

  /** True when every selected model succeeded. */
  public boolean succeeded() {
    return count(ModelResult.Status.SUCCESS) == results.size();
  }
}
