package io.reelhouse.movielens.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes MovieLens-format CSVs shaped like ML-25M at any scale, deterministically: the same scale
 * and seed give byte-identical files, because every user, movie and tag draws from its own keyed
 * generator.
 *
 * <p>Shape: log-normal movie popularity with a capped head, so a few movies get most ratings; at
 * least 20 ratings per user (median near 71); half-star ratings, whole stars only before
 * 2003-02-18; unique (user, movie) ratings and (user, movie, tag) tags; titles with commas, quotes,
 * apostrophes and accents; about 8% of movies without genres; zero-padded imdbIds and a few empty
 * tmdbIds; genome scores on the 0.00025 grid for the most popular movies, a few of them exactly 0.
 *
 * <p>Memory: the movie table and one count per user; ratings and genome scores stream to disk.
 * Files are written under a temporary name and renamed when complete.
 */
public final class MovieLensGenerator {
  private static final long T_START = 789_652_800L; // 1995-01-09
  private static final long T_END = 1_574_380_800L; // 2019-11-22
  private static final long WHOLE_STARS_UNTIL = 1_045_526_400L; // 2003-02-18
  private static final long TAGS_FROM = 1_135_382_400L; // 2005-12-24
  private static final double POPULARITY_SIGMA = 2.9;
  private static final double TOP_MOVIE_SHARE = 43_145.0 / 25_000_095;

  private final Shape shape;
  private final long seed;
  private final PrintStream progress;

  // The movie table: the only state that grows with scale besides one count per user.
  private int[] movieIds;
  private double[] cumulativePopularity;
  private double[] quality;
  private Integer[] byPopularity;

  public MovieLensGenerator(Shape shape, long seed, PrintStream progress) {
    this.shape = shape;
    this.seed = seed;
    this.progress = progress;
  }

  /** Row counts and byte sizes of what was written. */
  public record FileStats(String file, long rows, long bytes) {}

