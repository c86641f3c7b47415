package io.reelhouse.model;

import io.reelhouse.quality.Assertion;
import io.reelhouse.quality.Rule;
import io.reelhouse.source.SourceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A set of sources and models, checked on construction: unique names, every ref and source
 * declared, SQL models reading published tables only, no cycles.
 */
public final class Project {
  private final String name;
  private final Map<String, SourceSpec> sources = new LinkedHashMap<>();
  private final Map<String, Model> models = new LinkedHashMap<>();
  private final Dag dag;

  public Project(String name, List<SourceSpec> sources, List<Model> models) {
    this.name = name;
    for (SourceSpec s : sources) {
      if (this.sources.put(s.name(), s) != null) {
        throw new IllegalArgumentException("source " + s.name() + " is declared twice");
      }
    }
    for (Model m : models) {
      if (this.models.put(m.name(), m) != null) {
        throw new IllegalArgumentException("model " + m.name() + " is declared twice");
      }
    }
    for (Model m : models) {
      ModelInfo info = m.info();
      for (String ref : info.refs()) {
        Model up = this.models.get(ref);
        if (up == null) {
          throw new IllegalArgumentException(
              "model " + m.name() + " refs unknown model '" + ref + "'");
        }
        if (m instanceof SqlModel && !up.info().materialization().isPublished()) {
          throw new IllegalArgumentException(
              "SQL model "
                  + m.name()
                  + " runs in the warehouse and can only ref published tables, but "
                  + ref
                  + " is a "
                  + up.info().materialization().label());
        }
      }
      for (String src : info.sources()) {
        if (!this.sources.containsKey(src)) {
          throw new IllegalArgumentException(
              "model " + m.name() + " reads unknown source '" + src + "'");
        }
      }
    }
    Map<String, List<String>> parents = new LinkedHashMap<>();
    for (Model m : models) {
      List<String> upstream = new ArrayList<>(m.info().refs());
      // A relationships rule reads the other model when auditing: build that one first.
      for (Rule r : m.info().rules()) {
        if (r.assertion() instanceof Assertion.Relationship rel) {
          if (!this.models.containsKey(rel.toModel())) {
            throw new IllegalArgumentException(
                "model "
                    + m.name()
                    + " rule "
                    + r.name()
                    + " names unknown model '"
                    + rel.toModel()
                    + "'");
          }
          if (!upstream.contains(rel.toModel())) {
            upstream.add(rel.toModel());
          }
        }
      }
      parents.put(m.name(), upstream);
    }
    this.dag = new Dag(parents);
  }

  public String name() {
    return name;
  }

  public Dag dag() {
    return dag;
  }

  /** Models in declaration order. */
  public List<Model> models() {
    return List.copyOf(models.values());
  }

  public Optional<Model> model(String name) {
    return Optional.ofNullable(models.get(name));
  }

  public Model require(String name) {
    Model m = models.get(name);
    if (m == null) {
      throw new UnknownModelException(name, models.keySet());
    }
    return m;
  }

  public List<SourceSpec> sources() {
    return List.copyOf(sources.values());
  }

  public SourceSpec source(String name) {
    SourceSpec s = sources.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown source '" + name + "'");
    }
    return s;
  }
}
