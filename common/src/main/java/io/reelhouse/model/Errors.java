package io.reelhouse.model;

/** Turns an exception chain into one line a person can act on. */
public final class Errors {
  private Errors() {}

  /**
   * The most specific message in the chain (Spark wraps task failures in several layers of "Job
   * aborted due to stage failure"), on one line.
   */
  public static String oneLine(Throwable e) {
    Throwable best = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        best = t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    String msg = best.getMessage() == null ? best.getClass().getName() : best.getMessage();
    String first = msg.strip().lines().findFirst().orElse(msg);
    return first.length() > 500 ? first.substring(0, 500) + "..." : first;
  }
}
