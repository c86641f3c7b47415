package io.reelhouse.artifacts;

import io.reelhouse.model.Model;
import io.reelhouse.model.SeedModel;
import io.reelhouse.model.SnapshotModel;
import io.reelhouse.model.SqlModel;
import io.reelhouse.quality.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/**
 * What a node's {@code checksum} in manifest.json is taken of, so that {@code state:modified.body}
 * tells a changed definition: a SQL model's SQL (its refs written {@code {{ ref('name') }}}, as dbt
 * keeps raw code), a Java model's compiled class (its build, as dbt hashes a model's file), plus
 * for both the model's quality rules (audited before it publishes, so part of what it does); a
 * seed's declared columns; a test's rule.
 */
final class Definitions {
  private Definitions() {}

  /** The code dbt calls raw_code: a SQL model's SQL; empty for a Java model. */
  static String rawCode(Model m) {
    return m instanceof SqlModel sql ? sql.sql(ref -> "{{ ref('" + ref + "') }}") : "";
  }

  /** Hex sha256 of the model's definition and rules. */
  static String checksum(Model m) {
    StringBuilder text = new StringBuilder();
    if (m instanceof SqlModel) {
      text.append(rawCode(m));
    } else {
      text.append(Artifacts.sha256(classBytes(m.getClass())));
    }
    if (m instanceof SeedModel seed) {
      text.append('\n').append(seed.schema().toDDL());
    }
    if (m instanceof SnapshotModel snap) {
      text.append('\n').append(snap.snapshot());
    }
    text.append('\n')
        .append(m.info().rules().stream().map(Rule::toString).collect(Collectors.joining("\n")));
    return Artifacts.sha256(text.toString());
  }

  /** Hex sha256 of one rule: its assertion, level and reason. */
  static String checksum(Rule rule) {
    return Artifacts.sha256(rule.toString());
  }

  private static byte[] classBytes(Class<?> type) {
    String resource = "/" + type.getName().replace('.', '/') + ".class";
    try (InputStream in = type.getResourceAsStream(resource)) {
      // A class made at run time has no file: its name is all there is to compare.
      return in == null
          ? type.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8)
          : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the class of " + type.getName(), e);
    }
  }
}
