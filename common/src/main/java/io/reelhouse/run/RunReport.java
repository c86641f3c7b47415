package io.reelhouse.run;

import java.time.Instant;
import java.util.List;

/**
 * Everything a run did, in run order.
 *
 * @param command the command that ran (run, seed, build, test)
 * @param invocationId unique id of this invocation
 * @param startedAt when the run began
 * @param results one per selected model, in run order
 * @param seconds wall time of the whole run
 */
public record RunReport(
    String command,
    String invocationId,
    Instant startedAt,
    List<ModelOutcome> results,
    double seconds) {

  public long count(ModelOutcome.Status status) {
    return results.stream().filter(r -> r.status() == status).count();
  }

  /** Models published with a failing warn-level rule (dbt's WARN). */
  public long warned() {
    return results.stream().filter(ModelOutcome::warned).count();
  }

  /** True when no selected model failed or was skipped. */
  public boolean succeeded() {
    return count(ModelOutcome.Status.SUCCESS) + count(ModelOutcome.Status.NO_OP) == results.size();
  }
}
