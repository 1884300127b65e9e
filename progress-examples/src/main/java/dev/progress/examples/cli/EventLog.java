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
 * length of the log. Events later than an as-of instant are dropped before the tracker sees them. Events the
 * store failed to store are not rejections: they are tracked again as an {@link OnStoreFailure} decides, and
 * when it gives up the log stops with a {@link CommandException} saying from which line nothing was stored. Not
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
   * What to do when the store failed for some events of a chunk ({@link TrackResult.Status#FAILED}: a database
   * failure, not bad input; nothing of those users' units was stored).
   */
  @FunctionalInterface
  interface OnStoreFailure {
    /**
     * Decides after a failed attempt to store some events of a chunk.
     *
     * @param attempt how many attempts at these events failed so far (1 after the first)
     * @param reason the store's reason, for the first failed event
     * @return null to track those events again (after waiting as long as it sees fit), or what failed, in
     *     words: the log then stops
     */
    @Nullable String retry(int attempt, String reason);
  }

  /** Never retries: the log stops at the first store failure. */
  static final OnStoreFailure STOP = (attempt, reason) -> reason;

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
  private final OnStoreFailure onStoreFailure;
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
    this(tracker, asOf, r -> {}, CHUNK, STOP);
  }

  /**
   * @param onRejected told about each refused line, in line order, as soon as its chunk is tracked
   * @param chunkSize lines tracked together
   * @param onStoreFailure decides whether events the store failed to store are tracked again
   */
  EventLog(ProgressTracker tracker, @Nullable Instant asOf, Consumer<Rejection> onRejected, int chunkSize,
      OnStoreFailure onStoreFailure) {
    this.tracker = tracker;
    this.asOf = asOf;
    this.onRejected = onRejected;
    this.onStoreFailure = onStoreFailure;
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
    try {
      if (!chunk.isEmpty()) {
        trackChunk();
      }
    } finally {
      chunk.clear();
      chunkRejected.sort((a, b) -> Long.compare(a.line(), b.line()));
      chunkRejected.forEach(onRejected);
      rejected.addAll(chunkRejected);
      chunkRejected.clear();
    }
  }

  /**
   * Tracks the chunk; events the store failed to store are tracked again while {@link #onStoreFailure} says
   * so (only those: the other users' events of the chunk are stored, and each user's events keep their order).
   *
   * @throws CommandException when it says to stop, naming the line from which nothing was stored
   */
  private void trackChunk() {
    List<Integer> pending = new ArrayList<>(chunk.size());
    for (int i = 0; i < chunk.size(); i++) {
      pending.add(i);
    }
    long lastStored = 0;
    for (int attempt = 1; ; attempt++) {
      BatchResult results = tracker.trackAll(pending.stream().map(chunk::get).toList());
      List<Integer> failed = new ArrayList<>();
      String reason = null;
      for (int k = 0; k < pending.size(); k++) {
        int i = pending.get(k);
        TrackResult r = results.results().get(k);
        switch (r.status()) {
          case ACCEPTED -> accepted++;
          case DUPLICATE -> duplicates++;
          case REJECTED -> chunkRejected.add(new Rejection(chunkLines[i], String.valueOf(r.reason())));
          case FAILED -> {
            failed.add(i);
            reason = reason == null ? String.valueOf(r.reason()) : reason;
          }
        }
        if (r.status() == TrackResult.Status.ACCEPTED || r.status() == TrackResult.Status.DUPLICATE) {
          lastStored = Math.max(lastStored, chunkLines[i]);
        }
      }
      if (failed.isEmpty()) {
        return;
      }
      String stop = onStoreFailure.retry(attempt, String.valueOf(reason));
      if (stop != null) {
        throw new CommandException(stopped(chunkLines[failed.get(0)], lastStored, stop));
      }
      pending = failed;
    }
  }

  /**
   * The one message of a log stopped by the store: what failed, and from which line nothing was stored.
   *
   * @param firstFailed the first line whose event was not stored
   * @param lastStored the last line of its chunk whose event was stored (by another user's unit), or less
   *     than {@code firstFailed} when none was
   */
  static String stopped(long firstFailed, long lastStored, String what) {
    String stored = lastStored < firstFailed
        ? "nothing from line " + firstFailed + " on was stored"
        : "lines " + firstFailed + " to " + lastStored + " only in part (other users' events), nothing from line "
            + (lastStored + 1) + " on";
    return "the database failed at line " + firstFailed + ": " + what + ". Lines before " + firstFailed
        + " are stored (or rejected above); " + stored
        + ". Rerun the same command once the database works: stored events are duplicates.";
  }
}
