package io.reelhouse.source;

import java.io.IOException;
import org.apache.hadoop.fs.EtagSource;
import org.apache.hadoop.fs.FileChecksum;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What identifies a file's content cheaply, from its file system's metadata: length and
 * modification time, and the content tag the store keeps where it has one, never a read of the
 * file. The tag is the object's ETag on S3 (Hadoop's {@link EtagSource}), else Hadoop's {@link
 * FileChecksum} where the file system computes one without reading the data (HDFS's checksum of
 * block checksums); a local file system has neither, and length and time stand alone.
 */
final class FileStamp {
  private FileStamp() {}

  /** {@code <path> <length> <modified>[ <tag>]}; a missing file throws FileNotFoundException. */
  static String of(FileSystem fs, String path) throws IOException {
    Path p = new Path(path);
    FileStatus st = fs.getFileStatus(p);
    String stamp = path + " " + st.getLen() + " " + st.getModificationTime();
    if (st instanceof EtagSource tagged && tagged.getEtag() != null) {
      return stamp + " etag " + tagged.getEtag();
    }
    FileChecksum sum = fs.getFileChecksum(p);
    return sum == null ? stamp : stamp + " " + sum;
  }
}
