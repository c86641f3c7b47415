package io.reelhouse.model;

/** Resolves a ref of a {@link SqlModel} to the name of the published table it reads. */
@FunctionalInterface
public interface SqlRefs {
  /** The table name to use in SQL for a published model. */
  String table(String model);
}
