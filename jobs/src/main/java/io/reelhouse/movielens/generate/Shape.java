package io.reelhouse.movielens.generate;

/**
 * Row counts of a generated sample. At scale 1.0 these are the ML-25M counts; every count but the
 * genome tags (always 1,128) scales linearly.
 *
 * @param users distinct users, each with at least 20 ratings
 * @param movies movies in movies.csv and links.csv
 * @param ratedMovies movies that can be rated (the rest have no ratings)
 * @param ratings ratings, unique per (user, movie)
 * @param taggers users who tag
 * @param tags tags, unique per (user, movie, tag)
 * @param tagVocabulary distinct tag strings to draw from
 * @param genomeMovies movies with genome scores (the most popular ones)
 * @param genomeTags genome tags; every genome movie has a score for each
 */
public record Shape(
    int users,
    int movies,
    int ratedMovies,
    long ratings,
    int taggers,
    long tags,
    int tagVocabulary,
    int genomeMovies,
    int genomeTags) {

  public static final int MIN_RATINGS_PER_USER = 20;

  /** ML-25M's counts times {@code scale}. */
  public static Shape atScale(double scale) {
    if (!(scale > 0) || scale > 10) {
      throw new IllegalArgumentException("--scale must be above 0 and at most 10, got " + scale);
    }
    Shape s =
        new Shape(
            (int) Math.round(162_541 * scale),
            (int) Math.round(62_423 * scale),
            (int) Math.round(59_047 * scale),
            Math.round(25_000_095 * scale),
            Math.max(1, (int) Math.round(14_709 * scale)),
            Math.round(1_093_360 * scale),
            Math.max(200, (int) Math.round(43_000 * scale)),
            Math.max(1, (int) Math.round(13_816 * scale)),
            1_128);
    if ((long) s.users * s.maxRatingsPerUser() < s.ratings
        || (long) s.users * MIN_RATINGS_PER_USER > s.ratings) {
      throw new IllegalArgumentException(
          "--scale "
              + scale
              + " is too small: "
              + s.ratings
              + " unique (user, movie) ratings do not fit "
              + s.users
              + " users and "
              + s.ratedMovies
              + " movies; use 0.005 or more");
    }
    return s;
  }

  /** A user rates at most 60% of the movies that can be rated, and at most 19,612 (ML-25M). */
  public int maxRatingsPerUser() {
    return Math.min(19_612, (int) (ratedMovies * 0.6));
  }
}
