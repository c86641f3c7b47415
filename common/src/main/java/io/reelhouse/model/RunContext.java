package io.reelhouse.model;

import io.reelhouse.source.CheckedSource;
import io.reelhouse.source.CsvReader;
import io.reelhouse.source.MissingSourceException;
import io.reelhouse.source.SourceSpec;
import io.reelhouse.warehouse.SchemaNaming;
import io.reelhouse.warehouse.TableId;
import io.reelhouse.warehouse.Warehouse;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Resolves refs and sources for one run: published models are read from the warehouse, views and
 * ephemerals are built (once per run) from their own refs, sources are read from {@code
 * source.path} (each file once per run), seeds from {@code seeds.path}.
 */
public final class RunContext {
  private final SparkSession spark;
  private final Project project;
  private final Warehouse warehouse;
  private final SchemaNaming naming;
  private final CsvReader sources;
  private final CsvReader seeds;
  private final PrintStream log;
  private final Map<String, Dataset<Row>> built = new HashMap<>();
  private final Map<String, CheckedSource> readSources = new HashMap<>();
  private final List<CheckedSource> unrecorded = new ArrayList<>();
  private boolean warnedMissing;

  public RunContext(
      SparkSession spark,
      Project project,
      Warehouse warehouse,
      SchemaNaming naming,
      CsvReader sources,
      CsvReader seeds,
      PrintStream log) {
    this.spark = spark;
    this.project = project;
    this.warehouse = warehouse;
    this.naming = naming;
    this.sources = sources;
    this.seeds = seeds;
    this.log = log;
  }

  public SparkSession spark() {
    return spark;
  }

  public Project project() {
    return project;
  }

  public Warehouse warehouse() {
    return warehouse;
  }

  /** Where warnings go. */
  public PrintStream log() {
    return log;
  }

  /** The reader of raw source files. */
  public CsvReader sources() {
    return sources;
  }

  /** The reader of seed files. */
  public CsvReader seeds() {
    return seeds;
  }

  /** Where a published model's table lives. */
  public TableId tableOf(Model model) {
    return naming.table(model.info().layer(), model.name());
  }

  /**
   * Whether rows breaking the model's row-level rules are quarantined instead of failing it: as
   * declared, else on for published models that read raw sources (directly or through views).
   */
  public boolean quarantines(Model model) {
    Boolean declared = model.info().quarantine();
    if (declared != null) {
      return declared;
    }
    return model.info().materialization().isPublished() && readsRaw(model);
  }

  private boolean readsRaw(Model model) {
    if (!model.info().sources().isEmpty()) {
      return true;
    }
    for (String ref : model.info().refs()) {
      Model up = project.require(ref);
      if (!up.info().materialization().isPublished() && readsRaw(up)) {
        return true;
      }
    }
    return false;
  }

  /** The rows of any model, as a reader sees them (for refs and for {@code show}). */
  public Dataset<Row> rowsOf(String modelName) {
    Model m = project.require(modelName);
    if (m.info().materialization().isPublished()) {
      TableId t = tableOf(m);
      if (!warehouse.exists(t)) {
        throw new IllegalStateException(
            m.name()
                + " is not built yet (no table "
                + warehouse.describe(t)
                + "); build it with: reelhouse build --select +"
                + m.name());
      }
      return warehouse.read(t);
    }
    return built.computeIfAbsent(modelName, n -> buildInline(m));
  }

  /** The rows a model builds in Spark, before any publishing. */
  public Dataset<Row> build(Model model) {
    if (model instanceof SeedModel seed) {
      return seeds.readStrict(new SourceSpec(seed.name(), seed.fileName(), seed.schema(), true));
    }
    if (model instanceof DatasetModel dm) {
      return dm.build(scopedTo(model));
    }
    if (model instanceof SqlModel sm) {
      return warehouse.sql(sqlOf(sm));
    }
    throw new IllegalArgumentException(
        "model " + model.name() + " is neither a DatasetModel, a SqlModel nor a SeedModel");
  }

  /** The SQL text of a SQL model, with refs resolved to table names. */
  public String sqlOf(SqlModel model) {
    List<String> declared = model.info().refs();
    return model.sql(
        ref -> {
          if (!declared.contains(ref)) {
            throw undeclared(model, ref);
          }
          return tableOf(project.require(ref)).qualified();
        });
  }

