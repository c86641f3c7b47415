package io.reelhouse.docs;

import io.reelhouse.model.Dag;
import io.reelhouse.model.Model;
import io.reelhouse.model.Project;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
   * @param linkPrefix prepended to {@code <model>.html} in node links
   * @param selected model to highlight with its ancestors and descendants, or null
   */
  public String svg(String linkPrefix, String selected) {
    Set<String> up = selected == null ? Set.of() : project.dag().ancestors(selected);
    Set<String> down = selected == null ? Set.of() : project.dag().descendants(selected);
    int width = 2 * MARGIN + columns * NODE_WIDTH + (columns - 1) * COLUMN_GAP;
    int height = 2 * MARGIN + LEGEND + rows * (NODE_HEIGHT + ROW_GAP) - ROW_GAP;
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lineage\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
            width,
            height,
            width,
            height));
    s.append("<style>.node rect{stroke:#555;stroke-width:1}.node text{fill:#111}")
        .append(
            ".edge{fill:none;stroke:#999;stroke-width:1.2}.edge.lit{stroke:#d9480f;stroke-width:2.2}")
        .append(
            ".node.selected rect{stroke:#d9480f;stroke-width:3}.node.ancestor rect,.node.descendant rect{stroke:#d9480f;stroke-width:2}")
        .append(
            ".node.dim{opacity:.35}.dep{fill:none;stroke:#999;stroke-width:1.2;stroke-dasharray:4 3}")
        .append(".dep.lit{stroke:#d9480f}</style>\n");
    // Legend: one swatch per layer.
    int lx = MARGIN;
    for (String layer : layers) {
      s.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\" stroke=\"#555\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
              lx,
              MARGIN - 6,
              colour(layer),
              lx + 20,
              MARGIN + 6,
              Html.escape(layer)));
      lx += 30 + 8 * layer.length();
    }
    for (Model m : project.models()) {
      for (String ref : m.info().refs()) {
        boolean lit = lit(ref, m.name(), selected, up, down);
        int x1 = x(ref) + NODE_WIDTH;
        int y1 = y(ref) + NODE_HEIGHT / 2;
        int x2 = x(m.name());
        int y2 = y(m.name()) + NODE_HEIGHT / 2;
        int mid = (x1 + x2) / 2;
        s.append(
            String.format(
                Locale.ROOT,
                "<path class=\"edge%s\" data-from=\"%s\" data-to=\"%s\" d=\"M%d,%d C%d,%d %d,%d %d,%d\"/>%n",
                lit ? " lit" : "",
                ref,
                m.name(),
                x1,
                y1,
                mid,
                y1,
                mid,
                y2,
                x2,
                y2));
      }
    }
    // Order that is not a ref (a relationships rule audits against another model, which must be
    // built first): dashed, class "dep", so it reads as "checked against", not "built from".
    for (Model m : project.models()) {
      for (String parent : project.dag().parents(m.name())) {
        if (m.info().refs().contains(parent)) {
          continue;
        }
        int x1 = x(parent) + NODE_WIDTH;
        int y1 = y(parent) + NODE_HEIGHT / 2;
        int y2 = y(m.name()) + NODE_HEIGHT / 2;
        boolean sameColumn = column.get(parent).equals(column.get(m.name()));
        // In the same column, a bracket on the right-hand side; else a curve like a ref's.
        int x2 = sameColumn ? x(m.name()) + NODE_WIDTH : x(m.name());
        int bend = sameColumn ? x1 + COLUMN_GAP / 3 : (x1 + x2) / 2;
        s.append(
            String.format(
                Locale.ROOT,
                "<path class=\"dep%s\" data-from=\"%s\" data-to=\"%s\" d=\"M%d,%d C%d,%d %d,%d %d,%d\"><title>%s is checked against %s</title></path>%n",
                lit(parent, m.name(), selected, up, down) ? " lit" : "",
                parent,
                m.name(),
                x1,
                y1,
                bend,
                y1,
                bend,
                y2,
                x2,
                y2,
                m.name(),
                parent));
      }
    }
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
      s.append(
          String.format(
              Locale.ROOT,
              "<a href=\"%s%s.html\"><g class=\"%s\" data-model=\"%s\" id=\"node-%s\"><title>%s (%s, %s)</title>"
                  + "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"5\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text></g></a>%n",
              linkPrefix,
              n,
              cls,
              n,
              n,
              n,
              Html.escape(m.info().layer()),
              m.info().materialization().label(),
              x(n),
              y(n),
              NODE_WIDTH,
              NODE_HEIGHT,
              colour(m.info().layer()),
              x(n) + NODE_WIDTH / 2,
              y(n) + NODE_HEIGHT / 2 + 4,
              Html.escape(n)));
    }
    return s.append("</svg>\n").toString();
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
