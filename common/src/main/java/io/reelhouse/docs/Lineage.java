package io.reelhouse.docs;

import io.reelhouse.model.Dag;
import io.reelhouse.model.Model;
import io.reelhouse.model.Project;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lineage picture as SVG: one node per model, one edge per ref, laid out left to right (a model
 * sits one column right of its deepest ref; a model without refs one column left of its nearest
 * child), coloured by layer, each node a link to its page. Within a column, models are ordered by
 * the average position of their refs, which keeps edges from crossing where it can. No script, no
 * external resource.
 */
public final class Lineage {
  static final int NODE_WIDTH = 210;
  static final int NODE_HEIGHT = 34;
  static final int COLUMN_GAP = 90;
  static final int ROW_GAP = 20;
  static final int MARGIN = 20;
  static final int LEGEND = 30;

  private final Project project;
  private final Map<String, Integer> column = new HashMap<>();
  private final Map<String, Integer> row = new HashMap<>();
  private final List<String> layers;
  private int columns;
  private int rows;

  public Lineage(Project project) {
    this.project = project;
    this.layers = project.models().stream().map(m -> m.info().layer()).distinct().toList();
    layout();
  }

  private void layout() {
    Dag dag = project.dag();
    for (String n : dag.order()) {
      int depth = 0;
      for (String ref : project.require(n).info().refs()) {
        depth = Math.max(depth, column.get(ref) + 1);
      }
      column.put(n, depth);
      columns = Math.max(columns, depth + 1);
    }
    // A model with no refs (a seed) sits just left of its nearest child, not in the first
    // column, so its edges do not run across the whole picture under other nodes.
    for (String n : dag.order()) {
      if (project.require(n).info().refs().isEmpty()) {
        int nearest =
            project.models().stream()
                .filter(m -> m.info().refs().contains(n))
                .mapToInt(m -> column.get(m.name()))
                .min()
                .orElse(1);
        column.put(n, nearest - 1);
      }
    }
    List<List<String>> byColumn = new ArrayList<>();
    for (int c = 0; c < columns; c++) {
      byColumn.add(new ArrayList<>());
    }
    for (Model m : project.models()) {
      byColumn.get(column.get(m.name())).add(m.name());
    }
    byColumn
        .get(0)
        .sort(
            Comparator.comparingInt((String n) -> layers.indexOf(layerOf(n)))
                .thenComparing(n -> n));
    place(byColumn.get(0));
    for (int c = 1; c < columns; c++) {
      List<String> col = byColumn.get(c);
      col.sort(Comparator.comparingDouble(this::barycenter).thenComparing(n -> n));
      place(col);
    }
    for (List<String> col : byColumn) {
      rows = Math.max(rows, col.size());
    }
  }

  private void place(List<String> col) {
    for (int i = 0; i < col.size(); i++) {
      row.put(col.get(i), i);
    }
  }

  private double barycenter(String n) {
    List<String> refs = project.require(n).info().refs();
    // Models without refs go below those placed by their refs.
    return refs.isEmpty() ? Double.MAX_VALUE : refs.stream().mapToInt(row::get).average().orElse(0);
  }

  private String layerOf(String model) {
    return project.require(model).info().layer();
  }

  int x(String n) {
    return MARGIN + column.get(n) * (NODE_WIDTH + COLUMN_GAP);
  }

  int y(String n) {
    return MARGIN + LEGEND + row.get(n) * (NODE_HEIGHT + ROW_GAP);
  }

