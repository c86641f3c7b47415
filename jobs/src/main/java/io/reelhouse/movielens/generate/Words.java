package io.reelhouse.movielens.generate;

import java.util.SplittableRandom;

/**
 * Titles, genres and tags shaped like MovieLens's: commas and quotes that need CSV quoting,
 * apostrophes, accented letters, upper- and lower-case words, alternative titles in parentheses.
 */
final class Words {
  static final String[] GENRES = {
    "Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary", "Drama",
    "Fantasy", "Film-Noir", "Horror", "IMAX", "Musical", "Mystery", "Romance", "Sci-Fi",
    "Thriller", "War", "Western"
  };

  /** How often each genre appears, roughly as in ML-25M (Drama and Comedy lead). */
  private static final double[] GENRE_WEIGHT = {
    7.3, 4.1, 2.9, 2.9, 16.9, 5.3, 5.6, 25.6, 2.7, 0.35, 5.6, 0.2, 1.1, 2.9, 7.7, 3.5, 8.6, 1.9, 1.3
  };

  private static final String[] WORDS = {
    "love",
    "night",
    "man",
    "woman",
    "day",
    "house",
    "dead",
    "city",
    "girl",
    "boy",
    "world",
    "war",
    "time",
    "story",
    "life",
    "king",
    "last",
    "dark",
    "black",
    "blue",
    "summer",
    "winter",
    "moon",
    "star",
    "river",
    "road",
    "dream",
    "heart",
    "secret",
    "game",
    "return",
    "island",
    "ghost",
    "murder",
    "blood",
    "fire",
    "money",
    "party",
    "school",
    "family",
    "brother",
    "sister",
    "father",
    "mother",
    "wild",
    "little",
    "big",
    "lost",
    "the end",
    "angel",
    "devil",
    "empire",
    "shadow",
    "silence",
    "spider-man",
    "x-men",
    "o'brien",
    "schindler's",
    "don't",
    "señor",
    "amélie",
    "café",
    "über",
    "naïve",
    "björk",
    "ødegaard",
    "çok",
    "żona",
    "fiancée",
    "déjà vu",
    "noël",
    "mañana",
    "straße",
    "rêve",
    "été"
  };

  private static final String[] UPPER = {"FBI", "USA", "UFO", "M.A.S.H.", "TV", "NYC", "II"};
  private static final String[] ARTICLES = {"The", "A", "An", "La", "Le", "Les", "Il", "Der"};

  private Words() {}

  /** A movie title with its year, e.g. {@code Godfather: Part II, The (1974)}. */
  static String title(SplittableRandom r, int year) {
    StringBuilder t = new StringBuilder(phrase(r, 1 + r.nextInt(4)));
    double p = r.nextDouble();
    if (p < 0.04) {
      t.append(": Part ").append(new String[] {"II", "III", "IV", "2", "3"}[r.nextInt(5)]);
    } else if (p < 0.06) {
      t.append(" ").append(UPPER[r.nextInt(UPPER.length)]);
    }
    double q = r.nextDouble();
    if (q < 0.08) {
      // "Title, The": the commonest reason a MovieLens title needs quoting.
      t.append(", ").append(ARTICLES[r.nextInt(ARTICLES.length)]);
    } else if (q < 0.13) {
      t.append(", ").append(phrase(r, 1)).append(" and ").append(phrase(r, 1));
    } else if (q < 0.14) {
      t.insert(0, '"').insert(t.indexOf(" ") > 0 ? t.indexOf(" ") : t.length(), '"');
    }
    if (r.nextDouble() < 0.05) {
      String alt = phrase(r, 1 + r.nextInt(3));
      t.append(r.nextDouble() < 0.4 ? " (a.k.a. " + alt + ")" : " (" + alt + ", The)");
    }
    double y = r.nextDouble();
    if (y < 0.005) {
      return t.toString();
    }
    t.append(" (").append(year).append(')');
    if (y < 0.01) {
      t.append(' ');
    }
    return t.toString();
  }

  /** A few words, mostly capitalised, some lower-case, as titles are. */
  static String phrase(SplittableRandom r, int words) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < words; i++) {
      if (i > 0) {
        b.append(
            i > 0 && r.nextDouble() < 0.15
                ? new String[] {" of ", " and ", " in ", " the "}[r.nextInt(4)]
                : " ");
      }
      String w = WORDS[r.nextInt(WORDS.length)];
      b.append(r.nextDouble() < 0.9 ? capitalise(w) : w);
    }
    return b.toString();
  }

  private static String capitalise(String w) {
    return w.isEmpty() ? w : w.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + w.substring(1);
  }

  /** Sorted, |-joined genres, or (no genres listed) for about 8% of movies. */
  static String genres(SplittableRandom r) {
    if (r.nextDouble() < 0.08) {
      return "(no genres listed)";
    }
    int n = 1 + (int) Math.min(4, Math.floor(-Math.log(1 - r.nextDouble()) * 1.1));
    boolean[] pick = new boolean[GENRES.length];
    double total = 0;
    for (double w : GENRE_WEIGHT) {
      total += w;
    }
    for (int k = 0; k < n; k++) {
      double u = r.nextDouble() * total;
      int g = 0;
      while (g < GENRES.length - 1 && u >= GENRE_WEIGHT[g]) {
        u -= GENRE_WEIGHT[g];
        g++;
      }
      pick[g] = true;
    }
    StringBuilder b = new StringBuilder();
    for (int g = 0; g < GENRES.length; g++) {
      if (pick[g]) {
        if (b.length() > 0) {
          b.append('|');
        }
        b.append(GENRES[g]);
      }
    }
    return b.toString();
  }

  /** The i-th tag string of the vocabulary; a few carry commas, quotes or capitals. */
  static String tag(long seed, int i) {
    SplittableRandom r = Rng.of(seed, 40, i);
    String base =
        phrase(r, 1 + r.nextInt(3)).toLowerCase(java.util.Locale.ROOT)
            + " "
            + Integer.toString(i, 36);
    double p = r.nextDouble();
    if (p < 0.02) {
      return base + ", " + WORDS[r.nextInt(WORDS.length)];
    } else if (p < 0.03) {
      return "\"" + base + "\"";
    } else if (p < 0.10) {
      return base.toUpperCase(java.util.Locale.ROOT);
    }
    return base;
  }

  /** 1,128-ish distinct genome tag strings (lower-case, like ML's "based on a book"). */
  static String genomeTag(long seed, int i) {
    SplittableRandom r = Rng.of(seed, 41, i);
    return phrase(r, 1 + r.nextInt(2)).toLowerCase(java.util.Locale.ROOT)
        + " "
        + Integer.toString(i, 36);
  }
}
