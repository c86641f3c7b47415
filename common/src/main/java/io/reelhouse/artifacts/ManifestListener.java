package io.reelhouse.artifacts;

import io.reelhouse.run.RunListener;
import io.reelhouse.run.RunPlan;
import io.reelhouse.storage.TargetDir;
import java.time.Instant;

/**
 * Writes {@code manifest.json} when a run starts, as dbt does at the start of every invocation,
 * with the run's invocation id: the manifest of a run that failed or crashed is there beside its
 * results, and {@code --state} can compare with it.
 *
 * @param manifest the project's manifest
 * @param target the run's target folder
 */
public record ManifestListener(Manifest manifest, TargetDir target) implements RunListener {
  @Override
  public void runStarted(RunPlan plan, String invocationId, Instant startedAt) {
    manifest.write(target, invocationId, startedAt);
  }
}
