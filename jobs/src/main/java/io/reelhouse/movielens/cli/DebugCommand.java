package io.reelhouse.movielens.cli;

import io.reelhouse.config.Settings;
import io.reelhouse.model.Errors;
import io.reelhouse.movielens.MovieLensProject;
import io.reelhouse.source.CsvReader;
import io.reelhouse.source.SourceSpec;
import io.reelhouse.spark.Sessions;
import io.reelhouse.warehouse.DeltaWarehouse;
import io.reelhouse.warehouse.snowflake.SnowflakeWarehouse;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** dbt debug: the resolved settings (secrets masked) and whether sources and warehouse answer. */
@Command(
    name = "debug",
    mixinStandardHelpOptions = true,
    description = {
      "Print the resolved settings with secrets masked, then check that every source file is"
          + " reachable and that the warehouse accepts a connection and a trivial query.",
      "Exit codes: 0 every check passed; 1 a check failed."
    })
final class DebugCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Mixin SettingsOptions settings;

  @Override
  public Integer call() {
    Settings s = settings.load();
    main.out.println("Settings (environment " + s.env().name() + "):");
    for (String line : dump("", s)) {
      main.out.println("  " + line);
    }
    main.out.println("Checks:");
    SparkSession spark = Sessions.start(s);
    int failed = 0;
    try {
      CsvReader reader = new CsvReader(spark, s.sourcePath());
      for (SourceSpec src : MovieLensProject.create().sources()) {
        String where = reader.pathOf(src.fileName());
        try {
          if (reader.exists(src)) {
            report("OK", "source " + src.name() + ": " + where);
          } else if (src.required()) {
            failed++;
            report("ERROR", "source " + src.name() + ": not found: " + where);
          } else {
            report("SKIP", "source " + src.name() + ": optional, not found: " + where);
          }
        } catch (RuntimeException e) {
          failed++;
          report("ERROR", "source " + src.name() + ": " + Errors.oneLine(e));
        }
      }
      failed += checkWarehouse(spark, s);
    } finally {
      Sessions.stopIfOwned(spark, s.spark());
    }
    main.out.println(failed == 0 ? "All checks passed." : failed + " check(s) failed.");
    return failed == 0 ? Main.OK : Main.FAILED;
  }

  private int checkWarehouse(SparkSession spark, Settings s) {
    String type = s.warehouse().type();
    try {
      if (type.equals("snowflake")) {
        Settings.Snowflake sf = s.warehouse().snowflake();
        try (SnowflakeWarehouse wh = SnowflakeWarehouse.open(spark, sf)) {
          report(
              "OK",
              "warehouse snowflake "
                  + sf.url()
                  + ": connected as "
                  + sf.user()
                  + ", SELECT CURRENT_VERSION() = "
                  + wh.check());
        }
      } else {
        try (DeltaWarehouse wh = new DeltaWarehouse(spark, s.warehouse().path())) {
          report("OK", "warehouse delta at " + s.warehouse().path() + ": " + wh.probe());
        }
      }
      return 0;
    } catch (RuntimeException e) {
      report("ERROR", "warehouse " + type + ": " + Errors.oneLine(e));
      return 1;
    }
  }

  private void report(String status, String what) {
    main.out.printf("  %-5s %s%n", status, what);
  }

  /** Every setting as key = value, walking the Settings records; secret-looking keys masked. */
  static List<String> dump(String prefix, Object value) {
    List<String> out = new ArrayList<>();
    if (value != null && value.getClass().isRecord()) {
      for (RecordComponent c : value.getClass().getRecordComponents()) {
        try {
          out.addAll(dump(prefix + kebab(c.getName()) + ".", c.getAccessor().invoke(value)));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
      return out;
    }
    String key = prefix.substring(0, prefix.length() - 1);
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.add(key + " = {}");
      }
      new java.util.TreeMap<>(map).forEach((k, v) -> out.addAll(dump(key + "." + k + ".", v)));
      return out;
    }
    boolean secret = SettingsOptions.isSecret(key);
    out.add(
        key
            + " = "
            + (secret && value != null && !value.toString().isEmpty()
                ? SettingsOptions.MASK
                : value));
    return out;
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }
}
