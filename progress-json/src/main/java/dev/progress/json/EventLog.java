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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
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
 * <p>Events the store failed to keep ({@link TrackResult.Status#FAILED}: the store, not the event, failed) are by
 * default results like rejections. With {@link Builder#onStoreFailure} they are not: the policy decides whether
 * they are tracked again (only they: the chunk's other events are applied, and each user's events keep their
 * order), and when it gives up the log stops with an exception that says from which position nothing was stored.
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
   * @param rejected refused items (invalid, breaking a rule, or, without {@link Builder#onStoreFailure}, failed by
   *     the store), by position
   * @param ignored valid events later than the as-of instant
   */
  public record Summary(long accepted, long duplicates, List<Rejection> rejected, long ignored) {
    public Summary {
      rejected = List.copyOf(rejected);
    }
  }

  /**
   * An attempt at a chunk in which the store failed to keep some events. Immutable and safe for concurrent use.
   *
   * @param attempt how many attempts at these events failed so far (1 after the first)
   * @param reason the store's reason, for the first event it failed to keep
   * @param firstFailed the position of the first event not stored
   * @param lastStored the highest position of the chunk whose event was stored (accepted or a duplicate, in this
   *     or an earlier attempt), empty when none was; when it is after {@code firstFailed}, other users' events
   *     after the first failed one were stored
   * @param events how many events of the chunk are not stored
   */
  public record StoreFailure(int attempt, String reason, long firstFailed, OptionalLong lastStored, int events) {
    public StoreFailure {
      if (attempt < 1) {
        throw new IllegalArgumentException("attempt " + attempt + " must be at least 1");
      }
      requireNonNull(reason, "reason");
      requireNonNull(lastStored, "lastStored");
      if (events < 1) {
        throw new IllegalArgumentException("events " + events + " must be at least 1");
      }
    }
  }

  /** Decides what an event log does after the store failed to keep some events of a chunk. */
  @FunctionalInterface
  public interface OnStoreFailure {
    /**
     * Called, on the reading thread, after each attempt at a chunk in which the store failed to keep some events.
     *
     * @return true to track those events again (after waiting as long as it sees fit), false to stop the log
     *     with a {@link StoppedException}; an exception it throws stops the log likewise and propagates as is
     */
    boolean retry(StoreFailure failure);
  }

  /**
   * Thrown by {@link #read}, {@link #add} and {@link #finish} when an {@link OnStoreFailure} gave up: the events
   * before {@link StoreFailure#firstFailed} were tracked (their results delivered), those of the failing users
   * in the last chunk were not, and the log can no longer be used. Immutable.
   */
  public static final class StoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The last failed attempt. */
    @SuppressWarnings("serial") // StoreFailure is not Serializable: this exception is not meant to be serialized
    private final StoreFailure failure;

    public StoppedException(StoreFailure failure) {
      super("the store failed at position " + failure.firstFailed() + " (attempt " + failure.attempt() + "): "
          + failure.reason());
      this.failure = failure;
    }

    public StoreFailure failure() {
      return failure;
    }
  }

  private final ProgressTracker tracker;
  private final @Nullable Instant asOf;
  private final @Nullable Consumer<ItemResult> onResult;
  private final @Nullable OnStoreFailure onStoreFailure;
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
  /** Set when an {@link OnStoreFailure} gave up: nothing more can be tracked in order. */
  private boolean stopped;

  private EventLog(Builder b) {
    this.tracker = b.tracker;
    this.asOf = b.asOf;
    this.onResult = b.onResult;
    this.onStoreFailure = b.onStoreFailure;
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
    checkNotStopped();
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
    checkNotStopped();
    pending.add(new ItemResult(position, ItemResult.Status.REJECTED, null, reason));
  }

  /** Tracks what is left and returns the summary so far. */
  public Summary finish() {
    checkNotStopped();
    flush();
    return new Summary(accepted, duplicates, rejected, ignored);
  }

  private void checkNotStopped() {
    if (stopped) {
      throw new IllegalStateException("the log stopped after the store failed; read it again from the start");
    }
  }

  private void flush() {
    try {
      if (!chunk.isEmpty()) {
        trackChunk();
      }
    } finally {
      chunk.clear();
      deliver();
    }
  }

  /**
   * Tracks the chunk; with an {@link #onStoreFailure}, the events the store failed to keep are tracked again
   * while it says so.
   */
  private void trackChunk() {
    List<ProgressEvent> events = chunk;
    int[] indexes = new int[chunk.size()];
    for (int i = 0; i < indexes.length; i++) {
      indexes[i] = i;
    }
    long lastStored = Long.MIN_VALUE;
    for (int attempt = 1; ; attempt++) {
      BatchResult results = tracker.trackAll(events);
      List<ItemResult> failed = new ArrayList<>();
      int[] failedIndexes = new int[indexes.length];
      for (int k = 0; k < indexes.length; k++) {
        long position = chunkPositions[indexes[k]];
        TrackResult r = results.results().get(k);
        String eventId = events.get(k).id(); // results come in the order of the events
        switch (r.status()) {
          case ACCEPTED -> {
            accepted++;
            lastStored = Math.max(lastStored, position);
            if (onResult != null) {
              pending.add(new ItemResult(position, ItemResult.Status.ACCEPTED, eventId, null));
            }
          }
          case DUPLICATE -> {
            duplicates++;
            lastStored = Math.max(lastStored, position);
            if (onResult != null) {
              pending.add(new ItemResult(position, ItemResult.Status.DUPLICATE, eventId, null));
            }
          }
          case REJECTED -> pending.add(
              new ItemResult(position, ItemResult.Status.REJECTED, eventId, String.valueOf(r.reason())));
          case FAILED -> {
            ItemResult item =
                new ItemResult(position, ItemResult.Status.FAILED, eventId, String.valueOf(r.reason()));
            if (onStoreFailure == null) {
              pending.add(item);
            } else {
              failedIndexes[failed.size()] = indexes[k];
              failed.add(item);
            }
          }
        }
      }
      if (failed.isEmpty()) {
        return;
      }
      StoreFailure failure = new StoreFailure(attempt, String.valueOf(failed.get(0).reason()),
          failed.get(0).position(), lastStored == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(lastStored),
          failed.size());
      if (!retry(failure, failed)) {
        throw new StoppedException(failure);
      }
      indexes = Arrays.copyOf(failedIndexes, failed.size());
      events = Arrays.stream(indexes).mapToObj(chunk::get).toList();
    }
  }

  /**
   * Asks {@link #onStoreFailure}; when it gives up (false or an exception), the log is stopped and the failed
   * items are delivered as {@link ItemResult.Status#FAILED} with the chunk's other results.
   */
  private boolean retry(StoreFailure failure, List<ItemResult> failed) {
    boolean again = false;
    try {
      again = requireNonNull(onStoreFailure).retry(failure);
    } finally {
      if (!again) {
        stopped = true;
        if (onResult != null) {
          pending.addAll(failed);
        }
      }
    }
    return again;
  }

  /** Hands the chunk's results to {@link #onResult} in position order and keeps its rejections. */
  private void deliver() {
    pending.sort(Comparator.comparingLong(ItemResult::position));
    for (ItemResult r : pending) {
      if (r.status() == ItemResult.Status.REJECTED
          || r.status() == ItemResult.Status.FAILED && onStoreFailure == null) {
        rejected.add(new Rejection(r.position(), String.valueOf(r.reason())));
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
    private @Nullable OnStoreFailure onStoreFailure;
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
     * Events the store fails to keep ({@link TrackResult.Status#FAILED}: a database that went away, a dropped
     * table) are then not results: {@code policy} decides after each failed attempt whether they are tracked
     * again, or whether the log stops with a {@link StoppedException} (or the policy's own exception). Without it,
     * they are results with status {@link ItemResult.Status#FAILED}, kept with the rejections.
     */
    public Builder onStoreFailure(OnStoreFailure policy) {
      this.onStoreFailure = requireNonNull(policy, "policy");
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
