package io.reelhouse.quality;

/**
 * The result of one rule on one model's rows.
 *
 * @param model model name
 * @param rule rule name, e.g. {@code not_null(movie_id)}
 * @param level the rule's level
 * @param passed whether the rule held
 * @param failingRows rows that broke it (for row count: the row count), 0 if it passed
 * @param observed what was seen, e.g. "12 rows outside 0.5, 1.0, ..., 5.0"
 */
public record RuleOutcome(
    String model, String rule, Level level, boolean passed, long failingRows, String observed) {

  /** {@code orders accepted_values(status): 12 rows outside placed, shipped, returned}. */
  public String describe() {
    return model + " " + rule + ": " + observed;
  }

  /**
   * The same outcome once its failing rows were set aside: the rule holds for what is published.
   */
  public RuleOutcome quarantined() {
    return new RuleOutcome(model, rule, level, true, failingRows, observed + ", quarantined");
  }
}
