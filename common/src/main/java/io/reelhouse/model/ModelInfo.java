package io.reelhouse.model;

import io.reelhouse.quality.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a model declares about itself: name, layer, materialization, the models and sources it
 * reads, its grain and columns. The DAG, the selection, {@code ls} and the docs are built from
 * these declarations alone.
 *
 * <pre>{@code
 * ModelInfo.builder("customers", "core", Materialization.TABLE)
 *     .refs("stg_orders", "stg_payments")
 *     .description("One row per customer: ...")
 *     .column("customer_id", "customer id")
 *     .build();
 * }</pre>
 *
 * @param name unique model name, also the table name
 * @param layer layer (folder) of the model; published tables go to that layer's schema
 * @param materialization how the result exists after a run
 * @param refs models this model reads
 * @param sources raw sources this model reads
 * @param description starts with the grain ("one row per movie")
 * @param columns documented columns in output order
 * @param uniqueKey incremental models: the merge key
 * @param watermarkColumn incremental models: the column whose maximum marks what is loaded; null to
 *     merge every row the model builds (its appended-lines reads keep that small)
 * @param rules quality rules audited before each publish
 * @param quarantine whether rows breaking row-level rules are set aside instead of failing the
 *     model; null means the default (on for published models that read raw sources)
 * @param changesOf incremental SQL models: the ref whose changed rows (its warehouse's change feed)
 *     a merge run reads instead of the ref's look-back window; null for none
 * @param tags words a user selects the model by ({@code --select tag:pii}), as dbt's tags config
 */
public record ModelInfo(
    String name,
    String layer,
    Materialization materialization,
    List<String> refs,
    List<String> sources,
    String description,
    List<ColumnDoc> columns,
    List<String> uniqueKey,
    String watermarkColumn,
    List<Rule> rules,
    Boolean quarantine,
    String changesOf,
    List<String> tags) {

  public ModelInfo {
    if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException(
          "model name must be lower-case letters, digits and _, got '" + name + "'");
    }
    Objects.requireNonNull(layer, "layer of model " + name);
    Objects.requireNonNull(materialization, "materialization of model " + name);
    refs = List.copyOf(refs);
    sources = List.copyOf(sources);
    columns = List.copyOf(columns);
    uniqueKey = List.copyOf(uniqueKey);
    rules = List.copyOf(rules);
    tags = List.copyOf(tags);
    for (String t : tags) {
      if (!t.matches("[a-z][a-z0-9_-]*")) {
        throw new IllegalArgumentException(
            "tag of model "
                + name
                + " must be lower-case letters, digits, _ and -, got '"
                + t
                + "'");
      }
    }
    java.util.Set<String> ruleNames = new java.util.HashSet<>();
    for (Rule r : rules) {
      if (!ruleNames.add(r.name())) {
        throw new IllegalArgumentException(
            "model " + name + " declares rule " + r.name() + " twice");
      }
    }
    if (materialization == Materialization.INCREMENTAL) {
      if (uniqueKey.isEmpty()) {
        throw new IllegalArgumentException(
            "unique key must not be empty for incremental model " + name);
      }
      if (watermarkColumn != null && watermarkColumn.isBlank()) {
        throw new IllegalArgumentException(
            "watermark column of incremental model " + name + " is blank: name one, or null");
      }
    }
    if (changesOf != null
        && (materialization != Materialization.INCREMENTAL || !refs.contains(changesOf))) {
      throw new IllegalArgumentException(
          "model "
              + name
              + " reads the changes of "
              + changesOf
              + ": only an incremental model can, and only of one of its refs "
              + refs);
    }
  }

  public static Builder builder(String name, String layer, Materialization materialization) {
    return new Builder(name, layer, materialization);
  }

  /** Fluent construction of {@link ModelInfo}. */
  public static final class Builder {
    private final String name;
    private final String layer;
    private final Materialization materialization;
    private final List<String> refs = new ArrayList<>();
    private final List<String> sources = new ArrayList<>();
    private final List<ColumnDoc> columns = new ArrayList<>();
    private final List<String> uniqueKey = new ArrayList<>();
    private String description = "";
    private String watermarkColumn;
    private final List<Rule> rules = new ArrayList<>();
    private Boolean quarantine;
    private String changesOf;
    private final List<String> tags = new ArrayList<>();

    private Builder(String name, String layer, Materialization materialization) {
      this.name = name;
      this.layer = layer;
      this.materialization = materialization;
    }

    public Builder refs(String... models) {
      refs.addAll(List.of(models));
      return this;
    }

    public Builder sources(String... names) {
      sources.addAll(List.of(names));
      return this;
    }

    public Builder description(String text) {
      this.description = text;
      return this;
    }

    public Builder column(String column, String text) {
      columns.add(new ColumnDoc(column, text));
      return this;
    }

    /**
     * Incremental models: merge by this key the rows after the watermark column's max (minus the
     * look-back), or every row built when the watermark is null. In a merge run the model reads
     * only the lines appended to its append-only sources since its last run (and nothing of a file
     * that has not changed), so it must build each row from one source row (with lookups in whole
     * tables): no aggregate over a whole source.
     */
    public Builder incremental(String watermark, String... key) {
      this.watermarkColumn = watermark;
      uniqueKey.addAll(List.of(key));
      return this;
    }

    /**
     * Incremental SQL models that build each row from one row of this ref (joined to tables that
     * are not incremental, whose change rebuilds the model whole): a merge run reads the rows the
     * ref's table changed since this model's last run, from the warehouse's change feed, instead of
     * the ref's rows in the look-back window (which lie in every file of a large table). Where the
     * feed cannot tell them (none recorded yet, rows removed, a warehouse without one) the run
     * reads the look-back window and says why.
     */
    public Builder changesOf(String ref) {
      this.changesOf = ref;
      return this;
    }

    /** Quality rules, audited before each publish (see {@link io.reelhouse.quality.Rules}). */
    public Builder rules(Rule... declared) {
      rules.addAll(List.of(declared));
      return this;
    }

    /** Tags to select the model by ({@code tag:nightly}); dbt's {@code tags} config. */
    public Builder tags(String... words) {
      tags.addAll(List.of(words));
      return this;
    }

    /** Set aside rows that break row-level rules (true) or fail the model on them (false). */
    public Builder quarantine(boolean on) {
      this.quarantine = on;
      return this;
    }

    public ModelInfo build() {
      return new ModelInfo(
          name,
          layer,
          materialization,
          refs,
          sources,
          description,
          columns,
          uniqueKey,
          watermarkColumn,
          rules,
          quarantine,
          changesOf,
          tags);
    }
  }
}
