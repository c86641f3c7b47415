package io.reelhouse.spark;

import org.apache.spark.sql.delta.actions.SingleAction$;

/**
 * Starts, beside a new session's start, the single-threaded initialization that the first Delta
 * read or write of a JVM otherwise waits for: Delta's encoder of its log's actions, derived by
 * Scala's runtime reflection (whose universe it initializes first). Both are lazy values,
 * initialized once under a lock: the first model to need one waits for this thread instead of doing
 * the work itself, so what overlaps the session's start is saved.
 */
final class Warmup {
  private Warmup() {}

  static void inBackground() {
    Thread t =
        new Thread(
            () -> {
              try {
                SingleAction$.MODULE$.encoder();
              } catch (RuntimeException | LinkageError e) {
                // Only time is at stake: the model that needs the encoder builds it itself.
              }
            },
            "reelhouse-warmup");
    t.setDaemon(true);
    t.start();
  }
}
