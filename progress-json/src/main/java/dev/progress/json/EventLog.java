package dev.progress.json;

import static java.util.Objects.requireNonNull;

import dev.progress.core.BatchResult;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.core.TrackResult;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Feeds untrusted events to a tracker, as section 6 of the model says of an event log: blank lines are skipped,
 * a bad line is rejected with its 1-based number and the reason, every other line is still processed. Events go
 * to the tracker in input order, since the first accepted event binds a space to its goal, one chunk at a time
 * ({@link ProgressTracker#trackAll} per chunk); memory therefore grows with what the tracker keeps and with the
 * rejections, not with the length of the log. With an as-of instant, valid events later than it are ignored
 * before the tracker sees them (not accepted, not rejected, binding nothing).
 *
 * <pre>{@code
 * EventLog log = EventLog.into(tracker).onResult(r -> { if (r.isRejected()) warn(r); }).build();
 * EventLog.Summary summary = log.read(Files.newInputStream(path));
 * }</pre>
 *
 * <p>Not thread-safe; one instance reads one log.
 */
public final class EventLog {
  /** Items tracked together by default: big enough to amortise a store transaction, small enough to be bounded. */
  public static final int DEFAULT_CHUNK = 1000;

  /**
   * What became of the items. Immutable and safe for concurrent use.
   *
   * @param accepted events that count towards progress
   * @param duplicates events already tracked with the same content
   * @param rejected refused items (invalid, breaking a rule, or failed by the store), by position
   * @param ignored valid events later than the as-of instant
   */
  public record Summary(long accepted, long duplicates, List<Rejection> rejected, long ignored) {
    public Summary {
      rejected = List.copyOf(rejected);
    }
  }

  private final ProgressTracker tracker;
  private final @Nullable Instant asOf;
  private final @Nullable Consumer<ItemResult> onResult;
  private final EventReader reader = EventReader.create();
  private final int chunkSize;
  private final List<ProgressEvent> chunk;
  private final long[] chunkPositions;
  private final List<Rejection> rejected = new ArrayList<>();
  /** Results of the current chunk other than its tracked events, merged in position order at its end. */
  private final List<ItemResult> pending = new ArrayList<>();
  private long accepted;
  private long duplicates;
  private long ignored;

  private EventLog(Builder b) {
    this.tracker = b.tracker;
    this.asOf = b.asOf;
    this.onResult = b.onResult;
    this.chunkSize = b.chunkSize;
    this.chunk = new ArrayList<>(Math.min(chunkSize, 1 << 16));
    this.chunkPositions = new long[chunkSize];
  }

  /** Starts an event log that feeds {@code tracker}. */
  public static Builder into(ProgressTracker tracker) {
    return new Builder(tracker);
  }

  /**
   * Reads a JSON Lines log to its end ({@link EventReader#readLines}), tracking its events; positions are line
   * numbers.
   *
   * @throws IOException when the log cannot be read; what was read before has been tracked
   */
  public Summary read(InputStream in) throws IOException {
    return read(in, bytes -> {});
  }

  /**
   * @param progress told the number of bytes read every {@link #DEFAULT_CHUNK} lines and at the end
   */
  public Summary read(InputStream in, LongConsumer progress) throws IOException {
    reader.readLines(in, this::add, progress, DEFAULT_CHUNK);
    return finish();
  }

  /** Adds one item read elsewhere: its event is tracked in order, or its error rejected at its position. */
  public void add(ParsedEvent item) {
    add(item, item.line());
  }

  void add(ParsedEvent item, long position) {
    ProgressEvent event = item.event();
    if (event == null) {
      reject(position, String.valueOf(item.error()));
    } else {
      add(event, position);
    }
  }

  /**
   * Tracks one event that came from elsewhere (a replay from a database), in order.
   *
   * @param position a number for the event in results and rejections
   */
  public void add(ProgressEvent event, long position) {
    if (asOf != null && event.timestamp().isAfter(asOf)) {
      ignored++;
      if (onResult != null) {
        pending.add(new ItemResult(position, ItemResult.Status.IGNORED, event.id(), null));
      }
      return;
    }
    chunkPositions[chunk.size()] = position;
    chunk.add(event);
    if (chunk.size() == chunkSize) {
      flush();
    }
  }

  private void reject(long position, String reason) {
    pending.add(new ItemResult(position, ItemResult.Status.REJECTED, null, reason));
  }

  /** Tracks what is left and returns the summary so far. */
  public Summary finish() {
    flush();
    return new Summary(accepted, duplicates, rejected, ignored);
  }

  private void flush() {
    if (!chunk.isEmpty()) {
      BatchResult results = tracker.trackAll(chunk);
      for (int i = 0; i < chunk.size(); i++) {
        TrackResult r = results.results().get(i);
        switch (r.status()) {
          case ACCEPTED -> {
            accepted++;
            if (onResult != null) {
              pending.add(new ItemResult(chunkPositions[i], ItemResult.Status.ACCEPTED, r.eventId(), null));
            }
          }
          case DUPLICATE -> {
            duplicates++;
            if (onResult != null) {
              pending.add(new ItemResult(chunkPositions[i], ItemResult.Status.DUPLICATE, r.eventId(), null));
            }
          }
          case REJECTED -> pending.add(
              new ItemResult(chunkPositions[i], ItemResult.Status.REJECTED, r.eventId(), String.valueOf(r.reason())));
          case FAILED -> pending.add(
              new ItemResult(chunkPositions[i], ItemResult.Status.FAILED, r.eventId(), String.valueOf(r.reason())));
        }
      }
      chunk.clear();
    }
    pending.sort(Comparator.comparingLong(ItemResult::position));
    for (ItemResult r : pending) {
      if (r.reason() != null) {
        rejected.add(new Rejection(r.position(), r.reason()));
      }
      if (onResult != null) {
        onResult.accept(r);
      }
    }
    pending.clear();
  }

  /** Stages an {@link EventLog}. Not thread-safe; confine to one thread. */
  public static final class Builder {
    private final ProgressTracker tracker;
    private @Nullable Instant asOf;
    private @Nullable Consumer<ItemResult> onResult;
    private int chunkSize = DEFAULT_CHUNK;

    private Builder(ProgressTracker tracker) {
      this.tracker = requireNonNull(tracker, "tracker");
    }

    /** Valid events later than {@code asOf} are ignored entirely (not accepted, not rejected, binding nothing). */
    public Builder asOf(Instant asOf) {
      this.asOf = requireNonNull(asOf, "asOf");
      return this;
    }

    /**
     * Told what became of each item, in position order, as soon as its chunk is tracked. Without it, only
     * rejections are kept (in the {@link Summary}).
     */
    public Builder onResult(Consumer<ItemResult> onResult) {
      this.onResult = requireNonNull(onResult, "onResult");
      return this;
    }

    /**
     * Items tracked together (one {@link ProgressTracker#trackAll} call): a bigger chunk means fewer, larger
     * store transactions, and about 1 KB of memory per item of the chunk. Default {@link #DEFAULT_CHUNK}.
     */
    public Builder chunkSize(int chunkSize) {
      if (chunkSize < 1) {
        throw new IllegalArgumentException("chunkSize " + chunkSize + " must be at least 1");
      }
      this.chunkSize = chunkSize;
      return this;
    }

    public EventLog build() {
      return new EventLog(this);
    }
  }
}
