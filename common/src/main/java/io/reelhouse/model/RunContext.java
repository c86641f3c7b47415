package io.reelhouse.model;

import io.reelhouse.source.CheckedSource;
import io.reelhouse.source.CsvReader;
import io.reelhouse.source.ReadMark;
import io.reelhouse.source.SourceSpec;
import io.reelhouse.warehouse.SchemaNaming;
import io.reelhouse.warehouse.TableId;
import io.reelhouse.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves refs and sources for one run: published models are read from the warehouse, views and
 * ephemerals are built (once per run) from their own refs, sources are read from {@code
 * source.path} (each file once per run), seeds from {@code seeds.path}.
 */
public final class RunContext {
  private static final Logger LOG = LoggerFactory.getLogger(RunContext.class);

  private final SparkSession spark;
  private final Project project;
  private final Warehouse warehouse;
  private final SchemaNaming naming;
  private final CsvReader sources;
  private final CsvReader seeds;
  private final Map<String, Dataset<Row>> built = new HashMap<>();
  private final Map<String, CheckedSource> readSources = new HashMap<>();
  private final Map<String, ReadMark> marks = new HashMap<>();

  /**
   * Sources the build in progress reads from a byte offset on (appended lines), by name; the others
   * are read whole.
   */
  private Map<String, Long> readFrom = Map.of();

  private final List<CheckedSource> unrecorded = new ArrayList<>();
  private boolean warnedMissing;

