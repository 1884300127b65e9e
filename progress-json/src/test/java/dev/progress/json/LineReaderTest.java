package dev.progress.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  @Test
  void next_everyLineEnding_andAByteOrderMark() throws IOException {
    assertThat(lines("\uFEFFa\nb\r\nc\rd", 100)).containsExactly("a", "b", "c", "d");
    assertThat(lines("a\n\nb\n", 100)).containsExactly("a", "", "b");
    assertThat(lines("", 100)).isEmpty();
    assertThat(lines("\r\n", 100)).containsExactly("");
    assertThat(lines("\uFEFF", 100)).isEmpty();
    assertThat(lines("x\n\uFEFFy", 100)).containsExactly("x", "\uFEFFy"); // only at the start
  }

  @Test
  void next_lineLongerThanMaximum_truncatedAndFlagged_nextLineIntact() throws IOException {
    LineReader reader = new LineReader(stream("x".repeat(200_000) + "\nok\n"), 10);

    assertThat(reader.next()).isTrue();
    assertThat(text(reader)).isEqualTo("x".repeat(10));
    assertThat(reader.lastLineTooLong()).isTrue();
    assertThat(reader.lastLineLength()).isEqualTo(200_000);
    assertThat(reader.next()).isTrue();
    assertThat(text(reader)).isEqualTo("ok");
    assertThat(reader.lastLineTooLong()).isFalse();
    assertThat(reader.next()).isFalse();
  }

  @Test
  void next_crLfSplitAcrossBufferRefills_isOneLineEnd() throws IOException {
    String first = "y".repeat(64 * 1024 - 1); // the \r ends the first buffer, the \n starts the second
    assertThat(lines(first + "\r\nz", 1 << 20)).containsExactly(first, "z");
  }

  /** A stream that gives one byte per read still has its byte order mark dropped and its lines intact. */
  @Test
  void next_oneByteAtATime() throws IOException {
    byte[] bytes = "\uFEFFé\r\n🚀\n".getBytes(StandardCharsets.UTF_8);
    InputStream slow = new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1));
      }
    };
    LineReader reader = new LineReader(slow, 100);
    List<String> lines = new ArrayList<>();
    while (reader.next()) {
      lines.add(text(reader));
    }
    assertThat(lines).containsExactly("é", "🚀");
    assertThat(reader.bytesRead()).isEqualTo(bytes.length);
  }

  private static List<String> lines(String text, int max) throws IOException {
    LineReader reader = new LineReader(stream(text), max);
    List<String> lines = new ArrayList<>();
    while (reader.next()) {
      lines.add(text(reader));
    }
    return lines;
  }

  private static String text(LineReader reader) {
    return new String(Arrays.copyOf(reader.bytes(), reader.size()), StandardCharsets.UTF_8);
  }

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
