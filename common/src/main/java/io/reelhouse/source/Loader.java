package io.reelhouse.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileChecksum;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Uploads the files of a local folder to a folder of any Hadoop file system ({@code s3a://...})
 * with Hadoop's FileSystem API: the seed's "upload the CSVs to S3" step. A file whose object is
 * already there with the same size and checksum (S3's ETag: the MD5 of a single-part upload, or the
 * MD5 of the parts' MD5s for a multipart one) is skipped, so a second load uploads nothing.
 */
public final class Loader {
  private final Configuration conf;
  private final Consumer<String> progress;

  /**
   * @param progress receives one line per file, uploaded or skipped
   */
  public Loader(Configuration conf, Consumer<String> progress) {
    this.conf = conf;
    this.progress = progress;
  }

  /**
   * @param uploaded files copied
   * @param skipped files already there, unchanged
   * @param bytes bytes copied
   */
  public record Result(List<String> uploaded, List<String> skipped, long bytes) {}

  public Result load(java.nio.file.Path from, String to) {
    if (!Files.isDirectory(from)) {
      throw new MissingSourceException("load --from " + from + ": no such folder");
    }
    List<java.nio.file.Path> files;
    try (Stream<java.nio.file.Path> s = Files.list(from)) {
      files =
          s.filter(Files::isRegularFile)
              .filter(f -> !f.getFileName().toString().startsWith("."))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new StoreException("cannot list " + from + ": " + e.getMessage(), e);
    }
    String base = to.endsWith("/") ? to : to + "/";
    List<String> uploaded = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    long bytes = 0;
    FileSystem fs;
    try {
      fs = new Path(base).getFileSystem(conf);
    } catch (IOException | RuntimeException e) {
      throw StoreErrors.explain(base, e);
    }
    for (java.nio.file.Path f : files) {
      String name = f.getFileName().toString();
      Path target = new Path(base + name);
      try {
        long size = Files.size(f);
        if (same(fs, target, f, size)) {
          skipped.add(name);
          progress.accept("  skipped " + name + ": already there, same size and checksum");
          continue;
        }
        long t0 = System.nanoTime();
        fs.copyFromLocalFile(false, true, new Path(f.toAbsolutePath().toUri()), target);
        uploaded.add(name);
        bytes += size;
        progress.accept(
            String.format(
                Locale.ROOT,
                "  uploaded %s: %,d bytes in %.1fs",
                name,
                size,
                (System.nanoTime() - t0) / 1e9));
      } catch (IOException | RuntimeException e) {
        throw StoreErrors.explain(target.toString(), e);
      }
    }
    return new Result(List.copyOf(uploaded), List.copyOf(skipped), bytes);
  }

  private boolean same(FileSystem fs, Path target, java.nio.file.Path local, long size)
      throws IOException {
    FileStatus status;
    try {
      status = fs.getFileStatus(target);
    } catch (java.io.FileNotFoundException absent) {
      return false;
    }
    if (status.getLen() != size) {
      return false;
    }
    FileChecksum remote = fs.getFileChecksum(target);
    if (remote == null) {
      return false; // the store offers no checksum: upload to be sure
    }
    String etag = new String(remote.getBytes(), StandardCharsets.UTF_8).replace("\"", "");
    return etag.equalsIgnoreCase(localEtag(local, size));
  }

  /** The ETag S3 gives an upload of this file with s3a's multipart threshold and part size. */
  private String localEtag(java.nio.file.Path file, long size) throws IOException {
    long threshold = conf.getLongBytes("fs.s3a.multipart.threshold", 128L << 20);
    long part = conf.getLongBytes("fs.s3a.multipart.size", 64L << 20);
    try (InputStream in = Files.newInputStream(file)) {
      if (size < threshold) {
        return HexFormat.of().formatHex(md5(in, Long.MAX_VALUE));
      }
      MessageDigest ofParts = MessageDigest.getInstance("MD5");
      int parts = 0;
      for (long left = size; left > 0; left -= part) {
        ofParts.update(md5(in, Math.min(part, left)));
        parts++;
      }
      return HexFormat.of().formatHex(ofParts.digest()) + "-" + parts;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] md5(InputStream in, long limit)
      throws IOException, NoSuchAlgorithmException {
    MessageDigest md = MessageDigest.getInstance("MD5");
    byte[] buf = new byte[1 << 16];
    long left = limit;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        break;
      }
      md.update(buf, 0, n);
      left -= n;
    }
    return md.digest();
  }
}
