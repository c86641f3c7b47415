package io.reelhouse.movielens.cli;

import io.reelhouse.movielens.generate.MovieLensGenerator;
import io.reelhouse.movielens.generate.Shape;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Writes a deterministic MovieLens-shaped sample; needs no Spark. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Write MovieLens-format CSVs shaped like ML-25M, deterministically (same scale and seed,"
          + " same bytes).",
      "At --scale 1.0: 25,000,095 ratings, 162,541 users, 62,423 movies, 1,093,360 tags,"
          + " 1,128 genome tags, genome scores for 13,816 movies."
    })
final class GenerateCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(
      names = "--scale",
      paramLabel = "S",
      required = true,
      description = "Fraction of ML-25M's size, 0.005 to 10 (e.g. 0.01 for a quick sample).")
  double scale;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output folder.")
  Path out;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    Shape shape = Shape.atScale(scale);
    long t0 = System.nanoTime();
    main.err.printf(Locale.ROOT, "Generating scale %s into %s%n", scale, out.toAbsolutePath());
    var stats = new MovieLensGenerator(shape, seed, main.err).generate(out);
    long bytes = stats.stream().mapToLong(MovieLensGenerator.FileStats::bytes).sum();
    main.out.printf(
        Locale.ROOT,
        "Generated %d files, %,d bytes in %.1fs: %s%n",
        stats.size(),
        bytes,
        (System.nanoTime() - t0) / 1e9,
        out.toAbsolutePath());
    return Main.OK;
  }
}
