package io.reelhouse.artifacts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelhouse.storage.TargetDir;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * What every file Reelhouse writes to {@code target/} in dbt's shapes shares: the JSON mapper, the
 * {@code metadata} block dbt's artifacts start with, and the write through {@link TargetDir} (so a
 * reader never sees half a file, and {@code target.path} may be on object storage).
 */
public final class Artifacts {
  /** What {@code metadata.dbt_version} says: the files are Reelhouse's, in dbt's shapes. */
  public static final String WRITER = "reelhouse";

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Artifacts() {}

  /**
   * A new artifact with dbt's metadata block: schema version, writer, generated_at, invocation id
   * and start (left out when null), an empty env.
   */
  public static ObjectNode withMetadata(String schema, String invocationId, Instant startedAt) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode meta = root.putObject("metadata");
    meta.put("dbt_schema_version", schema);
    meta.put("dbt_version", WRITER);
    meta.put("generated_at", Instant.now().toString());
    meta.put("invocation_id", invocationId);
    if (startedAt != null) {
      meta.put("invocation_started_at", startedAt.toString());
    }
    meta.putObject("env");
    return root;
  }

  /** Writes {@code json} as {@code name} under the target folder; returns where it went. */
  public static String write(TargetDir target, String name, ObjectNode json) {
    try {
      return target.write(name, JSON.writeValueAsBytes(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + name, e);
    }
  }

  /** Hex sha256 of a text, as dbt's {@code FileHash} holds a file's. */
  static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  static String sha256(byte[] bytes) {
    return hex("SHA-256", bytes);
  }

  static String hex(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no " + algorithm, e);
    }
  }
}
