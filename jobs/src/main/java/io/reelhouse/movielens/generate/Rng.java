package io.reelhouse.movielens.generate;

import java.util.SplittableRandom;

/**
 * Deterministic randomness keyed by (seed, stream, key): each user, movie or tag has its own
 * generator, so the output does not depend on the order work is done in.
 */
final class Rng {
  private Rng() {}

  static SplittableRandom of(long seed, int stream, long key) {
    return new SplittableRandom(
        mix(seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + key));
  }

  /** SplitMix64's finalizer. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A standard normal draw (Box-Muller). */
  static double gaussian(SplittableRandom r) {
    double u1 = 1.0 - r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
