package io.reelhouse.movielens;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The same models run on Delta or Snowflake by configuration (--env) because no model can reach a
 * concrete warehouse: model classes may import nothing from io.reelhouse.warehouse, Delta or the
 * Snowflake connector. (The warehouse is chosen in Workspace from warehouse.type.)
 */
class ModelsSeeOnlyTheContractTest {
  static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(static\\s+)?([\\w.]+)");
  static final List<String> FORBIDDEN =
      List.of(
          "io.reelhouse.warehouse", "io.delta", "net.snowflake", "org.apache.spark.sql.SaveMode");

  @Test
  void noModelClassImportsAWarehouseDeltaOrTheSnowflakeConnector() throws IOException {
    Path root = Path.of("src/main/java/io/reelhouse/movielens");
    List<Path> models = new ArrayList<>();
    for (String layer : List.of("staging", "seeds", "dim", "fct", "mart", "snapshots")) {
      try (Stream<Path> files = Files.walk(root.resolve(layer))) {
        files.filter(p -> p.toString().endsWith(".java")).forEach(models::add);
      }
    }
    assertThat(models).as("model sources found").hasSizeGreaterThanOrEqualTo(16);
    List<String> offences = new ArrayList<>();
    for (Path f : models) {
      String text = Files.readString(f);
      Matcher m = IMPORT.matcher(text);
      while (m.find()) {
        String imported = m.group(2);
        if (FORBIDDEN.stream().anyMatch(imported::startsWith)) {
          offences.add(f.getFileName() + " imports " + imported);
        }
      }
      for (String fqn : FORBIDDEN) {
        if (text.replaceAll("(?m)^import .*$", "").contains(fqn)) {
          offences.add(f.getFileName() + " names " + fqn);
        }
      }
    }
    assertThat(offences).isEmpty();
  }
}
