package io.reelhouse.source;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The check of a raw file's header line against the declared column names. Columns are read by
 * position, so the header must name the declared columns in the declared order; case, quotes around
 * a name and a UTF-8 byte-order mark do not matter.
 *
 * <p>The problem it reports says what a person would fix: a file with no header, another separator,
 * a missing, unexpected, repeated or misplaced column, always ending with the expected header.
 *
 * <pre>{@code
 * CsvHeader.problem("userId;movieId", List.of("userId", "movieId"));
 * // " line 1: header 'userId;movieId' is separated by ';', expected ',' (...)"
 * }</pre>
 */
final class CsvHeader {
  private static final int SHOWN_CHARS = 120;

  private CsvHeader() {}

  /**
   * Compares a header line with the expected names: null when it matches, else the problem,
   * starting with " is empty", " line 1 is blank" or " line 1: ..." so that it reads on from the
   * file's path.
   */
  static String problem(String first, List<String> expected) {
    String want = String.join(",", expected);
    if (first == null || first.isBlank()) {
      return (first == null ? " is empty" : " line 1 is blank")
          + "; expected a header line "
          + want;
    }
    String cleaned = SourceFolder.withoutByteOrderMark(first).strip();
    List<String> names = new ArrayList<>();
    for (String n : cleaned.split(",", -1)) {
      names.add(n.strip().replace("\"", ""));
    }
    String at = " line 1: header '" + shorten(cleaned) + "'";
    if (names.size() == 1 && expected.size() > 1) {
      String separator = otherSeparator(cleaned, expected.size());
      if (separator != null) {
        return at
            + " is separated by '"
            + separator
            + "', expected ',' (comma-separated values with a header "
            + want
            + ")";
      }
    }
    if (expected.stream().noneMatch(e -> names.stream().anyMatch(n -> n.equalsIgnoreCase(e)))) {
      return at
          + " names none of the expected columns: the file has no header line? expected "
          + want;
    }
    Set<String> lowerNames = lower(names);
    Set<String> lowerExpected = lower(expected);
    List<String> missing =
        expected.stream().filter(e -> !lowerNames.contains(e.toLowerCase(Locale.ROOT))).toList();
    List<String> extra =
        names.stream().filter(n -> !lowerExpected.contains(n.toLowerCase(Locale.ROOT))).toList();
    if (!missing.isEmpty()) {
      return at
          + " lacks column"
          + (missing.size() > 1 ? "s " : " ")
          + String.join(", ", missing)
          + (extra.isEmpty() ? "" : " and has unexpected " + String.join(", ", extra))
          + "; expected "
          + want;
    }
    if (!extra.isEmpty()) {
      return at
          + " has unexpected column"
          + (extra.size() > 1 ? "s " : " ")
          + String.join(", ", extra)
          + " (column "
          + (names.indexOf(extra.get(0)) + 1)
          + "); expected "
          + want;
    }
    for (int i = 0; i < expected.size(); i++) {
      if (i >= names.size() || !names.get(i).equalsIgnoreCase(expected.get(i))) {
        return at
            + ": column "
            + (i + 1)
            + " is "
            + (i < names.size() ? "'" + names.get(i) + "'" : "missing")
            + ", expected '"
            + expected.get(i)
            + "' (columns are read by position; expected "
            + want
            + ")";
      }
    }
    return names.size() == expected.size() ? null : at + " repeats a column; expected " + want;
  }

  /** The separator other than a comma that splits the line into the expected count, as shown. */
  private static String otherSeparator(String line, int columns) {
    for (String sep : List.of(";", "\t", "|")) {
      if (line.split(Pattern.quote(sep), -1).length == columns) {
        return sep.equals("\t") ? "\\t" : sep;
      }
    }
    return null;
  }

  private static Set<String> lower(List<String> names) {
    Set<String> out = new HashSet<>();
    names.forEach(n -> out.add(n.toLowerCase(Locale.ROOT)));
    return out;
  }

  private static String shorten(String s) {
    return s.length() <= SHOWN_CHARS ? s : s.substring(0, SHOWN_CHARS - 3) + "...";
  }
}
