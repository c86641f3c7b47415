package io.reelhouse.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns an exception chain into one line a person can act on. */
public final class Errors {
  private static final Pattern READING_FILE =
      Pattern.compile("Encountered error while reading file (\\S+?)\\.? Details");
  private static final Pattern MALFORMED =
      Pattern.compile("Malformed records are detected in record parsing: (\\[.*?\\])");

  private Errors() {}

  /**
   * One line: for a Spark task that failed reading a file, the file, the malformed record and the
   * root cause; otherwise the most specific message in the chain (Spark wraps task failures in
   * several layers of "Job aborted due to stage failure").
   */
  public static String oneLine(Throwable e) {
    Throwable best = e;
    String file = null;
    String record = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (t.getClass().getName().startsWith("io.reelhouse.") && m != null && file == null) {
        // Ours already explains its cause in one line.
        return firstLine(t);
      }
      if (m != null && !m.isBlank()) {
        best = t;
        Matcher f = READING_FILE.matcher(m);
        if (file == null && f.find()) {
          file = f.group(1);
        }
        Matcher r = MALFORMED.matcher(m);
        if (record == null && r.find()) {
          record = r.group(1);
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    String cause = firstLine(best);
    if (file != null) {
      return "cannot read "
          + file
          + ": "
          + (record != null ? "malformed record " + record + ": " : "")
          + cause;
    }
    return cause;
  }

  private static String firstLine(Throwable t) {
    String msg = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
    String first = msg.strip().lines().findFirst().orElse(msg);
    return first.length() > 500 ? first.substring(0, 500) + "..." : first;
  }
}
