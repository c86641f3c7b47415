package io.reelhouse.movielens.generate;

/** Splits an exact total over items in proportion to weights, with a floor and a cap each. */
final class Allocation {
  private Allocation() {}

  /**
   * @param weights relative size of each item (positive)
   * @param min every item gets at least this
   * @param max no item gets more than this
   * @param total the counts sum to exactly this
   */
  static int[] split(double[] weights, int min, int max, long total) {
    int n = weights.length;
    long extra = total - (long) n * min;
    if (extra < 0 || (long) n * max < total) {
      throw new IllegalArgumentException(
          "cannot split " + total + " over " + n + " items of " + min + " to " + max);
    }
    // Find the factor f where sum(min(max - min, floor(f * w))) is just at or below extra.
    double lo = 0;
    double hi = 1;
    while (sum(weights, hi, max - min) < extra) {
      hi *= 2;
    }
    for (int i = 0; i < 200; i++) {
      double mid = (lo + hi) / 2;
      if (sum(weights, mid, max - min) <= extra) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    int[] out = new int[n];
    long given = 0;
    for (int i = 0; i < n; i++) {
      out[i] = min + (int) Math.min(max - min, Math.floor(lo * weights[i]));
      given += out[i];
    }
    // Hand out what rounding left over, one each, in item order.
    for (int i = 0; given < total; i = (i + 1) % n) {
      if (out[i] < max) {
        out[i]++;
        given++;
      }
    }
    return out;
  }

  private static long sum(double[] w, double f, int cap) {
    long s = 0;
    for (double x : w) {
      s += (long) Math.min(cap, Math.floor(f * x));
    }
    return s;
  }
}
