package io.reelhouse.movielens;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * dbt's published artifact schemas (copied unchanged into {@code src/test/resources/dbt-schemas/},
 * with their licence), and a check that a file is valid against one. The schemas name themselves by
 * their {@code https://schemas.getdbt.com/...} ids; each id is mapped to its copy on the class
 * path, and the 2020-12 meta-schema is the validator's own, so nothing is fetched from the network.
 */
public final class DbtSchemas {
  public static final String MANIFEST = "manifest/v12";
  public static final String CATALOG = "catalog/v1";
  public static final String RUN_RESULTS = "run-results/v6";
  public static final String SOURCES = "sources/v3";

  private static final String ID = "https://schemas.getdbt.com/dbt/";
  private static final Map<String, JsonSchema> LOADED = new ConcurrentHashMap<>();
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          b ->
              b.schemaMappers(
                  m -> {
                    for (String s : List.of(MANIFEST, CATALOG, RUN_RESULTS, SOURCES)) {
                      m.mapPrefix(
                          ID + s + ".json",
                          "classpath:dbt-schemas/" + s.replace('/', '-') + ".json");
                    }
                  }));

  private DbtSchemas() {}

  /**
   * What is wrong with {@code json} against the schema (e.g. {@link #MANIFEST}); empty if valid.
   */
  public static List<String> errors(String schema, JsonNode json) {
    JsonSchema s =
        LOADED.computeIfAbsent(schema, k -> FACTORY.getSchema(SchemaLocation.of(ID + k + ".json")));
    return s.validate(json).stream().map(ValidationMessage::toString).sorted().toList();
  }

  /** Reads {@code file}, asserts it is valid against the schema, and returns it. */
  public static JsonNode assertValid(String schema, Path file) {
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(errors(schema, json)).as(file + " against dbt's " + schema + " schema").isEmpty();
    return json;
  }
}
