package io.reelhouse.source;

import java.util.Locale;

/**
 * Turns a file-system failure into one line naming the URI and the cause a person can act on:
 * missing bucket, access denied (credentials), unreachable endpoint, or the store's own message.
 * Matches exception class names, so it needs no hadoop-aws classes on the classpath.
 */
public final class StoreErrors {
  private StoreErrors() {}

  public static StoreException explain(String uri, Throwable e) {
    return new StoreException(describe(uri, e), e);
  }

  static String describe(String uri, Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String type = t.getClass().getSimpleName();
      String msg = t.getMessage() == null ? "" : t.getMessage();
      String lower = msg.toLowerCase(Locale.ROOT);
      if (type.equals("UnknownStoreException")
          || lower.contains("nosuchbucket")
          || lower.contains("bucket does not exist")) {
        return "bucket " + bucketOf(uri) + " does not exist (" + uri + ")";
      }
      if (type.equals("AccessDeniedException")
          || lower.contains("signaturedoesnotmatch")
          || lower.contains("invalidaccesskeyid")
          || lower.contains("403 forbidden")) {
        return "access denied to "
            + uri
            + ": check the credentials s3a finds (instance profile or role, AWS_ACCESS_KEY_ID and"
            + " AWS_SECRET_ACCESS_KEY, fs.s3a.* settings)";
      }
      if (type.equals("ConnectException")
          || type.equals("UnknownHostException")
          || type.equals("SocketTimeoutException")
          || type.equals("ConnectTimeoutException")
          || lower.contains("connection refused")
          || lower.contains("connect timed out")
          || lower.contains("unable to execute http request")) {
        return "cannot reach the store for "
            + uri
            + ": "
            + networkCause(e)
            + " (check s3.endpoint)";
      }
    }
    return "cannot access "
        + uri
        + ": "
        + firstLine(e.getMessage() == null ? e.getClass().getName() : e.getMessage());
  }

  /** "connection refused at 127.0.0.1:9000", from the deepest cause and the client's message. */
  private static String networkCause(Throwable e) {
    Throwable root = e;
    String host = null;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      root = t;
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("Connect to (\\S+)")
              .matcher(String.valueOf(t.getMessage()));
      if (host == null && m.find()) {
        host = m.group(1);
      }
    }
    String why =
        root.getMessage() == null ? root.getClass().getSimpleName() : firstLine(root.getMessage());
    return why.toLowerCase(Locale.ROOT) + (host == null ? "" : " at " + host);
  }

  private static String bucketOf(String uri) {
    int start = uri.indexOf("://");
    if (start < 0) {
      return uri;
    }
    String rest = uri.substring(start + 3);
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  private static String firstLine(String s) {
    String line = s.strip().lines().findFirst().orElse(s);
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
