package io.reelhouse.warehouse;

/**
 * Which schema a layer's tables go to, the seed's {@code generate_schema_name} rule: production
 * writes a schema named after the layer ({@code dim}); every other environment prefixes it with its
 * name ({@code dev_dim}, {@code local_dim}), so environments never overwrite each other.
 */
public record SchemaNaming(String envName, boolean prod) {

  public String schemaFor(String layer) {
    return prod ? layer : envName + "_" + layer;
  }

  public TableId table(String layer, String name) {
    return new TableId(schemaFor(layer), name);
  }
}
