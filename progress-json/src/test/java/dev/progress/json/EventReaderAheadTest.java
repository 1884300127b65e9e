package dev.progress.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link EventReader#readLinesAhead}: the results of {@link EventReader#readLines}, parsed on a second thread. */
class EventReaderAheadTest {
  /** More lines than the parser may run ahead, so that it waits for the consumer many times. */
  private static final int LINES = EventReader.AHEAD_BATCH * EventReader.AHEAD_BATCHES * 3 + 7;

  @Test
  void sameResultsInTheSameOrder_asReadingOnOneThread_onTheCallersThread() throws IOException {
    String log = String.join("\n", EventReaderPlainLinePropertyTest.log(new Random(7), LINES));
    List<ParsedEvent> oneThread = new ArrayList<>();
    long lines = EventReader.create().readLines(in(log), oneThread::add);
    List<ParsedEvent> ahead = new ArrayList<>();
    Set<Thread> consumers = new HashSet<>();

    long linesAhead = EventReader.create().readLinesAhead(in(log), p -> {
      consumers.add(Thread.currentThread());
      sleepNowAndThen(p.line());
      ahead.add(p);
    });

    assertThat(linesAhead).isEqualTo(lines).isEqualTo(LINES);
    assertThat(ahead).hasSize(oneThread.size()).isEqualTo(oneThread);
    assertThat(ahead).anyMatch(ParsedEvent::isValid).anyMatch(p -> !p.isValid());
    assertThat(consumers).containsExactly(Thread.currentThread());
  }

  @Test
  void aFailingInput_handsOverEveryLineBefore_thenThrowsItsException() {
    byte[] log = String.join("\n", EventReaderPlainLinePropertyTest.log(new Random(3), LINES)).getBytes(
        StandardCharsets.UTF_8);
    int cut = log.length / 2;
    java.util.function.Supplier<InputStream> failingInput = () -> new InputStream() {
      int position;

      @Override
      public int read() throws IOException {
        if (position == cut) {
          throw new IOException("disk gone at byte " + cut);
        }
        return log[position++] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (position == cut) {
          throw new IOException("disk gone at byte " + cut);
        }
        int n = Math.min(Math.min(len, 1000), cut - position);
        System.arraycopy(log, position, b, off, n);
        position += n;
        return n;
      }
    };
    List<ParsedEvent> read = new ArrayList<>();
    List<ParsedEvent> plain = new ArrayList<>();

    assertThatThrownBy(() -> EventReader.create().readLinesAhead(failingInput.get(), read::add))
        .isInstanceOf(IOException.class).hasMessage("disk gone at byte " + cut);
    assertThatThrownBy(() -> EventReader.create().readLines(failingInput.get(), plain::add))
        .isInstanceOf(IOException.class).hasMessage("disk gone at byte " + cut);

    // regression: the lines of the batch being filled when the input failed were dropped
    assertThat(read).extracting(ParsedEvent::line).isEqualTo(plain.stream().map(ParsedEvent::line).toList())
        .hasSizeGreaterThan(EventReader.AHEAD_BATCH);
    long complete = new String(log, 0, cut, StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
    assertThat(read.get(read.size() - 1).line()).isLessThanOrEqualTo(complete);
    assertThat(read.size() % EventReader.AHEAD_BATCH).as("lines in the last, partial batch").isNotZero();
  }

  /** A consumer that fails stops the reading: its exception propagates, and the parsing thread ends. */
  @Test
  void aFailingConsumer_stopsTheReading_andItsExceptionPropagates() throws Exception {
    String log = String.join("\n", EventReaderPlainLinePropertyTest.log(new Random(5), LINES));
    int[] seen = {0};

    assertThatThrownBy(() -> EventReader.create().readLinesAhead(in(log), p -> {
      if (++seen[0] == 100) {
        throw new IllegalStateException("enough at line " + p.line());
      }
    })).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("enough at line ");
    assertThat(seen[0]).isEqualTo(100);
    for (int i = 0; i < 100 && parserThreads() > 0; i++) {
      Thread.sleep(50);
    }
    assertThat(parserThreads()).as("the parsing thread has ended").isZero();
  }

  private static long parserThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("progress-json-reader")).count();
  }

  private static void sleepNowAndThen(long line) {
    if (line % 1000 == 0) {
      try {
        Thread.sleep(5); // the parser runs ahead and must wait
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static InputStream in(String log) {
    return new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8));
  }
}
