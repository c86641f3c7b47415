package io.reelhouse.spark;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}) without a child process per file written.
 *
 * <p>Without Hadoop's native library, which no Maven artifact ships, Hadoop 3.3's {@link
 * RawLocalFileSystem} sets the permissions of every file and folder it creates by running {@code
 * chmod}, and answers a {@code FileContext}'s question "is this a link?" (asked at every rename of
 * a Delta commit and of its checksum file) by running {@code readlink}: a fork of the driver's JVM
 * each, hundreds in a build. Here permissions are set through {@code java.nio} and a path that is
 * no symbolic link is said to be none through {@code java.nio}; anything else (a real link, a file
 * system without POSIX permissions) goes to Hadoop's own code. Files, checksums, renames and
 * everything else are Hadoop's.
 *
 * <p>Used by the sessions Reelhouse starts itself ({@link #SETTINGS}; a {@code spark.conf} setting
 * of the same key wins); a platform's session (EMR, Databricks) keeps its file systems.
 */
public final class LocalDisk extends LocalFileSystem {
  /** The Spark settings that make {@code file:} paths use this class. */
  public static final Map<String, String> SETTINGS =
      Map.of(
          "spark.hadoop.fs.file.impl", LocalDisk.class.getName(),
          "spark.hadoop.fs.AbstractFileSystem.file.impl", LocalDisk.Fs.class.getName());

  public LocalDisk() {
    super(new Raw());
  }

  /** The file system under the checksums: Hadoop's, but for permissions and link checks. */
  static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      java.nio.file.Path file = pathToFile(p).toPath();
      try {
        Files.setPosixFilePermissions(
            file,
            PosixFilePermissions.fromString(
                permission.getUserAction().SYMBOL
                    + permission.getGroupAction().SYMBOL
                    + permission.getOtherAction().SYMBOL));
      } catch (UnsupportedOperationException notPosix) {
        super.setPermission(p, permission);
      }
    }

    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      if (!Files.isSymbolicLink(pathToFile(f).toPath())) {
        // What Hadoop answers when readlink prints nothing: the file's own status.
        return getFileStatus(f);
      }
      return super.getFileLinkStatus(f);
    }
  }

  /** The same for {@code FileContext} users (Delta's log store, Spark's checkpoint files). */
  public static final class Fs extends ChecksumFs {
    public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawFs(uri, conf));
    }
  }

  /**
   * As Hadoop's {@code RawLocalFs}, over {@link Raw}: that class cannot be reused, its constructors
   * are package-private and make their own {@link RawLocalFileSystem}.
   */
  static final class RawFs extends DelegateToFileSystem {
    RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, "file", false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1; // No default port for file:///
    }

    @Override
    public boolean isValidName(String src) {
      return true; // Different local file systems have different validation rules
    }
  }
}
