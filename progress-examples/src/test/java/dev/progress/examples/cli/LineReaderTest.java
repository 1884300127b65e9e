package dev.progress.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  @Test
  void next_everyLineEnding_andAByteOrderMark() throws IOException {
    assertThat(lines("\uFEFFa\nb\r\nc\rd", 100)).containsExactly("a", "b", "c", "d");
    assertThat(lines("a\n\nb\n", 100)).containsExactly("a", "", "b");
    assertThat(lines("", 100)).isEmpty();
    assertThat(lines("\r\n", 100)).containsExactly("");
  }

  @Test
  void next_lineLongerThanMaximum_truncatedAndFlagged_nextLineIntact() throws IOException {
    LineReader reader = new LineReader(new StringReader("x".repeat(200_000) + "\nok\n"), 10);

    assertThat(reader.next()).isEqualTo("x".repeat(10));
    assertThat(reader.lastLineTooLong()).isTrue();
    assertThat(reader.lastLineLength()).isEqualTo(200_000);
    assertThat(reader.next()).isEqualTo("ok");
    assertThat(reader.lastLineTooLong()).isFalse();
    assertThat(reader.next()).isNull();
  }

  @Test
  void next_crLfSplitAcrossBufferRefills_isOneLineEnd() throws IOException {
    String first = "y".repeat(64 * 1024 - 1); // the \r ends the first buffer, the \n starts the second
    assertThat(lines(first + "\r\nz", 1 << 20)).containsExactly(first, "z");
  }

  private static List<String> lines(String text, int max) throws IOException {
    LineReader reader = new LineReader(new StringReader(text), max);
    List<String> lines = new ArrayList<>();
    String line;
    while ((line = reader.next()) != null) {
      lines.add(line);
    }
    return lines;
  }
}
