package io.reelhouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelhouse.movielens.generate.MovieLensGenerator;
import io.reelhouse.movielens.generate.Shape;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The bench's data: generated once per scale and seed (reused while its manifest matches), copied
 * into a fresh source folder per run, and changed between the steps in known amounts.
 */
final class BenchData {
  private BenchData() {}

  /** What the steps need to know of the data, found once after generating it. */
  record Facts(long ratings, int maxUser, long maxRatingTime, long maxTagTime, int[] movies) {}

  /** How far above the data's users the one rating's user is: out of the next users' key range. */
  static final int USERS_APART = 10_000_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Generates the data unless the folder's manifest says it holds this scale and seed. */
  static Facts ensure(Path data, double scale, long seed, PrintStream err) throws IOException {
    Path manifest = data.resolve("bench-manifest.json");
    if (Files.isRegularFile(manifest)) {
      JsonNode m = JSON.readTree(manifest.toFile());
      if (m.path("scale").asDouble() == scale
          && m.path("seed").asLong() == seed
          && sizesMatch(data, m.path("files"))) {
        err.println("Reusing " + data.toAbsolutePath() + " (its manifest matches)");
        return facts(m.path("facts"));
      }
    }
    deleteTree(data);
    long t0 = System.nanoTime();
    err.printf(Locale.ROOT, "Generating scale %s into %s%n", scale, data.toAbsolutePath());
    var stats = new MovieLensGenerator(Shape.atScale(scale), seed, err).generate(data);
    Facts f = scan(data);
    ObjectNode m = JSON.createObjectNode();
    m.put("scale", scale);
    m.put("seed", seed);
    ObjectNode files = m.putObject("files");
    for (var s : stats) {
      files.put(s.file(), Files.size(data.resolve(s.file())));
    }
    ObjectNode fj = m.putObject("facts");
    fj.put("ratings", f.ratings());
    fj.put("max_user", f.maxUser());
    fj.put("max_rating_time", f.maxRatingTime());
    fj.put("max_tag_time", f.maxTagTime());
    ArrayNode movies = fj.putArray("movies");
    for (int id : f.movies()) {
      movies.add(id);
    }
    Files.writeString(manifest, m.toPrettyString());
    err.printf(
        Locale.ROOT,
        "Generated in %.1fs (not part of any timing)%n",
        (System.nanoTime() - t0) / 1e9);
    return f;
  }

  private static boolean sizesMatch(Path data, JsonNode files) throws IOException {
    if (files.isEmpty()) {
      return false;
    }
    for (var it = files.fields(); it.hasNext(); ) {
      var e = it.next();
      Path f = data.resolve(e.getKey());
      if (!Files.isRegularFile(f) || Files.size(f) != e.getValue().asLong()) {
        return false;
      }
    }
    return true;
  }

  private static Facts facts(JsonNode f) {
    int[] movies = new int[f.path("movies").size()];
    for (int i = 0; i < movies.length; i++) {
      movies[i] = f.path("movies").get(i).asInt();
    }
    return new Facts(
        f.path("ratings").asLong(),
        f.path("max_user").asInt(),
        f.path("max_rating_time").asLong(),
        f.path("max_tag_time").asLong(),
        movies);
  }

