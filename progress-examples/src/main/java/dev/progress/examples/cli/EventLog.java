package dev.progress.examples.cli;

import dev.progress.core.BatchResult;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.core.TrackResult;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Feeds a JSON Lines event log to a tracker, as section 6 of the model says: blank lines are skipped, a bad line
 * is rejected with its 1-based number and the reason, every other line is still processed. Events go to the
 * tracker in file order, since the first accepted event binds a space to its goal, one chunk of lines at a time
 * ({@link ProgressTracker#trackAll} per chunk); memory therefore grows with what the tracker keeps, not with the
 * length of the log. Events later than an as-of instant are dropped before the tracker sees them. Not
 * thread-safe; one instance reads one log.
 */
final class EventLog {
  /** Lines tracked together: big enough to amortise a store transaction, small enough to be bounded. */
  static final int CHUNK = 1000;
  /**
   * Lines tracked together into a database: the tracker opens one transaction per user per chunk, so a bigger
   * chunk means fewer, larger transactions (about 1 KB of memory per line of the chunk).
   */
  static final int DATABASE_CHUNK = 20_000;
  /** An event is at most about 17 KiB of JSON (16 KiB of metadata); a line 60 times that is not an event. */
  static final int MAX_LINE_CHARS = 1 << 20;

  /** A refused line. */
  record Rejection(long line, String error) {}

  /**
   * What became of the lines.
   *
   * @param accepted events that count towards the report
   * @param duplicates events already tracked with the same content
   * @param rejected refused lines, by line number
   * @param ignored valid events later than the as-of instant
   */
  record Outcome(long accepted, long duplicates, List<Rejection> rejected, long ignored) {}

  private final ProgressTracker tracker;
  private final @Nullable Instant asOf;
  private final Consumer<Rejection> onRejected;
  private final EventJson parser = new EventJson();
  private final int chunkSize;
  private final List<ProgressEvent> chunk;
  private final long[] chunkLines;
  private final List<Rejection> rejected = new ArrayList<>();
  /** Rejections of the current chunk, merged in line order once the chunk is tracked. */
  private final List<Rejection> chunkRejected = new ArrayList<>();
  private long accepted;
  private long duplicates;
  private long ignored;

  /**
   * @param tracker receives the events
   * @param asOf when given, valid events later than this are ignored entirely (not accepted, not rejected,
   *     binding nothing)
   */
  EventLog(ProgressTracker tracker, @Nullable Instant asOf) {
    this(tracker, asOf, r -> {}, CHUNK);
  }

  /**
   * @param onRejected told about each refused line, in line order, as soon as its chunk is tracked
   * @param chunkSize lines tracked together
   */
  EventLog(ProgressTracker tracker, @Nullable Instant asOf, Consumer<Rejection> onRejected, int chunkSize) {
    this.tracker = tracker;
    this.asOf = asOf;
    this.onRejected = onRejected;
    this.chunkSize = chunkSize;
    this.chunk = new ArrayList<>(chunkSize);
    this.chunkLines = new long[chunkSize];
  }

  /**
   * Tracks one event that came from elsewhere than a line (a replay from a database), in order.
   *
   * @param position a number for the event in rejections
   */
  void add(ProgressEvent event, long position) {
    if (asOf != null && event.timestamp().isAfter(asOf)) {
      ignored++;
      return;
    }
    chunkLines[chunk.size()] = position;
    chunk.add(event);
    if (chunk.size() == chunkSize) {
      flush();
    }
  }

  /** Tracks what {@link #add} left and returns the outcome so far. */
  Outcome finish() {
    flush();
    return new Outcome(accepted, duplicates, List.copyOf(rejected), ignored);
  }

  /**
   * Reads the log to its end.
   *
   * @param progress told the number of characters read every {@link #CHUNK} lines and at the end
   * @throws IOException when the log cannot be read; what was read so far has been tracked
   */
  Outcome read(Reader in, LongConsumer progress) throws IOException {
    LineReader lines = new LineReader(in, MAX_LINE_CHARS);
    long number = 0;
    String line;
    while ((line = lines.next()) != null) {
      number++;
      if (number % CHUNK == 0) {
        progress.accept(lines.charsRead());
      }
      if (lines.lastLineTooLong()) {
        chunkRejected.add(new Rejection(number, "line is " + lines.lastLineLength() + " characters long, "
            + "more than the " + MAX_LINE_CHARS + " an event line may have"));
        continue;
      }
      if (line.isBlank()) {
        continue;
      }
      ProgressEvent event;
      try {
        event = parser.parse(line);
      } catch (EventJson.BadLineException e) {
        chunkRejected.add(new Rejection(number, e.getMessage()));
        continue;
      }
      add(event, number);
    }
    Outcome outcome = finish();
    progress.accept(lines.charsRead());
    return outcome;
  }

  private void flush() {
    if (!chunk.isEmpty()) {
      BatchResult results = tracker.trackAll(chunk);
      for (int i = 0; i < chunk.size(); i++) {
        TrackResult r = results.results().get(i);
        switch (r.status()) {
          case ACCEPTED -> accepted++;
          case DUPLICATE -> duplicates++;
          case REJECTED, FAILED -> chunkRejected.add(new Rejection(chunkLines[i], String.valueOf(r.reason())));
        }
      }
      chunk.clear();
    }
    chunkRejected.sort((a, b) -> Long.compare(a.line(), b.line()));
    chunkRejected.forEach(onRejected);
    rejected.addAll(chunkRejected);
    chunkRejected.clear();
  }
}
