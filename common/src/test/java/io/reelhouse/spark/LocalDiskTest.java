package io.reelhouse.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files and folders written through {@link LocalDisk} get the permissions Hadoop would give them,
 * renames keep their no-overwrite rule, and no child process is started (Hadoop's own local file
 * system starts one per file: the check below sees them, so it can fail).
 */
class LocalDiskTest {
  @TempDir java.nio.file.Path dir;

  /** A configuration with LocalDisk for file: (or Hadoop's own), umask 027, no cached instance. */
  private static Configuration conf(boolean localDisk) {
    Configuration c = new Configuration(false);
    if (localDisk) {
      LocalDisk.SETTINGS.forEach((k, v) -> c.set(k.substring("spark.hadoop.".length()), v));
    } else {
      c.set("fs.file.impl", "org.apache.hadoop.fs.LocalFileSystem");
      c.set("fs.AbstractFileSystem.file.impl", "org.apache.hadoop.fs.local.LocalFs");
    }
    c.set("fs.permissions.umask-mode", "027");
    c.setBoolean("fs.file.impl.disable.cache", true);
    return c;
  }

  interface Work {
    void run() throws IOException;
  }

  /** Commands of the processes the JVM started while {@code work} ran. */
  private List<String> processesStartedBy(Work work) throws IOException {
    java.nio.file.Path file = dir.resolve("processes.jfr");
    try (Recording r = new Recording()) {
      r.enable("jdk.ProcessStart");
      r.start();
      work.run();
      r.stop();
      r.dump(file);
    }
    List<String> commands = new ArrayList<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      commands.add(e.getString("command"));
    }
    Files.delete(file);
    return commands;
  }

  private void writeAndRenameThroughFileSystem(Configuration c, String name) throws IOException {
    FileSystem fs = FileSystem.get(java.net.URI.create("file:///"), c);
    Path folder = new Path(dir.resolve(name).toUri());
    fs.mkdirs(new Path(folder, "sub"));
    try (var out = fs.create(new Path(folder, "sub/a.tmp"))) {
      out.write("x".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(fs.rename(new Path(folder, "sub/a.tmp"), new Path(folder, "sub/a"))).isTrue();
  }

  @Test
  void aFileSystemWriteAndRenameStartNoProcessAndGiveHadoopsPermissions() throws IOException {
    List<String> hadoops =
        processesStartedBy(() -> writeAndRenameThroughFileSystem(conf(false), "h"));
    assertThat(hadoops).as("Hadoop's own local file system runs chmod").isNotEmpty();

    List<String> ours = processesStartedBy(() -> writeAndRenameThroughFileSystem(conf(true), "l"));
    assertThat(ours).isEmpty();
    assertThat(Files.readString(dir.resolve("l/sub/a"))).isEqualTo("x");
    assertThat(Files.exists(dir.resolve("l/sub/.a.crc")))
        .as("checksum renamed with the file")
        .isTrue();
    for (String f : List.of("sub/a")) {
      assertThat(
              PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("l/" + f))))
          .as(f)
          .isEqualTo(
              PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("h/" + f))))
          .isEqualTo("rw-r-----");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("l/sub"))))
        .isEqualTo("rwxr-x---");
  }

  /**
   * What Delta's log store does for a commit: write a temporary file, rename it, never overwrite.
   */
  private static void commit(FileContext fc, Path folder, String name, String text)
      throws IOException {
    Path tmp = new Path(folder, "." + name + ".tmp");
    try (var out =
        fc.create(tmp, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    fc.rename(tmp, new Path(folder, name), Options.Rename.NONE);
  }

  @Test
  void aFileContextCommitStartsNoProcessAndStillRefusesToOverwrite() throws IOException {
    FileContext hadoops = FileContext.getFileContext(conf(false));
    assertThat(
            processesStartedBy(
                () -> commit(hadoops, new Path(dir.resolve("h").toUri()), "0.json", "a")))
        .as("Hadoop's own local file context runs chmod and readlink")
        .isNotEmpty();

    FileContext fc = FileContext.getFileContext(conf(true));
    Path log = new Path(dir.resolve("log").toUri());
    assertThat(processesStartedBy(() -> commit(fc, log, "0.json", "first"))).isEmpty();
    assertThatThrownBy(() -> commit(fc, log, "0.json", "second"))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(dir.resolve("log/0.json"))).isEqualTo("first");
  }

  /**
   * Whatever Hadoop answers for a link, this answers too. (Hadoop 3.3 runs readlink on the path's
   * text, {@code file:/...} for a qualified path, and so reports no link there.)
   */
  @Test
  void aSymbolicLinkIsReportedAsHadoopReportsIt() throws IOException {
    java.nio.file.Path target = Files.writeString(dir.resolve("target.txt"), "t");
    java.nio.file.Path link = Files.createSymbolicLink(dir.resolve("link.txt"), target);
    FileContext hadoops = FileContext.getFileContext(conf(false));
    FileContext ours = FileContext.getFileContext(conf(true));
    FileSystem hadoopsFs = FileSystem.get(java.net.URI.create("file:///"), conf(false));
    FileSystem oursFs = FileSystem.get(java.net.URI.create("file:///"), conf(true));
    List<Boolean> answers = new ArrayList<>();
    for (java.nio.file.Path p : List.of(link, target)) {
      for (Path path : List.of(new Path(p.toUri()), new Path(p.toString()))) {
        FileStatus theirs = hadoopsFs.getFileLinkStatus(path);
        FileStatus mine = oursFs.getFileLinkStatus(path);
        assertThat(mine.isSymlink()).as(path + " through FileSystem").isEqualTo(theirs.isSymlink());
        assertThat(mine.getLen()).as(path + " length").isEqualTo(theirs.getLen());
        assertThat(ours.getFileLinkStatus(path).isSymlink())
            .as(path + " through FileContext")
            .isEqualTo(hadoops.getFileLinkStatus(path).isSymlink());
        answers.add(theirs.isSymlink());
      }
    }
    assertThat(answers).as("Hadoop reports the link as one somewhere").contains(true);
  }
}
