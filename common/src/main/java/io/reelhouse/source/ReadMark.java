package io.reelhouse.source;

/**
 * How far a raw file was read, and enough of its bytes to tell later whether it was only appended
 * to since: the end of its last complete line, its length and modification time, and hashes of its
 * first and of its last 64 KiB before that end.
 *
 * @param end bytes up to and including the last line end (a line still being written is not in)
 * @param length the file's length when read
 * @param modified the file's modification time when read (epoch millis)
 * @param head SHA-256 of the first {@code min(64 KiB, end)} bytes
 * @param boundary SHA-256 of the {@code min(64 KiB, end)} bytes before {@code end}
 */
public record ReadMark(long end, long length, long modified, String head, String boundary) {
  /** Bytes hashed at each end of what was read. */
  public static final int HASHED_BYTES = 64 * 1024;

  /** One line of text: {@code end length modified head boundary}. */
  public String text() {
    return end + " " + length + " " + modified + " " + head + " " + boundary;
  }

  /** The mark a line of {@link #text()} holds, or null if the line is not one. */
  public static ReadMark parse(String line) {
    String[] p = line.strip().split(" ");
    if (p.length != 5) {
      return null;
    }
    try {
      return new ReadMark(
          Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]), p[3], p[4]);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