  public RunContext(
      SparkSession spark,
      Project project,
      Warehouse warehouse,
      SchemaNaming naming,
      CsvReader sources,
      CsvReader seeds) {
    this.spark = spark;
    this.project = project;
    this.warehouse = warehouse;
    this.naming = naming;
    this.sources = sources;
    this.seeds = seeds;
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
      return warehouse.read(builtTable(m));
    }
    Map<String, Long> from = new java.util.TreeMap<>(readFrom);
    from.keySet().retainAll(sourcesReadBy(m));
    return built.computeIfAbsent(
        from.isEmpty() ? modelName : modelName + " " + from, n -> buildInline(m, from.isEmpty()));
  }

  /**
   * One column of {@link #rowsOf(String)}: of a small published table, only that column is read.
   *
   * @throws IllegalArgumentException when the model has no such column
   */
  public Dataset<Row> columnOf(String modelName, String column) {
    Model m = project.require(modelName);
    return m.info().materialization().isPublished()
        ? warehouse.read(builtTable(m), List.of(column))
        : Warehouse.select(rowsOf(modelName), List.of(column));
  }

  /** A published model's table, which must be there. */
  private TableId builtTable(Model m) {
    TableId t = tableOf(m);
    if (!warehouse.exists(t)) {
      throw new IllegalStateException(
          m.name()
              + " is not built yet (no table "
              + warehouse.describe(t)
              + "); build it with: reelhouse build --select +"
              + m.name());
    }
    return t;
  }

  /** {@link #rowsOf(String)} of a view or ephemeral reading its sources from the given offsets. */
  public Dataset<Row> rowsFrom(String modelName, Map<String, Long> from) {
    return readingFrom(from, () -> rowsOf(modelName));
  }

  /**
   * The rows a model builds from the lines appended to its sources since they were read up to the
   * given offsets (sources not named are read whole).
   */
  public Dataset<Row> buildFrom(Model model, Map<String, Long> from) {
    return readingFrom(from, () -> build(model));
  }

  private Dataset<Row> readingFrom(
      Map<String, Long> from, java.util.function.Supplier<Dataset<Row>> work) {
    Map<String, Long> before = readFrom;
    readFrom = Map.copyOf(from);
    try {
      return work.get();
    } finally {
      readFrom = before;
    }
  }

  /**
   * The raw sources a model reads, directly or through the views and ephemerals it builds inline.
   */
  public java.util.Set<String> sourcesReadBy(Model model) {
    java.util.Set<String> out = new java.util.TreeSet<>(model.info().sources());
    for (String ref : model.info().refs()) {
      Model up = project.require(ref);
      if (!up.info().materialization().isPublished()) {
        out.addAll(sourcesReadBy(up));
      }
    }
    return out;
  }

  /**
   * Where the model can go on reading each of its sources, given how far its last run read them
   * ({@link CsvReader#resumeAt}); sources absent from the result are read whole.
   */
  public Map<String, Long> resumePoints(Model model, Map<String, ReadMark> readBefore) {
    Map<String, Long> out = new java.util.TreeMap<>();
    for (String name : sourcesReadBy(model)) {
      ReadMark before = readBefore.get(name);
      SourceSpec spec = project.source(name);
      if (before != null && sources.exists(spec)) {
        sources.resumeAt(spec, before, markNow(name)).ifPresent(at -> out.put(name, at));
      }
    }
    return out;
  }

  /** How far this run reads each of the model's sources it has read so far. */
  public Map<String, ReadMark> marksReadBy(Model model) {
    Map<String, ReadMark> out = new java.util.TreeMap<>();
    for (String name : sourcesReadBy(model)) {
      if (marks.containsKey(name)) {
        out.put(name, marks.get(name));
      }
    }
    return out;
  }

  /** The file as this run reads it: marked once, before Spark reads any of it. */
  public ReadMark markNow(String source) {
    return marks.computeIfAbsent(source, n -> sources.mark(project.source(n)));
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
    return sqlOf(model, Map.of());
  }

  /** The SQL text of a SQL model, with the refs in {@code instead} resolved to those names. */
  public String sqlOf(SqlModel model, Map<String, String> instead) {
    List<String> declared = model.info().refs();
    return model.sql(
        ref -> {
          if (!declared.contains(ref)) {
            throw undeclared(model, ref);
          }
          return instead.containsKey(ref)
              ? instead.get(ref)
              : warehouse.readName(tableOf(project.require(ref)));
        });
  }

  private Dataset<Row> buildInline(Model m, boolean whole) {
    Dataset<Row> rows = build(m);
    // Only a view of whole files gets its name in the session's catalog.
    if (whole && m.info().materialization() == Materialization.VIEW) {
      rows.createOrReplaceTempView(m.name());
    }
    return rows;
  }

  private Dataset<Row> source(String name) {
    long from = readFrom.getOrDefault(name, 0L);
    return readSources
        .computeIfAbsent(
            from == 0 ? name : name + " from " + from,
            n -> {
              SourceSpec spec = project.source(name);
              warnOnceAboutMissingOptionalSources();
              if (sources.exists(spec)) {
                markNow(name);
              }
              CheckedSource checked =
                  from == 0
                      ? sources.readChecked(spec)
                      : sources.readAppended(spec, from, markNow(name));
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

  /**
   * Releases the parsed sources that none of the given models reads (the rest of the run), so the
   * memory they hold goes to the work still to do: the large parsed sources would otherwise stay
   * cached while later models aggregate and write. A source released stays read for the run (its
   * malformed lines are not recorded twice); read again, it would be parsed again from its file.
   */
  public void releaseSourcesNotReadBy(List<Model> rest) {
    java.util.Set<String> needed = new java.util.HashSet<>();
    rest.forEach(m -> needed.addAll(sourcesReadBy(m)));
    readSources.values().stream()
        .filter(c -> !needed.contains(c.spec().name()))
        .forEach(CheckedSource::release);
  }

  /**
   * Releases what the run kept in memory (parsed sources) and forgets the views and ephemerals it
   * built: a next run in this context (a notebook's workspace) builds them again from what its
   * tables then hold (a small table's rows are read once per version).
   */
  public void release() {
    readSources.values().forEach(CheckedSource::release);
    readSources.clear();
    built.clear();
    marks.clear();
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
      LOG.warn(
          "optional source files not found in {}: {}; the models built on them will be empty",
          sources.basePath(),
          String.join(", ", missing));
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
