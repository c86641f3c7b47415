package io.reelhouse.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileChecksum;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.MD5MD5CRC32GzipFileChecksum;
import org.apache.hadoop.io.MD5Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A raw file's stamp: what the file system says of it, without reading it. */
class FileStampTest {
  @TempDir Path dir;

  @Test
  void aLocalFileIsItsLengthAndModificationTime() throws Exception {
    Path f = Files.writeString(dir.resolve("ratings.csv"), "a,b\n1,2\n");
    Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L));
    FileSystem local = FileSystem.getLocal(new Configuration());
    assertThat(FileStamp.of(local, f.toString()))
        .as("8 bytes; a local file system keeps no checksum of its own")
        .isEqualTo(f + " 8 1700000000000");
    assertThatThrownBy(() -> FileStamp.of(local, dir.resolve("none.csv").toString()))
        .isInstanceOf(FileNotFoundException.class);
  }

  @Test
  void aFileSystemsChecksumJoinsTheStamp() throws Exception {
    Path f = Files.writeString(dir.resolve("tags.csv"), "t\n");
    Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(5_000L));
    FileSystem withChecksums =
        new FilterFileSystem(FileSystem.getLocal(new Configuration())) {
          @Override
          public FileChecksum getFileChecksum(org.apache.hadoop.fs.Path p) {
            return new MD5MD5CRC32GzipFileChecksum(512, 0, new MD5Hash(new byte[16]));
          }
        };
    assertThat(FileStamp.of(withChecksums, f.toString()))
        .as("HDFS-style: the checksum of the blocks' checksums")
        .isEqualTo(f + " 2 5000 MD5-of-0MD5-of-512CRC32:00000000000000000000000000000000");
  }
}
