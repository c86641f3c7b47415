package io.reelhouse.scd;

/** A source batch a snapshot cannot take (duplicate keys, changed columns); nothing is written. */
public class SnapshotException extends RuntimeException {
  public SnapshotException(String message) {
    super(message);
  }
}
