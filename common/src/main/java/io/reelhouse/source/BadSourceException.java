package io.reelhouse.source;

/** A raw file that cannot be read at all (empty, or a header that is not the expected one). */
public class BadSourceException extends RuntimeException {
  public BadSourceException(String message) {
    super(message);
  }
}
