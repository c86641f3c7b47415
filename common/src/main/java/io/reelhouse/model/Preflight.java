package io.reelhouse.model;

import io.reelhouse.source.MissingSourceException;
import io.reelhouse.source.SourceSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks made before any model of a run is built, so that a run that cannot finish fails before it
 * changes anything: every input file is there with the declared header, and the schemas the models'
 * tables go to exist.
 */
public final class Preflight {
  private Preflight() {}

  /**
   * Makes the schemas that the models' tables go to, where the warehouse needs them made first
   * ({@link io.reelhouse.warehouse.Warehouse#createSchemas}): a schema the user cannot create fails
   * before any model runs.
   */
  public static void createSchemas(RunContext ctx, List<String> modelNames) {
    java.util.Set<String> schemas = new java.util.TreeSet<>();
    for (String name : modelNames) {
      Model m = ctx.project().require(name);
      if (m.info().materialization().isPublished()) {
        schemas.add(ctx.tableOf(m).schema());
      }
    }
    ctx.warehouse().createSchemas(schemas);
  }

  /**
   * Checks, before any work, that every input file the given models read is there: the sources of
   * each model (and of the views and ephemerals it builds inline) and seed files.
   *
   * @throws MissingSourceException naming every missing file, in one line
   * @throws io.reelhouse.source.BadSourceException naming every file whose header is not the
   *     declared one (empty, no header, columns missing, added, reordered, another separator)
   */
  public static void checkInputs(RunContext ctx, List<String> modelNames) {
    java.util.Set<String> needed = new java.util.LinkedHashSet<>();
    List<String> missing = new ArrayList<>();
    List<String> badHeaders = new ArrayList<>();
    java.util.Deque<String> todo = new java.util.ArrayDeque<>(modelNames);
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (!todo.isEmpty()) {
      Model m = ctx.project().require(todo.pop());
      if (!seen.add(m.name())) {
        continue;
      }
      if (m instanceof SeedModel seed) {
        SourceSpec file = new SourceSpec(seed.name(), seed.fileName(), seed.schema(), true);
        if (!ctx.seeds().exists(file)) {
          missing.add("seed '" + seed.name() + "': " + ctx.seeds().pathOf(seed.fileName()));
        } else {
          ctx.seeds().headerProblem(file).ifPresent(badHeaders::add);
        }
        continue;
      }
      needed.addAll(m.info().sources());
      for (String ref : m.info().refs()) {
        if (!ctx.project().require(ref).info().materialization().isPublished()) {
          todo.add(ref);
        }
      }
    }
    for (String name : needed) {
      SourceSpec spec = ctx.project().source(name);
      if (spec.required() && !ctx.sources().exists(spec)) {
        missing.add("source '" + name + "': " + ctx.sources().pathOf(spec.fileName()));
      } else {
        ctx.sources().headerProblem(spec).ifPresent(badHeaders::add);
      }
    }
    if (missing.isEmpty() && !badHeaders.isEmpty()) {
      // A file whose shape is wrong fails the run before anything is built or published.
      throw new io.reelhouse.source.BadSourceException(String.join("; ", badHeaders));
    }
    if (!missing.isEmpty()) {
      throw new MissingSourceException(
          "input file"
              + (missing.size() > 1 ? "s" : "")
              + " not found: "
              + String.join("; ", missing)
              + " (check source.path and seeds.path)");
    }
  }
}