  /**
   * Checks, before any work, that every input file the given models read is there: the sources of
   * each model (and of the views and ephemerals it builds inline) and seed files.
   *
   * @throws MissingSourceException naming every missing file, in one line
   * @throws io.reelhouse.source.BadSourceException naming every file whose header is not the
   *     declared one (empty, no header, columns missing, added, reordered, another separator)
   */
  public void checkInputs(List<String> modelNames) {
    java.util.Set<String> needed = new java.util.LinkedHashSet<>();
    List<String> missing = new ArrayList<>();
    List<String> badHeaders = new ArrayList<>();
    java.util.Deque<String> todo = new java.util.ArrayDeque<>(modelNames);
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (!todo.isEmpty()) {
      Model m = project.require(todo.pop());
      if (!seen.add(m.name())) {
        continue;
      }
      if (m instanceof SeedModel seed) {
        SourceSpec file = new SourceSpec(seed.name(), seed.fileName(), seed.schema(), true);
        if (!seeds.exists(file)) {
          missing.add("seed '" + seed.name() + "': " + seeds.pathOf(seed.fileName()));
        } else {
          seeds.headerProblem(file).ifPresent(badHeaders::add);
        }
        continue;
      }
      needed.addAll(m.info().sources());
      for (String ref : m.info().refs()) {
        if (!project.require(ref).info().materialization().isPublished()) {
          todo.add(ref);
        }
      }
    }
    for (String name : needed) {
      SourceSpec spec = project.source(name);
      if (spec.required() && !sources.exists(spec)) {
        missing.add("source '" + name + "': " + sources.pathOf(spec.fileName()));
      } else {
        sources.headerProblem(spec).ifPresent(badHeaders::add);
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

  private Dataset<Row> buildInline(Model m) {
    Dataset<Row> rows = build(m);
    if (m.info().materialization() == Materialization.VIEW) {
      rows.createOrReplaceTempView(m.name());
    }
    return rows;
  }

  private Dataset<Row> source(String name) {
    return readSources
        .computeIfAbsent(
            name,
            n -> {
              SourceSpec spec = project.source(n);
              warnOnceAboutMissingOptionalSources();
              CheckedSource checked = sources.readChecked(spec);
              unrecorded.add(checked);
              return checked;
            })
        .good();
  }

  /**
   * Sources read since the last call, whose malformed lines have not been recorded yet; the runner
   * writes them to quarantine. Each source is returned once per run.
   */
  public List<CheckedSource> takeUnrecordedSources() {
    List<CheckedSource> out = List.copyOf(unrecorded);
    unrecorded.clear();
    return out;
  }

  /** The staging model that reads a source: its quarantine table holds the malformed lines. */
  public Model readerOf(SourceSpec source) {
    return project.models().stream()
        .filter(m -> m.info().sources().contains(source.name()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no model reads source " + source.name()));
  }

  /** Releases what the run kept in memory (parsed sources). */
  public void release() {
    readSources.values().forEach(CheckedSource::release);
    readSources.clear();
    unrecorded.clear();
  }

  private void warnOnceAboutMissingOptionalSources() {
    if (warnedMissing) {
      return;
    }
    warnedMissing = true;
    List<String> missing = new ArrayList<>();
    for (SourceSpec s : project.sources()) {
      if (!s.required() && !sources.exists(s)) {
        missing.add(s.fileName());
      }
    }
    if (!missing.isEmpty()) {
      log.println(
          "WARN optional source files not found in "
              + sources.basePath()
              + ": "
              + String.join(", ", missing)
              + "; the models built on them will be empty");
    }
  }

  private ModelContext scopedTo(Model model) {
    ModelInfo info = model.info();
    return new ModelContext() {
      @Override
      public SparkSession spark() {
        return spark;
      }

      @Override
      public Dataset<Row> ref(String name) {
        if (!info.refs().contains(name)) {
          throw undeclared(model, name);
        }
        return rowsOf(name);
      }

      @Override
      public Dataset<Row> source(String name) {
        if (!info.sources().contains(name)) {
          throw new IllegalStateException(
              "model "
                  + model.name()
                  + " reads source '"
                  + name
                  + "' but does not declare it in its ModelInfo sources");
        }
        return RunContext.this.source(name);
      }
    };
  }

  private static IllegalStateException undeclared(Model model, String ref) {
    return new IllegalStateException(
        "model "
            + model.name()
            + " refs '"
            + ref
            + "' but does not declare it in its ModelInfo refs (the DAG is built from them)");
  }
}
