package io.reelhouse.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelhouse.model.DatasetModel;
import io.reelhouse.model.Materialization;
import io.reelhouse.model.ModelContext;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.model.Project;
import io.reelhouse.quality.Rules;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The lineage picture: where each model sits, which edges it draws, what a selection lights. */
class LineageTest {
  /** A model that is only its declaration: the picture never builds it. */
  record Declared(ModelInfo info) implements DatasetModel {
    @Override
    public Dataset<Row> build(ModelContext ctx) {
      throw new UnsupportedOperationException("not built in a picture");
    }
  }

  /**
   * a -> b -> c, a seed s read by c only, and c checked against a by a relationships rule (an order
   * that is not a ref). The layer of s has markup in its name.
   */
  private static Project project() {
    return new Project(
        "p",
        List.of(),
        List.of(
            new Declared(ModelInfo.builder("a", "staging", Materialization.TABLE).build()),
            new Declared(ModelInfo.builder("b", "dim", Materialization.TABLE).refs("a").build()),
            new Declared(ModelInfo.builder("s", "seeds <&>", Materialization.SEED).build()),
            new Declared(
                ModelInfo.builder("c", "mart", Materialization.TABLE)
                    .refs("b", "s")
                    .rules(Rules.relationships("id", "a", "id"))
                    .build())));
  }

  @Test
  void aModelSitsRightOfItsDeepestRefAndASeedJustLeftOfItsNearestChild() {
    Lineage lineage = new Lineage(project());
    // Columns 210 wide with 90 between, from x = 20; rows 34 high with 20 between, from y = 50.
    assertThat(lineage.x("a")).as("a: no refs, read by b in column 1").isEqualTo(20);
    assertThat(lineage.x("b")).as("b: right of a").isEqualTo(320);
    assertThat(lineage.x("c")).as("c: right of b, its deepest ref").isEqualTo(620);
    assertThat(lineage.x("s")).as("s: left of c, not in the first column").isEqualTo(320);
    assertThat(lineage.y("b")).as("b first in column 1: placed by its ref").isEqualTo(50);
    assertThat(lineage.y("s")).as("s below b: no ref to place it by").isEqualTo(104);
    assertThat(lineage.nodes()).containsExactlyInAnyOrder("a", "b", "c", "s");
    assertThat(lineage.edges()).as("one per ref").isEqualTo(3);
  }

  @Test
  void theSvgHasANodePerModelAnEdgePerRefAndADashedLineForARelationship() {
    String svg = new Lineage(project()).svg("models/", null);
    assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lineage\"");
    assertThat(svg)
        .as("3 columns, 2 rows")
        .contains("width=\"850\" height=\"158\" viewBox=\"0 0 850 158\"");
    assertThat(all(svg, "data-model=\"(\\w+)\"")).containsExactly("a", "b", "s", "c");
    assertThat(all(svg, "<path class=\"edge\" data-from=\"(\\w+)\" data-to=\"(\\w+)\""))
        .containsExactly("a>b", "b>c", "s>c");
    assertThat(svg)
        .as("a -> b: from a's right side to b's left, bending half way")
        .contains("data-from=\"a\" data-to=\"b\" d=\"M230,67 C275,67 275,67 320,67\"/>");
    assertThat(all(svg, "<path class=\"dep\" data-from=\"(\\w+)\" data-to=\"(\\w+)\""))
        .as("the relationships rule's order, not a ref")
        .containsExactly("a>c");
    assertThat(svg).contains("<title>c is checked against a</title>");
    assertThat(svg)
        .as("each node links to its page")
        .contains("<a href=\"models/b.html\"><g class=\"node\" data-model=\"b\" id=\"node-b\">");
    assertThat(svg)
        .as("text is escaped: legend and title")
        .contains(">seeds &lt;&amp;&gt;</text>")
        .contains("<title>s (seeds &lt;&amp;&gt;, seed)</title>")
        .doesNotContain("seeds <&>");
  }

  @Test
  void aSelectedModelLightsItsAncestorsDescendantsAndTheEdgesBetweenAndDimsTheRest() {
    String svg = new Lineage(project()).svg("", "b");
    assertThat(svg)
        .contains("<g class=\"node selected\" data-model=\"b\"")
        .contains("<g class=\"node ancestor\" data-model=\"a\"")
        .contains("<g class=\"node descendant\" data-model=\"c\"")
        .contains("<g class=\"node dim\" data-model=\"s\"")
        .contains("<a href=\"b.html\">");
    assertThat(all(svg, "<path class=\"edge lit\" data-from=\"(\\w+)\" data-to=\"(\\w+)\""))
        .as("edges on a path through b")
        .containsExactly("a>b", "b>c");
    assertThat(svg).contains("<path class=\"edge\" data-from=\"s\" data-to=\"c\"");
  }

  private static List<String> all(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(m.groupCount() == 1 ? m.group(1) : m.group(1) + ">" + m.group(2));
    }
    return out;
  }
}
