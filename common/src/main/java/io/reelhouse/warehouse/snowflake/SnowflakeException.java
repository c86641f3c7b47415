package io.reelhouse.warehouse.snowflake;

/** A Snowflake failure, with a one-line message that names the account and holds no secret. */
public final class SnowflakeException extends RuntimeException {
  public SnowflakeException(String message, Throwable cause) {
    // The cause's own message may quote connection properties: it stays out of ours, and the
    // cause is kept only for --debug traces, with secrets masked by SnowflakeOptions.failure.
    super(message, cause == null ? null : new Masked(cause));
  }

  public SnowflakeException(String message) {
    super(message);
  }

  /** Stands in for a cause whose text might carry a secret: its type and stack only. */
  static final class Masked extends RuntimeException {
    Masked(Throwable cause) {
      super(cause.getClass().getName() + " (message withheld: it may quote credentials)");
      setStackTrace(cause.getStackTrace());
    }
  }
}
