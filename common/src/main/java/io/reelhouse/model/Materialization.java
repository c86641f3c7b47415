package io.reelhouse.model;

import java.util.Locale;

/** How a model's result exists after a run (see DESIGN.md, "Materializations"). */
public enum Materialization {
  /** A Spark temp view: lazy, recomputed by each reader, never written. */
  VIEW,
  /** Inlined into its readers; never run on its own, no name in the warehouse. */
  EPHEMERAL,
  /** Replaced atomically in the warehouse on each run. */
  TABLE,
  /** New or changed rows merged by unique key, after a watermark read from the target. */
  INCREMENTAL,
  /** A static CSV from the seeds folder, replaced atomically. */
  SEED,
  /** SCD type 2 history. */
  SNAPSHOT;

  /** Whether the result is a table in the warehouse that others can read. */
  public boolean isPublished() {
    return this == TABLE || this == INCREMENTAL || this == SEED || this == SNAPSHOT;
  }

  /** Lower-case name, as dbt prints it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
