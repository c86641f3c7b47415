package io.reelhouse.quality;

/** How much a failed rule matters: ERROR stops the model from publishing, WARN only reports. */
public enum Level {
  ERROR,
  WARN;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
