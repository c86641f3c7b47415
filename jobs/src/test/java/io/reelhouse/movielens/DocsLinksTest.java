package io.reelhouse.movielens;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;

/**
 * README.md and docs/*.md: every link resolves to a file of the repository (and to a heading of it
 * when it names one), nothing links or points outside the repository, README.md stays a newcomer's
 * page that opens with the two set-up commands, and docs/ARCHITECTURE.md names the packages the
 * code has.
 */
class DocsLinksTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** A URI scheme (http:, https:, mailto:, file:) or a protocol-relative link (//host). */
  private static final Pattern LEAVES = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*:|//)");

  /** A relative path written in the text (a code span, a command) that climbs out of its folder. */
  private static final Pattern UPWARD_PATH = Pattern.compile("(?<![\\w./-])(\\.\\./)+[\\w./-]*");

  private static final Parser MARKDOWN = Parser.builder().build();

  @Test
  void everyLinkResolvesToAFileOrHeadingInsideTheRepository() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path page : pages()) {
      for (String target : links(page)) {
        problem(page, target).ifPresent(p -> broken.add(ROOT.relativize(page) + ": " + p));
      }
    }
    assertThat(broken).as("links in README.md and docs/*.md that do not resolve").isEmpty();
  }

  @Test
  void noPathInTheTextPointsOutsideTheRepository() throws IOException {
    List<String> outside = new ArrayList<>();
    for (Path page : pages()) {
      Matcher m = UPWARD_PATH.matcher(Files.readString(page));
      while (m.find()) {
        Path resolved = page.getParent().resolve(m.group()).normalize();
        if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
          outside.add(ROOT.relativize(page) + ": " + m.group());
        }
      }
    }
    assertThat(outside)
        .as("paths written in README.md and docs/*.md that leave the repository or do not exist")
        .isEmpty();
  }

  @Test
  void readmeIsAtMost300LinesAndOpensWithTheTwoSetUpCommands() throws IOException {
    List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
    assertThat(lines.size()).as("lines in README.md").isLessThanOrEqualTo(300);
    assertThat(lines.get(0)).as("README.md's first line").isEqualTo("# Reelhouse");
    int fence = lines.indexOf("```bash");
    assertThat(fence).as("line index of README.md's first code block").isBetween(1, 4);
    assertThat(lines.subList(1, fence))
        .as("README.md between the title and the first code block")
        .noneMatch(l -> l.startsWith("#"));
    assertThat(lines.get(fence + 1))
        .as("first command in README.md")
        .startsWith("bin/reelhouse demo");
    assertThat(lines.get(fence + 2)).as("second command in README.md").startsWith("mvn verify");
    assertThat(lines.get(fence + 3)).as("end of README.md's first code block").isEqualTo("```");
  }

  @Test
  void architectureNamesEveryPackageOfTheMainCodeAndNoOther() throws IOException {
    Set<String> packages = new TreeSet<>();
    for (String module : List.of("common", "jobs", "bench")) {
      Path src = ROOT.resolve(module).resolve("src/main/java");
      try (Stream<Path> files = Files.walk(src)) {
        files
            .filter(f -> f.toString().endsWith(".java"))
            .forEach(f -> packages.add(src.relativize(f.getParent()).toString().replace('/', '.')));
      }
    }
    assertThat(packages).as("packages found under */src/main/java").contains("io.reelhouse.model");

    Set<String> documented = new TreeSet<>();
    Matcher row =
        Pattern.compile("(?m)^\\| `(io\\.reelhouse[\\w.]*)` \\|")
            .matcher(Files.readString(ROOT.resolve("docs/ARCHITECTURE.md")));
    while (row.find()) {
      documented.add(row.group(1));
    }
    assertThat(documented)
        .as("packages in docs/ARCHITECTURE.md's module map against the main code's")
        .isEqualTo(packages);
  }

  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    assertThat(pages).as("pages checked").hasSizeGreaterThan(5);
    return pages;
  }

  /** Link and image destinations, as written. */
  private static List<String> links(Path page) throws IOException {
    List<String> targets = new ArrayList<>();
    MARKDOWN
        .parse(Files.readString(page))
        .accept(
            new AbstractVisitor() {
              @Override
              public void visit(Link link) {
                targets.add(link.getDestination());
                visitChildren(link);
              }

              @Override
              public void visit(Image image) {
                targets.add(image.getDestination());
              }
            });
    return targets;
  }

  private static Optional<String> problem(Path page, String target) throws IOException {
    if (target.isEmpty()) {
      return Optional.of("an empty link");
    }
    if (LEAVES.matcher(target).find()) {
      return Optional.of(target + " leaves the repository");
    }
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path file = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
    if (!file.startsWith(ROOT)) {
      return Optional.of(target + " points outside the repository");
    }
    if (!Files.exists(file)) {
      return Optional.of(target + " does not exist (" + ROOT.relativize(file) + ")");
    }
    if (anchor != null && file.toString().endsWith(".md") && !anchors(file).contains(anchor)) {
      return Optional.of(target + ": no heading #" + anchor + " in " + ROOT.relativize(file));
    }
    return Optional.empty();
  }

  /** The anchors GitHub gives a page's headings. */
  private static Set<String> anchors(Path page) throws IOException {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    MARKDOWN
        .parse(Files.readString(page))
        .accept(
            new AbstractVisitor() {
              @Override
              public void visit(Heading heading) {
                String slug = slug(text(heading));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
              }
            });
    return anchors;
  }

  /** GitHub's rule: lower case, punctuation other than - and _ dropped, spaces to hyphens. */
  static String slug(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }

  private static String text(Node node) {
    StringBuilder s = new StringBuilder();
    node.accept(
        new AbstractVisitor() {
          @Override
          public void visit(Text text) {
            s.append(text.getLiteral());
          }

          @Override
          public void visit(Code code) {
            s.append(code.getLiteral());
          }
        });
    return s.toString();
  }

  @Test
  void slugsAreGitHubs() {
    assertThat(slug("One JVM for many commands: shell"))
        .as("slug of a heading with a colon")
        .isEqualTo("one-jvm-for-many-commands-shell");
    assertThat(slug("EMR (7.x: Spark 3.5, Java 17)"))
        .as("slug of a heading with parentheses, dots and commas")
        .isEqualTo("emr-7x-spark-35-java-17");
  }
}