  /**
   * The picture as SVG markup (rendered by the {@code lineage.svg} template).
   *
   * @param linkPrefix prepended to {@code <model>.html} in node links
   * @param selected model to highlight with its ancestors and descendants, or null
   */
  public String svg(String linkPrefix, String selected) {
    Set<String> up = selected == null ? Set.of() : project.dag().ancestors(selected);
    Set<String> down = selected == null ? Set.of() : project.dag().descendants(selected);
    int width = 2 * MARGIN + columns * NODE_WIDTH + (columns - 1) * COLUMN_GAP;
    int height = 2 * MARGIN + LEGEND + rows * (NODE_HEIGHT + ROW_GAP) - ROW_GAP;
    // Legend: one swatch per layer.
    List<Map<String, Object>> legend = new ArrayList<>();
    int lx = MARGIN;
    for (String layer : layers) {
      legend.add(
          Templates.view(
              "x",
              lx,
              "y",
              MARGIN - 6,
              "colour",
              colour(layer),
              "textX",
              lx + 20,
              "textY",
              MARGIN + 6,
              "layer",
              layer));
      lx += 30 + 8 * layer.length();
    }
    List<Map<String, Object>> edges = new ArrayList<>();
    List<Map<String, Object>> deps = new ArrayList<>();
    for (Model m : project.models()) {
      for (String ref : m.info().refs()) {
        int x1 = x(ref) + NODE_WIDTH;
        int x2 = x(m.name());
        edges.add(
            curve(ref, m.name(), x1, x2, (x1 + x2) / 2, lit(ref, m.name(), selected, up, down)));
      }
      // Order that is not a ref (a relationships rule audits against another model, which must be
      // built first): dashed, class "dep", so it reads as "checked against", not "built from".
      for (String parent : project.dag().parents(m.name())) {
        if (m.info().refs().contains(parent)) {
          continue;
        }
        int x1 = x(parent) + NODE_WIDTH;
        boolean sameColumn = column.get(parent).equals(column.get(m.name()));
        // In the same column, a bracket on the right-hand side; else a curve like a ref's.
        int x2 = sameColumn ? x(m.name()) + NODE_WIDTH : x(m.name());
        int bend = sameColumn ? x1 + COLUMN_GAP / 3 : (x1 + x2) / 2;
        deps.add(curve(parent, m.name(), x1, x2, bend, lit(parent, m.name(), selected, up, down)));
      }
    }
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (Model m : project.models()) {
      String n = m.name();
      String cls = "node";
      if (n.equals(selected)) {
        cls += " selected";
      } else if (up.contains(n)) {
        cls += " ancestor";
      } else if (down.contains(n)) {
        cls += " descendant";
      } else if (selected != null) {
        cls += " dim";
      }
      nodes.add(
          Templates.view(
              "href",
              linkPrefix + n + ".html",
              "cls",
              cls,
              "name",
              n,
              "layer",
              m.info().layer(),
              "materialization",
              m.info().materialization().label(),
              "x",
              x(n),
              "y",
              y(n),
              "width",
              NODE_WIDTH,
              "height",
              NODE_HEIGHT,
              "colour",
              colour(m.info().layer()),
              "textX",
              x(n) + NODE_WIDTH / 2,
              "textY",
              y(n) + NODE_HEIGHT / 2 + 4));
    }
    return Templates.render(
        "lineage.svg",
        Templates.view(
            "width", width, "height", height, "legend", legend, "edges", edges, "deps", deps,
            "nodes", nodes));
  }

  /** A curve from the right of {@code from} to {@code x2}, bending at {@code bend}. */
  private Map<String, Object> curve(String from, String to, int x1, int x2, int bend, boolean lit) {
    return Templates.view(
        "from", from,
        "to", to,
        "lit", lit,
        "x1", x1,
        "y1", y(from) + NODE_HEIGHT / 2,
        "x2", x2,
        "y2", y(to) + NODE_HEIGHT / 2,
        "bend", bend);
  }

  /** Whether the edge from -> to lies on a path through the selected model. */
  private static boolean lit(
      String from, String to, String selected, Set<String> up, Set<String> down) {
    return selected != null
        && ((from.equals(selected) || down.contains(from)) && down.contains(to)
            || up.contains(from) && (up.contains(to) || to.equals(selected)));
  }

  /** A pale colour per layer, in layer order. */
  String colour(String layer) {
    String[] palette = {
      "#e7f0fd", "#fdf1dc", "#e3f6e8", "#fde4e4", "#efe6fb", "#fbf6d1", "#e0f4f6"
    };
    return palette[Math.max(0, layers.indexOf(layer)) % palette.length];
  }

  /** Number of refs drawn (one edge each). */
  public int edges() {
    return project.models().stream().mapToInt(m -> m.info().refs().size()).sum();
  }

  /** Models in the picture, for checks. */
  public Set<String> nodes() {
    return new LinkedHashSet<>(column.keySet());
  }
}
