package dev.progress.json;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines, like {@link java.io.BufferedReader#readLine()} but on bytes and never
 * holding more than {@code maxLength} bytes of one line, so that a hostile multi-gigabyte line costs no memory:
 * the rest of such a line is skipped and the line reported as too long. Lines are split before decoding (a line
 * end byte never occurs inside a UTF-8 sequence), so that invalid UTF-8 is refused per line, not per file. Ends
 * of line are {@code \n}, {@code \r\n} or {@code \r}; a UTF-8 byte order mark at the start is dropped. Not
 * thread-safe; confine to one thread.
 */
final class LineReader {
  private final InputStream in;
  private final int maxLength;
  private final byte[] buffer = new byte[64 * 1024];
  private int position;
  private int limit;
  private boolean pendingCarriageReturn;
  private boolean started;
  private byte[] line = new byte[1024];
  private int size;
  private long lineLength;
  private long bytesRead;

  LineReader(InputStream in, int maxLength) {
    this.in = in;
    this.maxLength = maxLength;
  }

  /**
   * Reads the next line, without its line end, into {@link #bytes()}.
   *
   * @return false at the end of input
   */
  boolean next() throws IOException {
    size = 0;
    lineLength = 0;
    if (!started) {
      started = true;
      skipByteOrderMark();
    }
    boolean any = false;
    while (true) {
      if (position == limit && !fill()) {
        return any;
      }
      if (pendingCarriageReturn) {
        pendingCarriageReturn = false;
        if (buffer[position] == '\n') {
          position++;
          continue; // the \n of a \r\n ending the previous line
        }
      }
      any = true;
      int start = position;
      while (position < limit && buffer[position] != '\n' && buffer[position] != '\r') {
        position++;
      }
      append(start, position - start);
      if (position < limit) {
        pendingCarriageReturn = buffer[position++] == '\r';
        return true;
      }
    }
  }

  /** The bytes of the line last read, from 0 to {@link #size()}; truncated when it was too long. */
  byte[] bytes() {
    return line;
  }

  int size() {
    return size;
  }

  /** The full length, in bytes, of the line last read (it was truncated when above the maximum). */
  long lastLineLength() {
    return lineLength;
  }

  boolean lastLineTooLong() {
    return lineLength > maxLength;
  }

  /** Bytes read so far, for progress reporting. */
  long bytesRead() {
    return bytesRead;
  }

  private void append(int from, int length) {
    lineLength += length;
    int kept = Math.min(length, maxLength - size);
    if (kept <= 0) {
      return;
    }
    if (size + kept > line.length) {
      line = Arrays.copyOf(line, Math.min(maxLength, Math.max(size + kept, line.length * 2)));
    }
    System.arraycopy(buffer, from, line, size, kept);
    size += kept;
  }

  private void skipByteOrderMark() throws IOException {
    while (limit - position < 3) {
      int n = in.read(buffer, limit, buffer.length - limit);
      if (n < 0) {
        break;
      }
      limit += n;
      bytesRead += n;
    }
    if (limit - position >= 3 && buffer[position] == (byte) 0xEF && buffer[position + 1] == (byte) 0xBB
        && buffer[position + 2] == (byte) 0xBF) {
      position += 3;
    }
  }

  private boolean fill() throws IOException {
    int n;
    do {
      n = in.read(buffer, 0, buffer.length);
    } while (n == 0);
    if (n < 0) {
      return false;
    }
    position = 0;
    limit = n;
    bytesRead += n;
    return true;
  }
}
