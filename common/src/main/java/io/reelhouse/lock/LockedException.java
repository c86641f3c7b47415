package io.reelhouse.lock;

/** Another run holds the warehouse's lock; the message names it and what to do. */
public final class LockedException extends RuntimeException {
  public LockedException(String message) {
    super(message);
  }
}
