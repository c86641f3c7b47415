package io.reelhouse.quality;

import java.util.Objects;

/**
 * A quality rule declared beside a model: an assertion, a level, and a one-line reason where the
 * name is not enough. Build them with {@link Rules}.
 *
 * @param assertion what must hold
 * @param level ERROR (default) keeps a failing model from publishing; WARN reports only
 * @param reason why the rule exists, or empty
 */
public record Rule(Assertion assertion, Level level, String reason) {
  public Rule {
    Objects.requireNonNull(assertion, "assertion");
    Objects.requireNonNull(level, "level");
    reason = reason == null ? "" : reason;
  }

  /** The same rule at warn level: reported, never blocking. */
  public Rule warn() {
    return new Rule(assertion, Level.WARN, reason);
  }

  /** The same rule with a one-line reason. */
  public Rule because(String why) {
    return new Rule(assertion, level, why);
  }

  public String name() {
    return assertion.name();
  }
}
