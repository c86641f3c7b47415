package io.reelhouse.model.selection;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed selection, as dbt's {@code selector_spec.py} models it: criteria combined by union,
 * intersection and difference. On the command line, the terms of {@code --select} (space- or
 * argument-separated) are a union, the comma-separated parts of one term an intersection, and
 * {@code --exclude} is subtracted from the whole.
 */
public sealed interface SelectionSpec {

  /** How a test whose model is selected joins the selection (dbt's --indirect-selection). */
  enum IndirectSelection {
    /** A test is selected when any model it reads is. */
    EAGER,
    /** A test is selected when every model it reads is. */
    CAUTIOUS,
    /** As cautious, counting the selected nodes' ancestors as selected. */
    BUILDABLE,
    /** Tests are selected only by name. */
    EMPTY;

    public static IndirectSelection parse(String value, String where) {
      for (IndirectSelection m : values()) {
        if (m.name().equalsIgnoreCase(value)) {
          return m;
        }
      }
      throw new InvalidSelectorException(
          "invalid indirect selection '"
              + value
              + "' in "
              + where
              + " (eager, cautious, buildable or empty)");
    }
  }

  /**
   * One criterion: {@code [@][N+][method[.arg]:]value[+N]}.
   *
   * @param raw the text it was parsed from, for messages
   * @param method the method's name; {@code fqn}, {@code path} or {@code file} when implicit
   * @param arguments what follows the method's first dot ({@code config.materialized})
   * @param implicit whether the text named no method (a plain name, path or file)
   * @param parentsDepth null for all ancestors
   * @param childrenDepth null for all descendants
   * @param indirect null to use the command's mode
   */
  record Criteria(
      String raw,
      String method,
      List<String> arguments,
      boolean implicit,
      String value,
      boolean childrensParents,
      boolean parents,
      Integer parentsDepth,
      boolean children,
      Integer childrenDepth,
      IndirectSelection indirect)
      implements SelectionSpec {
    public Criteria {
      arguments = List.copyOf(arguments);
      if (children && childrensParents) {
        throw new InvalidSelectorException(
            "invalid selector '" + raw + "': the @ prefix and a + suffix cannot be combined");
      }
      if (value.isEmpty()) {
        throw new InvalidSelectorException("invalid selector '" + raw + "': no value to select");
      }
    }
  }

  /**
   * Nodes selected by every part.
   *
   * @param expectExists warn when it selects nothing (each term of the command line)
   * @param indirect how tests left aside by a part join when the combination selects their models
   */
  record Intersection(
      String raw, List<SelectionSpec> parts, boolean expectExists, IndirectSelection indirect)
      implements SelectionSpec {}

  /** Nodes selected by any part. */
  record Union(
      String raw, List<SelectionSpec> parts, boolean expectExists, IndirectSelection indirect)
      implements SelectionSpec {}

  /** Nodes selected by {@code include} and not by {@code exclude}. */
  record Difference(String raw, SelectionSpec include, SelectionSpec exclude)
      implements SelectionSpec {}

  /** dbt's RAW_SELECTOR_PATTERN. */
  Pattern RAW =
      Pattern.compile(
          "\\A(?<cp>@)?(?<parents>(?<pd>\\d*)\\+)?((?<method>[\\w.]+):)?(?<value>.*?)"
              + "(?<children>\\+(?<cd>\\d*))?\\z");

  /** Parses one criterion as written on the command line or in selectors.yml. */
  static Criteria criteria(String raw, IndirectSelection indirect) {
    Matcher m = RAW.matcher(raw);
    if (!m.matches()) {
      throw new InvalidSelectorException("invalid selector '" + raw + "'");
    }
    String value = m.group("value");
    String method = m.group("method");
    List<String> arguments = List.of();
    boolean implicit = method == null;
    if (implicit) {
      method = defaultMethod(value);
    } else {
      String[] parts = method.split("\\.", -1);
      method = parts[0];
      arguments = List.of(parts).subList(1, parts.length);
    }
    return new Criteria(
        raw,
        method,
        arguments,
        implicit,
        value,
        m.group("cp") != null,
        m.group("parents") != null,
        depth(m.group("pd")),
        m.group("children") != null,
        depth(m.group("cd")),
        indirect);
  }

  /** dbt's default method: a path when the value has a slash, a file by extension, else fqn. */
  static String defaultMethod(String value) {
    if (value.contains("/")) {
      return "path";
    }
    String lower = value.toLowerCase(java.util.Locale.ROOT);
    if (lower.endsWith(".sql")
        || lower.endsWith(".py")
        || lower.endsWith(".csv")
        || lower.endsWith(".java")) {
      return "file";
    }
    return "fqn";
  }

  private static Integer depth(String digits) {
    return digits == null || digits.isEmpty() ? null : Integer.valueOf(digits);
  }

  /**
   * The command line's selection: the union of {@code select} (everything when empty) minus the
   * union of {@code exclude}. Each argument may hold several space-separated terms.
   */
  static SelectionSpec fromCommandLine(
      List<String> select, List<String> exclude, IndirectSelection indirect) {
    SelectionSpec included =
        select.isEmpty()
            ? new Union("everything", List.of(new Everything()), false, indirect)
            : union(select, indirect);
    return new Difference(String.join(" ", select), included, union(exclude, indirect));
  }

  private static Union union(List<String> args, IndirectSelection indirect) {
    List<SelectionSpec> terms = new ArrayList<>();
    for (String arg : args) {
      for (String term : arg.trim().split("\\s+")) {
        if (term.isEmpty()) {
          continue;
        }
        List<SelectionSpec> parts = new ArrayList<>();
        for (String part : term.split(",", -1)) {
          if (part.isEmpty()) {
            throw new InvalidSelectorException(
                "invalid selector '" + term + "': an empty part between commas");
          }
          parts.add(criteria(part, indirect));
        }
        terms.add(new Intersection(term, parts, true, indirect));
      }
    }
    return new Union(String.join(" ", args), terms, false, indirect);
  }

  /** Every node of the graph (an empty --select; dbt's {@code fqn:* source:* ...} default). */
  record Everything() implements SelectionSpec {}
}
