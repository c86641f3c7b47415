package io.reelhouse.warehouse;

import java.util.Objects;

/**
 * A published table: schema (database) and table name.
 *
 * @param schema e.g. {@code dev_core}
 * @param name e.g. {@code customers}
 */
public record TableId(String schema, String name) {
  public TableId {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(name, "name");
  }

  /** {@code schema.name}, as SQL refers to it. */
  public String qualified() {
    return schema + "." + name;
  }

  @Override
  public String toString() {
    return qualified();
  }
}
