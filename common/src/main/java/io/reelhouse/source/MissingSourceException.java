package io.reelhouse.source;

/** A required input file is not where the configuration says it is. */
public class MissingSourceException extends RuntimeException {
  public MissingSourceException(String message) {
    super(message);
  }
}
