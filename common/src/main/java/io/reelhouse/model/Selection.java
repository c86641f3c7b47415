package io.reelhouse.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * dbt's node selection over a project's DAG.
 *
 * <ul>
 *   <li>{@code dim_customers}: one model; {@code dim_*}: a name pattern;
 *   <li>{@code +m}: m and its ancestors; {@code m+}: m and its descendants; {@code +m+}: both;
 *   <li>{@code layer:dim}: every model of a layer; {@code materialization:view} likewise;
 *   <li>several terms (or several {@code --select}s, or terms separated by spaces): their union;
 *   <li>{@code --exclude} takes the same terms and removes them.
 * </ul>
 *
 * An unknown name fails, suggesting the nearest names.
 */
public final class Selection {
  private Selection() {}

  /**
   * @param select selection terms; empty selects everything
   * @param exclude terms to remove
   * @return the selected model names in topological order
   */
  public static List<String> select(Project project, List<String> select, List<String> exclude) {
    List<String> selectTerms = split(select);
    Set<String> chosen =
        selectTerms.isEmpty()
            ? new LinkedHashSet<>(project.dag().nodes())
            : resolve(project, selectTerms);
    chosen.removeAll(resolve(project, split(exclude)));
    return project.dag().sorted(chosen);
  }

  private static List<String> split(List<String> terms) {
    List<String> out = new ArrayList<>();
    for (String t : terms) {
      for (String part : t.trim().split("[\\s,]+")) {
        if (!part.isEmpty()) {
          out.add(part);
        }
      }
    }
    return out;
  }

  private static Set<String> resolve(Project project, List<String> terms) {
    Set<String> out = new LinkedHashSet<>();
    for (String term : terms) {
      out.addAll(resolve(project, term));
    }
    return out;
  }

  private static Set<String> resolve(Project project, String term) {
    boolean ancestors = term.startsWith("+");
    boolean descendants = term.endsWith("+") && term.length() > 1;
    String body = term.substring(ancestors ? 1 : 0, term.length() - (descendants ? 1 : 0));
    if (body.isEmpty()) {
      throw new IllegalArgumentException("empty selection term '" + term + "'");
    }
    Set<String> base = new LinkedHashSet<>();
    Dag dag = project.dag();
    if (body.startsWith("layer:")) {
      String layer = body.substring("layer:".length());
      project.models().stream()
          .filter(m -> m.info().layer().equals(layer))
          .forEach(m -> base.add(m.name()));
      if (base.isEmpty()) {
        List<String> layers =
            project.models().stream().map(m -> m.info().layer()).distinct().toList();
        throw new IllegalArgumentException(
            "no model in layer '" + layer + "' (layers: " + String.join(", ", layers) + ")");
      }
    } else if (body.startsWith("materialization:")) {
      String mat = body.substring("materialization:".length());
      project.models().stream()
          .filter(m -> m.info().materialization().label().equals(mat))
          .forEach(m -> base.add(m.name()));
      if (base.isEmpty()) {
        throw new IllegalArgumentException("no model is materialized as '" + mat + "'");
      }
    } else if (body.contains("*")) {
      Pattern p = Pattern.compile(("\\Q" + body + "\\E").replace("*", "\\E.*\\Q"));
      dag.nodes().stream().filter(n -> p.matcher(n).matches()).forEach(base::add);
      if (base.isEmpty()) {
        throw new IllegalArgumentException("no model matches '" + body + "'");
      }
    } else {
      base.add(project.require(body).name());
    }
    Set<String> out = new LinkedHashSet<>(base);
    for (String n : base) {
      if (ancestors) {
        out.addAll(dag.ancestors(n));
      }
      if (descendants) {
        out.addAll(dag.descendants(n));
      }
    }
    return out;
  }
}
