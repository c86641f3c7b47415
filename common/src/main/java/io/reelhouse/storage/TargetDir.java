package io.reelhouse.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * The run's artefact folder ({@code target.path}): a local folder or any Hadoop URI ({@code s3://},
 * {@code s3a://}, {@code hdfs://}, {@code dbfs:/}), so run results, run history and the docs site
 * outlive a cluster. Files are read and written through Hadoop's {@link FileSystem}.
 *
 * <p>A reader never sees half a file: on local disk and HDFS a file is written under a temporary
 * name and renamed over the old one in one step; on an object store a single PUT is already all or
 * nothing, so it is written in place.
 *
 * <pre>{@code
 * TargetDir target = TargetDir.at("s3://bucket/reelhouse/target", spark.sparkContext().hadoopConfiguration());
 * target.write("run_results.json", bytes);
 * }</pre>
 */
public final class TargetDir {
  private final Path root;
  private final FileSystem fs;

  private TargetDir(Path root, FileSystem fs) {
    this.root = root;
    this.fs = fs;
  }

  /** The folder at {@code location}: a local path or a Hadoop URI. */
  public static TargetDir at(String location, Configuration conf) {
    try {
      Path p = new Path(location);
      FileSystem fs = p.getFileSystem(conf);
      // No .crc files beside the artefacts: readers (a browser, jq, a dbt tool) see only them.
      if (fs instanceof org.apache.hadoop.fs.ChecksumFileSystem c) {
        fs = c.getRawFileSystem();
      }
      return new TargetDir(fs.makeQualified(p), fs);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot open target.path " + location + ": " + e.getMessage(), e);
    }
  }

  /** The full URI of a file in this folder, for messages. */
  public String uri(String relative) {
    return new Path(root, relative).toString();
  }

  public String uri() {
    return root.toString();
  }

  /** This folder on the local disk; only when {@link #isLocal()}. */
  public java.nio.file.Path localPath() {
    if (!isLocal()) {
      throw new IllegalStateException(root + " is not on this machine's disk");
    }
    return java.nio.file.Path.of(root.toUri());
  }

  /** Whether this folder is on the local file system (a browser can open its files). */
  public boolean isLocal() {
    return "file".equals(fs.getUri().getScheme());
  }

  /** Writes {@code relative} whole; returns its URI. */
  public String write(String relative, byte[] bytes) {
    Path file = new Path(root, relative);
    try {
      fs.mkdirs(file.getParent());
      if (!hasAtomicRename()) {
        try (var out = fs.create(file, true)) {
          out.write(bytes);
        }
        return file.toString();
      }
      Path tmp =
          new Path(file.getParent(), "." + file.getName() + "." + System.nanoTime() + ".tmp");
      try (var out = fs.create(tmp, true)) {
        out.write(bytes);
      }
      try {
        // Replaces the file in one step: a reader sees the old file or the new one.
        FileContext.getFileContext(fs.getUri(), fs.getConf())
            .rename(tmp, file, Options.Rename.OVERWRITE);
      } catch (IOException e) {
        fs.delete(tmp, false);
        throw e;
      }
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The file's bytes, or empty if it does not exist. */
  public Optional<byte[]> read(String relative) {
    Path file = new Path(root, relative);
    try (var in = fs.open(file)) {
      return Optional.of(in.readAllBytes());
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Names of the files directly in {@code relative} ending with {@code suffix}, sorted. */
  public List<String> list(String relative, String suffix) {
    Path dir = new Path(root, relative);
    List<String> names = new ArrayList<>();
    try {
      for (FileStatus f : fs.listStatus(dir)) {
        String name = f.getPath().getName();
        if (f.isFile() && name.endsWith(suffix) && !name.startsWith(".")) {
          names.add(name);
        }
      }
    } catch (FileNotFoundException e) {
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    names.sort(null);
    return names;
  }

  /**
   * Copies every file under a local folder into {@code relative}, replacing files of the same
   * names.
   */
  public String copyFromLocal(java.nio.file.Path localDir, String relative) {
    Path dest = new Path(root, relative);
    try (var files = java.nio.file.Files.walk(localDir)) {
      for (java.nio.file.Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
        String rel = localDir.relativize(f).toString().replace(java.io.File.separatorChar, '/');
        fs.copyFromLocalFile(false, true, new Path(f.toUri()), new Path(dest, rel));
      }
      return dest.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot copy " + localDir + " to " + dest + ": " + e.getMessage(), e);
    }
  }

  /**
   * Local disk and HDFS replace a file by rename in one step; elsewhere (object stores, whose
   * rename is a copy) a single write is already all or nothing, so files are written in place.
   */
  private boolean hasAtomicRename() {
    return List.of("file", "hdfs", "viewfs").contains(fs.getUri().getScheme());
  }
}
