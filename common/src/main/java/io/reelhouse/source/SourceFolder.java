package io.reelhouse.source;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A folder of raw files, local or on any Hadoop file system ({@code s3a://...}), and the few reads
 * of a file the readers make without Spark: whether it is there, its status, its first line, all
 * its lines, a byte range. Files are named relative to the folder.
 *
 * <p>Guarantees: every access goes through Hadoop's {@link FileSystem} configured by the given
 * {@link Configuration} (the Spark session's, s3a settings included); a store's failure becomes a
 * {@link StoreException} naming the path ({@link StoreErrors}); text is UTF-8 and lines are split
 * as Hadoop's line reader splits them (LF or CRLF), without a UTF-8 byte-order mark.
 *
 * <pre>{@code
 * var folder = new SourceFolder("s3a://raw/shop", spark.sparkContext().hadoopConfiguration());
 * String header = folder.firstLine("orders.csv");
 * }</pre>
 */
public final class SourceFolder {
  private static final String BYTE_ORDER_MARK = "\uFEFF";

  private final String basePath;
  private final Configuration hadoop;

  public SourceFolder(String basePath, Configuration hadoop) {
    this.basePath = basePath;
    this.hadoop = hadoop;
  }

  /** The folder (or URI) files are read from. */
  public String basePath() {
    return basePath;
  }

  /** The full path of a file in the folder. */
  public String pathOf(String fileName) {
    return basePath.endsWith("/") ? basePath + fileName : basePath + "/" + fileName;
  }

  /** Whether the file is there (and is a file, not a folder). */
  public boolean exists(String fileName) {
    String path = pathOf(fileName);
    try {
      Path p = new Path(path);
      return fileSystem(p).isFile(p);
    } catch (IOException | RuntimeException e) {
      throw StoreErrors.explain(path, e);
    }
  }

  /** The file's status: length and modification time. */
  FileStatus status(String fileName) {
    String path = pathOf(fileName);
    try {
      Path p = new Path(path);
      return fileSystem(p).getFileStatus(p);
    } catch (IOException | RuntimeException e) {
      throw StoreErrors.explain(path, e);
    }
  }

  /** The file's bytes {@code [from, from + n)}. */
  byte[] readRange(String fileName, long from, int n) {
    String path = pathOf(fileName);
    Path p = new Path(path);
    byte[] out = new byte[n];
    try (FSDataInputStream in = fileSystem(p).open(p)) {
      in.readFully(from, out);
      return out;
    } catch (IOException e) {
      throw StoreErrors.explain(path, e);
    }
  }

  /** The file's first line as it is (a byte-order mark kept), or null for an empty file. */
  String firstLine(String fileName) {
    String path = pathOf(fileName);
    try (var in = open(path)) {
      return in.readLine();
    } catch (IOException e) {
      throw StoreErrors.explain(path, e);
    }
  }

  /** Every line of a small file, as Hadoop's line reader splits them (LF or CRLF, no BOM). */
  List<String> allLines(String fileName) {
    String path = pathOf(fileName);
    try (var in = open(path)) {
      List<String> out = new ArrayList<>(in.lines().toList());
      if (!out.isEmpty()) {
        out.set(0, withoutByteOrderMark(out.get(0)));
      }
      return out;
    } catch (IOException e) {
      throw StoreErrors.explain(path, e);
    }
  }

  /**
   * The file's path as Spark's {@code input_file_name()} writes it, with its scheme ({@code
   * file:///...}, {@code s3a://...}).
   */
  String qualified(String fileName) {
    String path = pathOf(fileName);
    Path p = new Path(path);
    try {
      return fileSystem(p).makeQualified(p).toUri().toString();
    } catch (IOException e) {
      throw StoreErrors.explain(path, e);
    }
  }

  /**
   * What identifies the file's content cheaply ({@link FileStamp}: length, modification time and
   * the store's content tag where it keeps one, no read), or {@code "<path> absent"}.
   */
  public String stamp(String fileName) {
    String path = pathOf(fileName);
    try {
      return FileStamp.of(fileSystem(new Path(path)), path);
    } catch (FileNotFoundException absent) {
      return path + " absent";
    } catch (IOException | RuntimeException e) {
      throw StoreErrors.explain(path, e);
    }
  }

  /** A line without the UTF-8 byte-order mark it may start with. */
  static String withoutByteOrderMark(String line) {
    return line.startsWith(BYTE_ORDER_MARK) ? line.substring(1) : line;
  }

  private BufferedReader open(String path) throws IOException {
    Path p = new Path(path);
    return new BufferedReader(new InputStreamReader(fileSystem(p).open(p), StandardCharsets.UTF_8));
  }

  private FileSystem fileSystem(Path p) throws IOException {
    return p.getFileSystem(hadoop);
  }
}
