package dev.progress.examples.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Event logs for the database-failure tests, and a standard input that does something half way through it. */
final class Logs {
  private Logs() {}

  /**
   * Lines {@code from} to {@code to} (1-based, inclusive) of a log of valid events of 20 users: each line a
   * task item of its own, with an id, so every line is one stored event.
   */
  static String lines(int from, int to) {
    StringBuilder log = new StringBuilder();
    for (int i = from; i <= to; i++) {
      log.append("{\"id\":\"e").append(i).append("\",\"userId\":\"user-").append(i % 20)
          .append("\",\"spaceId\":\"s").append(i % 7).append("\",\"itemId\":\"t").append(i)
          .append("\",\"type\":\"task\",\"value\":").append(i % 101)
          .append(",\"timestamp\":\"2026-10-01T10:00:00Z\"}\n");
    }
    return log.toString();
  }

  /**
   * Standard input that serves {@code first}, then, when the reader asks for more, runs {@code action} once and
   * serves {@code rest}. The log reader returns a line as soon as it has read its end, so when {@code first}
   * is one whole chunk of lines ({@link ImportCommand#DATABASE_CHUNK}), that chunk is tracked before the action runs.
   */
  static InputStream actionAfter(String first, Runnable action, String rest) {
    return new InputStream() {
      private final ByteArrayInputStream head = new ByteArrayInputStream(first.getBytes(StandardCharsets.UTF_8));
      private final ByteArrayInputStream tail = new ByteArrayInputStream(rest.getBytes(StandardCharsets.UTF_8));
      private boolean acted;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = head.read(b, off, len);
        if (n > 0) {
          return n;
        }
        if (!acted) {
          acted = true;
          action.run();
        }
        return tail.read(b, off, len);
      }

      @Override
      public int available() {
        return head.available(); // never tempts the decoder to read past the head before the action
      }
    };
  }
}
