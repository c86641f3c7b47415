package io.reelhouse.spark;

import io.reelhouse.config.Settings;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Puts Reelhouse's storage settings into a Hadoop {@link Configuration}: the s3a connector's
 * endpoint, region, path style and fail-fast timeouts, and every {@code spark.conf} entry named
 * {@code spark.hadoop.*} (as Spark itself does, but also on a session that already exists, and for
 * commands that run without Spark). Credentials are left to s3a's default provider chain.
 */
public final class HadoopSettings {
  private HadoopSettings() {}

  public static Configuration apply(Configuration conf, Settings settings) {
    Settings.S3 s3 = settings.s3();
    if (!s3.endpoint().isBlank()) {
      conf.set("fs.s3a.endpoint", s3.endpoint());
      conf.setBoolean("fs.s3a.connection.ssl.enabled", s3.endpoint().startsWith("https"));
    }
    if (!s3.region().isBlank()) {
      conf.set("fs.s3a.endpoint.region", s3.region());
    }
    conf.setBoolean("fs.s3a.path.style.access", s3.pathStyleAccess());
    int connect = (int) s3.connectionTimeout().toMillis();
    int request = (int) s3.requestTimeout().toMillis();
    conf.setInt("fs.s3a.connection.establish.timeout", connect);
    conf.setInt("fs.s3a.connection.timeout", request);
    // s3.attempts is the number of tries of a request in all. The AWS SDK's own retries are off:
    // left on, they multiply with s3a's (2 and 2 make 9 tries against an endpoint that accepts
    // connections and never answers).
    conf.setInt("fs.s3a.attempts.maximum", 0);
    conf.setInt("fs.s3a.retry.limit", Math.max(0, s3.attempts() - 1));
    conf.set("fs.s3a.retry.interval", "200ms");
    conf.setInt("fs.s3a.retry.throttle.limit", s3.attempts());
    conf.set("fs.s3a.retry.throttle.interval", "200ms");
    // A missing bucket is reported as such when the file system opens, not as a missing file.
    conf.setInt("fs.s3a.bucket.probe", 2);
    // Lets `reelhouse load` compare a local file with an object by MD5-based ETag.
    conf.setBoolean("fs.s3a.etag.checksum.enabled", true);
    for (Map.Entry<String, String> e : settings.spark().conf().entrySet()) {
      if (e.getKey().startsWith("spark.hadoop.")) {
        conf.set(e.getKey().substring("spark.hadoop.".length()), e.getValue());
      }
    }
    return conf;
  }
}
