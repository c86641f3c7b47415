package io.reelhouse.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** Edit distance, for "did you mean" suggestions on unknown names. */
public final class Names {
  private static final LevenshteinDistance LEVENSHTEIN = LevenshteinDistance.getDefaultInstance();

  private Names() {}

  /** Levenshtein distance between two strings (Commons Text). */
  public static int distance(String a, String b) {
    return LEVENSHTEIN.apply(a, b);
  }

  /** Up to three known names nearest to {@code name}, closest first. */
  public static List<String> nearest(String name, Collection<String> known) {
    int limit = Math.max(3, name.length() / 2);
    return known.stream()
        .filter(k -> distance(name, k) <= limit || k.contains(name) || name.contains(k))
        .sorted(Comparator.comparingInt((String k) -> distance(name, k)).thenComparing(k -> k))
        .limit(3)
        .toList();
  }
}
