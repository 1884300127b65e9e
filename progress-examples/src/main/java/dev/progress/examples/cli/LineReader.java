package dev.progress.examples.cli;

import java.io.IOException;
import java.io.Reader;
import org.jspecify.annotations.Nullable;

/**
 * Reads lines like {@link java.io.BufferedReader#readLine()} but never holds more than {@code maxLength}
 * characters of one line, so that a hostile multi-gigabyte line costs no memory: the rest of such a line is
 * skipped and the line reported as too long. Ends of line are {@code \n}, {@code \r\n} or {@code \r}; a byte
 * order mark at the start is dropped. Not thread-safe; confine to one thread.
 */
final class LineReader {
  private final Reader in;
  private final int maxLength;
  private final char[] buffer = new char[64 * 1024];
  private int position;
  private int limit;
  private boolean pendingCarriageReturn;
  private boolean started;
  private final StringBuilder line = new StringBuilder();
  private long lineLength;
  private long charsRead;

  LineReader(Reader in, int maxLength) {
    this.in = in;
    this.maxLength = maxLength;
  }

  /**
   * The next line without its line end, or null at the end of input. When the line was longer than the
   * maximum, {@link #lastLineLength()} tells by how much and the returned text is truncated.
   */
  @Nullable String next() throws IOException {
    line.setLength(0);
    lineLength = 0;
    boolean any = false;
    while (true) {
      if (position == limit && !fill()) {
        return any ? line.toString() : null;
      }
      char c = buffer[position++];
      if (pendingCarriageReturn) {
        pendingCarriageReturn = false;
        if (c == '\n') {
          continue; // the \n of a \r\n ending the previous line
        }
      }
      if (!started) {
        started = true;
        if (c == '\uFEFF') {
          continue;
        }
      }
      any = true;
      if (c == '\n') {
        return line.toString();
      }
      if (c == '\r') {
        pendingCarriageReturn = true;
        return line.toString();
      }
      lineLength++;
      if (line.length() < maxLength) {
        line.append(c);
      }
    }
  }

  /** The full length, in characters, of the line last returned (it was truncated when above the maximum). */
  long lastLineLength() {
    return lineLength;
  }

  boolean lastLineTooLong() {
    return lineLength > maxLength;
  }

  /** Characters read so far, for progress reporting. */
  long charsRead() {
    return charsRead;
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      return false;
    }
    position = 0;
    limit = n;
    charsRead += n;
    return true;
  }
}
