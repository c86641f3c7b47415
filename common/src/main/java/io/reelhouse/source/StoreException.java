package io.reelhouse.source;

/** A file store (S3, HDFS, local disk) could not be used; the message names the URI and cause. */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