  public List<FileStats> generate(Path out) {
    try {
      Files.createDirectories(out);
      long t0 = System.nanoTime();
      List<FileStats> stats = new ArrayList<>();
      stats.add(movies(out));
      stats.add(links(out));
      stats.add(ratings(out));
      stats.add(tags(out));
      stats.add(genomeTags(out));
      stats.add(genomeScores(out));
      writeManifest(out, stats, (System.nanoTime() - t0) / 1e9);
      return stats;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + out + ": " + e.getMessage(), e);
    }
  }

  private FileStats movies(Path out) throws IOException {
    int n = shape.movies();
    movieIds = new int[n];
    double[] weight = new double[n];
    quality = new double[n];
    int id = 0;
    try (CsvFile f = new CsvFile(progress, out, "movies.csv", "movieId,title,genres", n)) {
      for (int i = 0; i < n; i++) {
        SplittableRandom r = Rng.of(seed, 1, i);
        // Sparse ids like ML-25M's (62k movies up to id ~209k): mostly +1, now and then a jump.
        // The first ten are 1..10, the movies of the seed's release dates.
        double jump = r.nextDouble();
        id += i < 10 || jump < 0.9 ? 1 : 2 + r.nextInt(20);
        movieIds[i] = id;
        int year = 1902 + (int) Math.round(117 * Math.sqrt(r.nextDouble()));
        weight[i] = Math.exp(POPULARITY_SIGMA * Rng.gaussian(r));
        quality[i] = 3.0 + 0.5 * Rng.gaussian(r);
        f.row(
            id + "," + CsvFile.quote(Words.title(r, year)) + "," + CsvFile.quote(Words.genres(r)));
      }
      setPopularity(weight);
      return f.finish();
    }
  }

  /** Unrated movies get weight 0; the head is capped so the top movie has ML-25M's share. */
  private void setPopularity(double[] weight) {
    int n = weight.length;
    byPopularity = new Integer[n];
    for (int i = 0; i < n; i++) {
      byPopularity[i] = i;
    }
    Arrays.sort(byPopularity, (a, b) -> Double.compare(weight[b], weight[a]));
    for (int k = shape.ratedMovies(); k < n; k++) {
      weight[byPopularity[k]] = 0;
    }
    double cap = Double.MAX_VALUE;
    for (int iter = 0; iter < 50; iter++) {
      double total = 0;
      for (double w : weight) {
        total += Math.min(w, cap);
      }
      cap = TOP_MOVIE_SHARE * total;
    }
    cumulativePopularity = new double[n];
    double acc = 0;
    for (int i = 0; i < n; i++) {
      acc += Math.min(weight[i], cap);
      cumulativePopularity[i] = acc;
    }
  }

  private FileStats links(Path out) throws IOException {
    int n = shape.movies();
    try (CsvFile f = new CsvFile(progress, out, "links.csv", "movieId,imdbId,tmdbId", n)) {
      for (int i = 0; i < n; i++) {
        SplittableRandom r = Rng.of(seed, 2, i);
        int imdb = 1_000 + i * 13 + r.nextInt(13);
        int tmdb = 2 + i * 5 + r.nextInt(5);
        String tmdbText = r.nextDouble() < 0.0017 ? "" : Integer.toString(tmdb);
        f.row(movieIds[i] + "," + String.format(Locale.ROOT, "%07d", imdb) + "," + tmdbText);
      }
      return f.finish();
    }
  }

  private FileStats ratings(Path out) throws IOException {
    int users = shape.users();
    double[] appetite = new double[users];
    for (int u = 0; u < users; u++) {
      // Log-normal ratings per user beyond the 20 minimum: median near 71, long tail.
      appetite[u] = Math.exp(1.39 * Rng.gaussian(Rng.of(seed, 3, u)));
    }
    int[] count =
        Allocation.split(
            appetite, Shape.MIN_RATINGS_PER_USER, shape.maxRatingsPerUser(), shape.ratings());
    boolean[] taken = new boolean[shape.movies()];
    int[] chosen = new int[shape.maxRatingsPerUser()];
    try (CsvFile f =
        new CsvFile(
            progress, out, "ratings.csv", "userId,movieId,rating,timestamp", shape.ratings())) {
      StringBuilder line = new StringBuilder(64);
      for (int u = 0; u < users; u++) {
        SplittableRandom r = Rng.of(seed, 4, u);
        int k = count[u];
        drawDistinctMovies(r, k, taken, chosen);
        Arrays.sort(chosen, 0, k);
        long span = T_END - T_START;
        long from = T_START + (long) (r.nextDouble() * (span - 86_400));
        long length = (long) Math.min(T_END - from, 86_400 * Math.exp(3 + 2 * Rng.gaussian(r)));
        double bias = 0.4 * Rng.gaussian(r);
        for (int j = 0; j < k; j++) {
          int m = chosen[j];
          taken[m] = false;
          long ts = from + (long) (r.nextDouble() * Math.max(1, length));
          double raw = quality[m] + bias + 0.9 * Rng.gaussian(r);
          int halves =
              ts < WHOLE_STARS_UNTIL
                  ? 2 * (int) Math.max(1, Math.min(5, Math.round(raw)))
                  : (int) Math.max(1, Math.min(10, Math.round(raw * 2)));
          line.setLength(0);
          line.append(u + 1).append(',').append(movieIds[m]).append(',');
          line.append(halves / 2).append(halves % 2 == 0 ? ".0" : ".5").append(',').append(ts);
          f.row(line);
        }
      }
      return f.finish();
    }
  }

  /** Fills {@code chosen[0..k)} with k distinct movie indexes drawn by popularity. */
  private void drawDistinctMovies(SplittableRandom r, int k, boolean[] taken, int[] chosen) {
    double total = cumulativePopularity[cumulativePopularity.length - 1];
    int got = 0;
    long attempts = 0;
    while (got < k && attempts < 64L * k) {
      attempts++;
      int m = indexOf(r.nextDouble() * total);
      if (!taken[m]) {
        taken[m] = true;
        chosen[got++] = m;
      }
    }
    // A heavy rater exhausts the popular head; take the next most popular untaken movies.
    for (int p = 0; got < k; p++) {
      int m = byPopularity[p];
      if (!taken[m]) {
        taken[m] = true;
        chosen[got++] = m;
      }
    }
  }

  private int indexOf(double x) {
    int i = Arrays.binarySearch(cumulativePopularity, x);
    i = i >= 0 ? i + 1 : -i - 1;
    int last = cumulativePopularity.length - 1;
    i = Math.min(i, last);
    // Skip zero-weight movies that share the same cumulative value.
    while (i < last
        && (i > 0
            ? cumulativePopularity[i] == cumulativePopularity[i - 1]
            : cumulativePopularity[0] == 0)) {
      i++;
    }
    return i;
  }

  private FileStats tags(Path out) throws IOException {
    int taggers = Math.min(shape.taggers(), shape.users());
    // Taggers are spread over the user ids: every (users / taggers)-th user, shifted per seed.
    double[] appetite = new double[taggers];
    for (int t = 0; t < taggers; t++) {
      appetite[t] = Math.exp(2.0 * Rng.gaussian(Rng.of(seed, 5, t)));
    }
    int maxPerTagger = (int) Math.min(Integer.MAX_VALUE, Math.max(1, shape.tags() / 10 + 1));
    int[] count = Allocation.split(appetite, 1, maxPerTagger, shape.tags());
    int vocabulary = shape.tagVocabulary();
    String[] words = new String[vocabulary];
    for (int i = 0; i < vocabulary; i++) {
      words[i] = CsvFile.quote(Words.tag(seed, i));
    }
    try (CsvFile f =
        new CsvFile(progress, out, "tags.csv", "userId,movieId,tag,timestamp", shape.tags())) {
      for (int t = 0; t < taggers; t++) {
        int user = 1 + (int) ((long) t * shape.users() / taggers);
        SplittableRandom r = Rng.of(seed, 6, t);
        Set<Long> seen = new HashSet<>();
        long[] keys = new long[count[t]];
        int got = 0;
        while (got < count[t]) {
          int m = indexOf(r.nextDouble() * cumulativePopularity[cumulativePopularity.length - 1]);
          int w = (int) (vocabulary * Math.pow(r.nextDouble(), 3));
          long key = ((long) m << 32) | w;
          if (seen.add(key)) {
            keys[got++] = key;
          }
        }
        Arrays.sort(keys);
        long from = TAGS_FROM + (long) (r.nextDouble() * (T_END - TAGS_FROM - 86_400));
        for (long key : keys) {
          int m = (int) (key >>> 32);
          int w = (int) key;
          long ts = from + (long) (r.nextDouble() * Math.min(T_END - from, 86_400L * 400));
          f.row(user + "," + movieIds[m] + "," + words[w] + "," + ts);
        }
      }
      return f.finish();
    }
  }

  private FileStats genomeTags(Path out) throws IOException {
    String[] names = new String[shape.genomeTags()];
    for (int i = 0; i < names.length; i++) {
      names[i] = Words.genomeTag(seed, i);
    }
    Arrays.sort(names);
    try (CsvFile f = new CsvFile(progress, out, "genome-tags.csv", "tagId,tag", names.length)) {
      for (int i = 0; i < names.length; i++) {
        f.row((i + 1) + "," + CsvFile.quote(names[i]));
      }
      return f.finish();
    }
  }

  private FileStats genomeScores(Path out) throws IOException {
    int n = Math.min(shape.genomeMovies(), shape.ratedMovies());
    int[] movies = new int[n];
    for (int i = 0; i < n; i++) {
      movies[i] = byPopularity[i];
    }
    Arrays.sort(movies);
    long rows = (long) n * shape.genomeTags();
    try (CsvFile f =
        new CsvFile(progress, out, "genome-scores.csv", "movieId,tagId,relevance", rows)) {
      StringBuilder line = new StringBuilder(48);
      for (int m : movies) {
        SplittableRandom r = Rng.of(seed, 7, m);
        for (int tag = 1; tag <= shape.genomeTags(); tag++) {
          // On the 0.00025 grid, skewed low; about 0.05% exactly 0.
          int quarterMillis =
              r.nextDouble() < 0.0005
                  ? 0
                  : (int) Math.max(1, Math.round(4000 * Math.pow(r.nextDouble(), 2.5)));
          line.setLength(0);
          line.append(movieIds[m]).append(',').append(tag).append(',');
          appendRelevance(line, quarterMillis);
          f.row(line);
        }
      }
      return f.finish();
    }
  }

  /** k/4000 written exactly, the shortest way: 0.0, 0.02875, 1.0. */
  static void appendRelevance(StringBuilder b, int k) {
    if (k == 0 || k == 4000) {
      b.append(k == 0 ? "0.0" : "1.0");
      return;
    }
    String digits = String.format(Locale.ROOT, "%05d", k * 25);
    int end = digits.length();
    while (digits.charAt(end - 1) == '0') {
      end--;
    }
    b.append("0.").append(digits, 0, end);
  }

  private void writeManifest(Path out, List<FileStats> stats, double seconds) throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("generator", "reelhouse");
    root.put("seed", seed);
    root.set("shape", json.valueToTree(shape));
    ObjectNode files = root.putObject("files");
    for (FileStats s : stats) {
      ObjectNode f = files.putObject(s.file());
      f.put("rows", s.rows());
      f.put("bytes", s.bytes());
    }
    root.put("seconds", Math.round(seconds * 10) / 10.0);
    Path tmp = out.resolve(".GENERATED.json.tmp");
    json.writeValue(tmp.toFile(), root);
    Files.move(tmp, out.resolve("GENERATED.json"), StandardCopyOption.REPLACE_EXISTING);
  }
}