  /**
   * Reads the generated files once: row count, largest user id and times, the movie ids. The files
   * are the generator's own (plain numbers before the last comma), so a split on commas reads them.
   */
  static Facts scan(Path data) throws IOException {
    long rows = 0;
    int maxUser = 0;
    long maxTime = 0;
    try (BufferedReader in = Files.newBufferedReader(data.resolve("ratings.csv"))) {
      in.readLine();
      for (String line; (line = in.readLine()) != null; ) {
        rows++;
        int c1 = line.indexOf(',');
        int c3 = line.lastIndexOf(',');
        maxUser = Math.max(maxUser, Integer.parseInt(line, 0, c1, 10));
        maxTime = Math.max(maxTime, Long.parseLong(line, c3 + 1, line.length(), 10));
      }
    }
    long maxTag = 0;
    try (BufferedReader in = Files.newBufferedReader(data.resolve("tags.csv"))) {
      in.readLine();
      for (String line; (line = in.readLine()) != null; ) {
        int c = line.lastIndexOf(',');
        maxTag = Math.max(maxTag, Long.parseLong(line, c + 1, line.length(), 10));
      }
    }
    List<Integer> movies = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(data.resolve("movies.csv"))) {
      in.readLine();
      for (String line; (line = in.readLine()) != null; ) {
        movies.add(Integer.parseInt(line, 0, line.indexOf(','), 10));
      }
    }
    return new Facts(
        rows, maxUser, maxTime, maxTag, movies.stream().mapToInt(Integer::intValue).toArray());
  }

  /** A fresh source folder: links to the files no step changes, copies of ratings and tags. */
  static void prepareSource(Path data, Path source) throws IOException {
    Files.createDirectories(source);
    try (Stream<Path> files = Files.list(data)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
        Path to = source.resolve(f.getFileName());
        String name = f.getFileName().toString();
        if (name.equals("ratings.csv") || name.equals("tags.csv")) {
          Files.copy(f, to);
        } else {
          Files.createLink(to, f.toAbsolutePath());
        }
      }
    }
  }

  /**
   * Appends 1% new ratings (new users, after the newest rating) and 0.2% late ones (new users
   * again, one day before the newest rating: inside the 3-day look-back).
   */
  static long[] appendRatings(Path ratings, Facts f) throws IOException {
    long fresh = Math.max(1, f.ratings() / 100);
    long late = Math.max(1, f.ratings() / 500);
    // Consecutive ratings of a user step through the movies by a prime: distinct movies as long as
    // the user rates no more movies than there are.
    int perUser = Math.min(20, f.movies().length);
    int user = f.maxUser();
    try (BufferedWriter w =
        Files.newBufferedWriter(ratings, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
      for (long i = 0; i < fresh + late; i++) {
        if (i % perUser == 0) {
          user++;
        }
        int movie = f.movies()[(int) ((i * 7919 + user) % f.movies().length)];
        long time =
            i < fresh ? f.maxRatingTime() + 1 + i : f.maxRatingTime() - 86_400 + (i - fresh);
        double rating = 0.5 * (1 + (i * 31 + user) % 10);
        w.write(user + "," + movie + "," + rating + "," + time + "\n");
      }
    }
    return new long[] {fresh, late};
  }

  /**
   * Appends one rating, after the newest, by a user far above the others: the users {@link
   * #appendRatings} adds next stay new (their key range does not reach it), so the incremental step
   * after this one runs as it would without it.
   */
  static String appendOneRating(Path ratings, Facts f) throws IOException {
    String line =
        (f.maxUser() + USERS_APART) + "," + f.movies()[0] + ",4.0," + (f.maxRatingTime() + 1);
    Files.writeString(ratings, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    return "1 rating (" + line + ")";
  }

  /** Changes 1% of the tags (every 100th line): new text, a newer time. */
  static long changeTags(Path tags, Facts f) throws IOException {
    Path tmp = tags.resolveSibling("tags.csv.tmp");
    long changed = 0;
    try (BufferedReader in = Files.newBufferedReader(tags);
        BufferedWriter out = Files.newBufferedWriter(tmp)) {
      out.write(in.readLine() + "\n");
      long n = 0;
      for (String line; (line = in.readLine()) != null; n++) {
        if (n % 100 == 0) {
          int c1 = line.indexOf(',');
          int c2 = line.indexOf(',', c1 + 1);
          String key = line.substring(0, c2);
          out.write(key + ",edited in bench " + n + "," + (f.maxTagTime() + 1 + n) + "\n");
          changed++;
        } else {
          out.write(line + "\n");
        }
      }
    }
    Files.move(tmp, tags, StandardCopyOption.REPLACE_EXISTING);
    return changed;
  }

  static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + p + ": " + e.getMessage(), e);
    }
  }
}
