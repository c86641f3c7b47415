package io.reelhouse.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import org.apache.hadoop.fs.FileStatus;

/**
 * How far the raw files of a {@link SourceFolder} were read ({@link ReadMark}), whether a file may
 * be read on from an earlier mark, and the lines appended since.
 *
 * <p>Guarantees: a mark ends after a line end, so a line still being written is read next time;
 * reading on is allowed only when the file is unchanged, or when its source is append-only and the
 * bytes hashed at the earlier mark are still the same (so lines were only added) and at most {@link
 * #MAX_APPENDED_BYTES} were added; in every other case the file is read whole.
 */
final class ReadMarks {
  /**
   * Most bytes read as appended lines (on the driver); a file that grew by more is read whole, in
   * parallel, which is then about as fast.
   */
  static final long MAX_APPENDED_BYTES = 64L * 1024 * 1024;

  private final SourceFolder folder;

  ReadMarks(SourceFolder folder) {
    this.folder = folder;
  }

  /**
   * Where the file is now: the end of its last complete line, its length, modification time and the
   * hashes of its first and last bytes up to that end.
   */
  ReadMark mark(String fileName) {
    FileStatus st = folder.status(fileName);
    long len = st.getLen();
    int lastN = (int) Math.min(ReadMark.HASHED_BYTES, len);
    byte[] last = folder.readRange(fileName, len - lastN, lastN);
    int i = last.length - 1;
    while (i >= 0 && last[i] != '\n') {
      i--;
    }
    // A file whose last 64 KiB hold no line end is marked at 0: read whole next time.
    long end = i < 0 ? 0 : len - lastN + i + 1;
    return new ReadMark(
        end,
        len,
        st.getModificationTime(),
        hashOf(fileName, 0, end),
        hashOf(fileName, endHashed(end), end));
  }

  /**
   * Where to go on reading a file that was read up to {@code before}: its end if the file is
   * unchanged since (same length and modification time), or if the source is append-only and the
   * bytes hashed then are still the same (so lines were only added); else empty (read it whole).
   */
  OptionalLong resumeAt(SourceSpec spec, ReadMark before, ReadMark now) {
    if (before.end() == 0) {
      return OptionalLong.empty();
    }
    if (before.length() == now.length() && before.modified() == now.modified()) {
      return OptionalLong.of(before.end());
    }
    String file = spec.fileName();
    if (spec.appendOnly()
        && now.end() >= before.end()
        && now.end() - before.end() <= MAX_APPENDED_BYTES
        && before.head().equals(hashOf(file, 0, before.end()))
        && before.boundary().equals(hashOf(file, endHashed(before.end()), before.end()))) {
      return OptionalLong.of(before.end());
    }
    return OptionalLong.empty();
  }

  /**
   * The lines between byte {@code from} (the end of a line) and the mark's end, split as Hadoop's
   * line reader splits them: LF or CRLF ends a line. {@code from == upTo.end()} reads nothing.
   *
   * @throws IllegalArgumentException when {@code from} is past the mark or more than {@link
   *     #MAX_APPENDED_BYTES} before it
   */
  List<String> appendedLines(String fileName, long from, ReadMark upTo) {
    long n = upTo.end() - from;
    if (n < 0 || n > MAX_APPENDED_BYTES) {
      throw new IllegalArgumentException(
          "cannot read bytes "
              + from
              + " to "
              + upTo.end()
              + " of "
              + folder.pathOf(fileName)
              + " as appended lines");
    }
    return n == 0 ? List.of() : lines(folder.readRange(fileName, from, (int) n));
  }

  /** The complete lines of UTF-8 text: the text after the last LF is not one. */
  static List<String> lines(byte[] bytes) {
    List<String> out = new ArrayList<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n", -1)) {
      out.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }
    out.remove(out.size() - 1);
    return out;
  }

  private static long endHashed(long end) {
    return end - Math.min(ReadMark.HASHED_BYTES, end);
  }

  /** SHA-256 of the file's bytes {@code [from, to)} within the first or last 64 KiB before to. */
  private String hashOf(String fileName, long from, long to) {
    int n = (int) Math.min(ReadMark.HASHED_BYTES, to - from);
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(folder.readRange(fileName, from, n)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
