package io.reelhouse.model.selection;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;

/**
 * dbt's wildcards. Python's fnmatch ({@code *}, {@code ?}, {@code [seq]}, {@code [!seq]}) is the
 * JDK's glob on names, which hold no '/'; paths match as pathlib's glob does ({@code *} within one
 * folder, {@code **} across).
 */
final class Glob {
  private Glob() {}

  static boolean hasWildcard(String pattern) {
    return pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == ']');
  }

  static PathMatcher of(String pattern) {
    try {
      return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    } catch (RuntimeException e) {
      throw new InvalidSelectorException(
          "invalid pattern '" + pattern + "': " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /** fnmatch on a name (a tag, a test's name, a source's name). */
  static boolean matches(String name, String pattern) {
    if (!hasWildcard(pattern)) {
      return name.equals(pattern);
    }
    return !name.contains("/") && of(pattern).matches(Path.of(name));
  }
}
