package dev.progress.core;

import static java.util.Objects.requireNonNull;

import dev.progress.core.spi.ChangedKeys;
import dev.progress.core.spi.ComponentLayout;
import dev.progress.core.spi.ProgressStore;
import dev.progress.core.spi.Snapshot;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Keeps events and figures in memory, for tests and small applications. Each key's latest figure is kept as
 * numbers (its values updated in place), and built into a {@link Progress} only when read. Snapshot history is
 * kept only when asked for ({@link #withHistory()}), since it grows with every change; {@link #eventsOnly()}
 * keeps no figures, for trackers that answer figures from their own states (the default store of
 * {@link ProgressTracker#inMemory()}); {@link #snapshotsOnly()} keeps no events at all, for replaying a
 * long log with memory that does not grow with it. Safe for concurrent use.
 *
 * <p>Reads of figures and counts take no lock: a unit holds its user's monitor while it runs, and a commit applies
 * its writes inside a sequence window ({@code UserData.seq}, odd while a commit applies), which readers validate,
 * retrying when a commit overlapped; so a read never waits for a unit, only (spinning) for the few writes of a
 * commit. Only {@link #history} of a {@link #withHistory()} store takes the monitor.
 */
public final class InMemoryProgressStore implements ProgressStore {
  private final ConcurrentHashMap<String, UserData> users = new ConcurrentHashMap<>();
  /** The buffers of the units running on each thread, reused from unit to unit. */
  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);
  private final boolean keepHistory;
  private final boolean keepEvents;
  private final boolean keepFigures;

  private InMemoryProgressStore(boolean keepHistory, boolean keepEvents, boolean keepFigures) {
    this.keepHistory = keepHistory;
    this.keepEvents = keepEvents;
    this.keepFigures = keepFigures;
  }

  /** A store that keeps every event and the latest figure of each key. */
  public static InMemoryProgressStore create() {
    return new InMemoryProgressStore(false, true, true);
  }

  /** A store that also keeps every figure ever stored, for {@link #history}. */
  public static InMemoryProgressStore withHistory() {
    return new InMemoryProgressStore(true, true, true);
  }

  /**
   * A store that keeps every event and no figures: the trackers writing to it compute the figures from their own
   * states of the users (rebuilt from the events when a state was dropped or another tracker wrote since), so
   * each figure is kept once in the process, not once by the tracker and again by the store. The default store
   * of a tracker built without one. {@link #snapshot}, {@link #snapshots} and {@link #history} of the store
   * itself find nothing.
   */
  public static InMemoryProgressStore eventsOnly() {
    return new InMemoryProgressStore(false, true, false);
  }

  /**
   * A store that keeps the latest figure of each key and no events, so its memory grows with users and keys,
   * never with events. It serves one tracker that is the only writer, which never needs to replay: replaying a
   * user that has events fails loudly instead of computing from nothing, and so does {@code rebuild}.
   */
  public static InMemoryProgressStore snapshotsOnly() {
    return new InMemoryProgressStore(false, false, true);
  }

  /**
   * A store that keeps only how many events each user has: no events, no figures. The one tracker writing to
   * it answers reads from the user states it holds, so replaying a log needs memory for users and keys only,
   * once (the command line's {@code report}); {@code rebuild} has nothing to work with, and the store's own
   * {@link #history} nothing to give (the tracker's is the current figure from its state).
   */
  public static InMemoryProgressStore countsOnly() {
    return new InMemoryProgressStore(false, false, false);
  }

  @Override
  public boolean keepsFigures() {
    return keepFigures;
  }

  @Override
  public boolean keepsEvents() {
    return keepEvents;
  }

  @Override
  public <R extends @Nullable Object, X extends Exception> R inTransaction(String userId, UserCallback<R, X> callback)
      throws X {
    requireNonNull(userId, "userId");
    requireNonNull(callback, "callback");
    UserData data = users.get(userId);
    if (data == null) {
      data = users.computeIfAbsent(userId, UserData::new); // the method reference captures this: not per unit
    }
    synchronized (data) {
      Unit unit = data.unit(this);
      unit.begin();
      try {
        R result = callback.run(unit);
        unit.commit();
        return result;
      } finally {
        unit.end();
      }
    }
  }

  @Override
  public Optional<Snapshot> snapshot(ProgressKey key) {
    UserData data = users.get(key.userId());
    if (data == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(data.read(key));
  }

  @Override
  public List<Snapshot> snapshots(String userId) {
    UserData data = users.get(userId);
    if (data == null) {
      return List.of();
    }
    return data.readAll();
  }

  @Override
  public List<Snapshot> history(ProgressKey key) {
    UserData data = users.get(key.userId());
    if (data == null) {
      return List.of();
    }
    if (!keepHistory) {
      Snapshot current = data.read(key);
      return current == null ? List.of() : List.of(current);
    }
    synchronized (data) {
      return data.history == null ? List.of() : List.copyOf(data.history.getOrDefault(key, List.of()));
    }
  }

  @Override
  public List<String> users() {
    return List.copyOf(eventCounts().keySet());
  }

  @Override
  public long version(String userId) {
    UserData data = users.get(userId);
    return data == null ? 0 : data.version;
  }

  @Override
  public Map<String, Long> eventCounts() {
    Map<String, Long> counts = new TreeMap<>();
    for (UserData d : users.values()) {
      long n = d.eventCount();
      if (n > 0) {
        counts.put(d.userId, n);
      }
    }
    return counts;
  }

  /** Copies the committed events under the user's monitor for a moment, then streams them outside it. */
  @Override
  public void replay(String userId, Consumer<ProgressEvent> sink) {
    requireNonNull(sink, "sink");
    if (!keepEvents) {
      throw new UnsupportedOperationException("this store keeps no events to replay");
    }
    UserData data = users.get(userId);
    if (data == null) {
      return;
    }
    data.forEachCommitted(sink);
  }

  /**
   * The latest figure of one key, as numbers; updated in place by commits (under the user's monitor, inside the
   * user's sequence window), read without a lock (see {@link UserData#read}).
   */
  private static final class Figure {
    ComponentLayout layout;
    @Nullable String goalId;
    double total;
    double[] values;
    String rulesVersion;
    Instant recordedAt;

    Figure(ComponentLayout layout, @Nullable String goalId, double total, double[] values, String rulesVersion,
        Instant recordedAt) {
      this.layout = layout;
      this.goalId = goalId;
      this.total = total;
      this.values = values;
      this.rulesVersion = rulesVersion;
      this.recordedAt = recordedAt;
    }

    /** Commits that changed this figure: a cached read is current while it was built at this count. */
    long changes;
    /**
     * Built on the first read after a change and reused until the next: writes build nothing. Immutable, so a
     * reader may see it through a race; it is used only when its count is the figure's.
     */
    private volatile @Nullable Cached cached;

    /** The cached snapshot when it is of the figure's current values (read inside a validated window). */
    @Nullable Snapshot cachedAt(long count) {
      Cached c = cached;
      return c != null && c.changes == count ? c.snapshot : null;
    }

    /** A snapshot of the fields as they are; torn when a commit overlaps, which the caller's window detects. */
    Snapshot build(ProgressKey key) {
      double[] v = values.clone();
      return new Snapshot(layout.progress(key, goalId, total, v), rulesVersion, recordedAt);
    }
  }

  /** A figure's snapshot and the figure's change count it was built at. */
  private record Cached(Snapshot snapshot, long changes) {}

  /** One user's data; guarded by its own monitor. */
  private static final class UserData {
    final String userId;
    /**
     * The committed events, for readers that take no lock: writers fill slots past {@link #committedCount}
     * (copying to a larger array when full) and then publish the new count, so a reader that reads the count
     * first and the array second sees every event below the count, never a partial one. Guarded by the monitor
     * for writers.
     */
    volatile ProgressEvent[] committed = new ProgressEvent[0];
    volatile int committedCount;
    /**
     * Events ever appended, also when they are not kept; written under the monitor (a release write, see
     * {@link #addEvents}), read without it.
     */
    private long eventCount;
    /**
     * The sequence window of commits: odd while a commit applies its writes, even otherwise. A lock-free reader
     * reads it, reads the figures, and keeps what it read only if the sequence is the same even number after.
     */
    volatile long seq;
    /** Written under the monitor inside the sequence window; read without a lock, validated by it. */
    final Map<ProgressKey, Figure> current = new ConcurrentHashMap<>();
    @Nullable Map<ProgressKey, List<Snapshot>> history;
    /** Written under the monitor at commit; volatile for {@link InMemoryProgressStore#version}. */
    volatile long version;
    /** The user's unit, made on first use and reused: units of a user never overlap. */
    private @Nullable Unit unit;

    UserData(String userId) {
      this.userId = userId;
    }

    /** The committed events, in order; takes no lock (see {@link #committed}). */
    void forEachCommitted(Consumer<ProgressEvent> sink) {
      int n = committedCount; // volatile read first: the array read after holds at least n events
      ProgressEvent[] events = committed;
      for (int i = 0; i < n; i++) {
        sink.accept(events[i]);
      }
    }

    long eventCount() {
      return (long) EVENT_COUNT.getAcquire(this);
    }

    /** Under the monitor: no fence on the write path, readers see a whole count. */
    void addEvents(int n) {
      EVENT_COUNT.setRelease(this, eventCount + n);
    }

    /** Opens the sequence window of a commit: readers retry until {@link #endWrite}. */
    void beginWrite() {
      SEQ.setOpaque(this, seq + 1);
      VarHandle.storeStoreFence(); // the writes that follow are not seen before the odd sequence
    }

    void endWrite() {
      SEQ.setRelease(this, seq + 1); // the writes before are seen by whoever sees the even sequence
    }

    /** The latest snapshot of one key as of a committed state, without the monitor; null when it has none. */
    @Nullable Snapshot read(ProgressKey key) {
      for (int attempt = 0; ; attempt++) {
        long s = seq;
        if ((s & 1) == 0) {
          Figure f = current.get(key);
          if (f == null) {
            VarHandle.acquireFence();
            if (seq == s) {
              return null;
            }
          } else {
            long count = f.changes;
            Snapshot cached = f.cachedAt(count);
            Snapshot snapshot = cached != null ? cached : f.build(key);
            VarHandle.acquireFence(); // the reads above happen before the sequence is read again
            if (seq == s) {
              if (cached == null) {
                f.cached = new Cached(snapshot, count);
              }
              return snapshot;
            }
          }
        }
        backOff(attempt);
      }
    }

    /** The latest snapshot of every key, all as of the same committed state, without the monitor. */
    List<Snapshot> readAll() {
      for (int attempt = 0; ; attempt++) {
        long s = seq;
        if ((s & 1) == 0) {
          List<Snapshot> all = new ArrayList<>(current.size());
          List<Figure> built = new ArrayList<>();
          List<Cached> builds = new ArrayList<>();
          current.forEach((key, f) -> {
            long count = f.changes;
            Snapshot cached = f.cachedAt(count);
            if (cached == null) {
              cached = f.build(key);
              built.add(f);
              builds.add(new Cached(cached, count));
            }
            all.add(cached);
          });
          VarHandle.acquireFence();
          if (seq == s) {
            for (int i = 0; i < built.size(); i++) {
              built.get(i).cached = builds.get(i);
            }
            return all;
          }
        }
        backOff(attempt);
      }
    }

    /** Between attempts of a reader that met a commit: spin a little, then let the writer's thread run. */
    private static void backOff(int attempt) {
      if (attempt < 64) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }

    Unit unit(InMemoryProgressStore store) {
      Unit u = unit;
      if (u == null) {
        u = store.new Unit(this);
        unit = u;
      }
      return u;
    }
  }

  /** A unit's appended writes, copied out of the caller's arguments; one per thread, reused. */
  private static final class Buffers {
    /** How many events the unit appended, kept or not (kept ones wait past the user's committed count). */
    int appendedEvents;
    ProgressKey[] keys = new ProgressKey[8];
    @Nullable String[] goals = new String[8];
    ComponentLayout[] layouts = new ComponentLayout[8];
    double[] totals = new double[8];
    double[] values = new double[32];
    int[] valueStart = new int[9];
    int changed;
    String rulesVersion = "";
    Instant recordedAt = Instant.EPOCH;
    /** Whether a unit on this thread uses them; a unit nested in another gets buffers of its own. */
    boolean inUse;

    void ensure(int n) {
      if (keys.length < n) {
        int size = Math.max(n, keys.length * 2);
        keys = Arrays.copyOf(keys, size);
        goals = Arrays.copyOf(goals, size);
        layouts = Arrays.copyOf(layouts, size);
        totals = Arrays.copyOf(totals, size);
        valueStart = Arrays.copyOf(valueStart, size + 1);
      }
    }

    void clear() {
      appendedEvents = 0;
      Arrays.fill(keys, 0, changed, null);
      Arrays.fill(goals, 0, changed, null);
      Arrays.fill(layouts, 0, changed, null);
      changed = 0;
    }
  }

  /**
   * One user's unit: buffers the writes (in its thread's {@link Buffers}) and applies them on commit, so a
   * failing callback keeps nothing. One per user, reused; refuses use outside the unit that handed it out.
   */
  private static final VarHandle SEQ;
  private static final VarHandle EVENT_COUNT;

  static {
    try {
      SEQ = MethodHandles.lookup().findVarHandle(UserData.class, "seq", long.class);
      EVENT_COUNT = MethodHandles.lookup().findVarHandle(UserData.class, "eventCount", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final class Unit implements UserTransaction {
    private final UserData data;
    /**
     * The buffers of the thread running the unit, kept after it (a write of a reference into this old object
     * costs the garbage collector a card, so it is written only when another thread's buffers take over).
     */
    private @Nullable Buffers buffers;
    private boolean open;
    private boolean appended;

    Unit(UserData data) {
      this.data = data;
    }

    void begin() {
      Buffers b = BUFFERS.get();
      if (b.inUse) {
        b = new Buffers();
      }
      if (buffers != b) {
        buffers = b;
      }
      b.inUse = true;
      open = true;
      appended = false;
    }

    void end() {
      Buffers b = buffers;
      if (open && b != null) {
        open = false;
        if (b.appendedEvents > 0 && keepEvents) { // not committed: forget the events written past the count
          int n = data.committedCount;
          Arrays.fill(data.committed, n, n + b.appendedEvents, null);
        }
        b.clear();
        b.inUse = false;
      }
    }

    private Buffers open() {
      Buffers b = buffers;
      if (!open || b == null) {
        throw new IllegalStateException("the transaction of user '" + data.userId + "' was used after it ended");
      }
      return b;
    }

    @Override
    public String userId() {
      return data.userId;
    }

    @Override
    public long version() {
      open();
      return data.version;
    }

    @Override
    public void replay(Consumer<ProgressEvent> sink) {
      open();
      if (!keepEvents && data.eventCount() > 0) {
        throw new IllegalStateException("user " + data.userId + " has events, but this store keeps none to replay;"
            + " it serves one tracker that is the only writer");
      }
      data.forEachCommitted(sink);
    }

    @Override
    public long append(List<ProgressEvent> newEvents, ChangedKeys newFigures) {
      Buffers b = open();
      if (appended) {
        throw new IllegalStateException("append was already called in this unit of user '" + data.userId + "'");
      }
      int count = newEvents.size();
      for (int i = 0; i < count; i++) {
        ProgressEvent e = newEvents.get(i);
        if (!e.userId().equals(data.userId)) {
          throw new IllegalArgumentException(
              "event '" + e.id() + "' belongs to user '" + e.userId() + "', not to '" + data.userId + "'");
        }
      }
      int n = newFigures.size();
      if (!keepFigures) { // counts only: the figures are checked, not copied
        for (int i = 0; i < n; i++) {
          ProgressKey key = newFigures.key(i);
          if (!key.userId().equals(data.userId)) {
            throw new IllegalArgumentException("figure of " + key + " belongs to another user than '"
                + data.userId + "'");
          }
        }
        stage(newEvents, b);
        return data.version + 1;
      }
      b.ensure(n);
      int v = 0;
      for (int i = 0; i < n; i++) {
        ProgressKey key = newFigures.key(i);
        if (!key.userId().equals(data.userId)) {
          throw new IllegalArgumentException("figure of " + key + " belongs to another user than '" + data.userId
              + "'");
        }
        b.keys[i] = key;
        b.goals[i] = newFigures.goalId(i);
        b.totals[i] = newFigures.total(i);
        ComponentLayout layout = newFigures.layout(i);
        b.layouts[i] = layout;
        b.valueStart[i] = v;
        if (b.values.length < v + layout.size()) {
          b.values = Arrays.copyOf(b.values, Math.max(b.values.length * 2, v + layout.size()));
        }
        for (int c = 0; c < layout.size(); c++) {
          b.values[v++] = newFigures.value(i, c);
        }
        b.changed = i + 1;
      }
      b.valueStart[n] = v;
      b.rulesVersion = newFigures.rulesVersion();
      b.recordedAt = newFigures.recordedAt();
      stage(newEvents, b);
      return data.version + 1;
    }

    /**
     * Ends a successful append: its events go straight into the user's array, past the count readers stop at,
     * so commit only publishes the count (and a unit that fails later has end() clear them). Called once the
     * arguments are checked, so a refused append writes nothing there.
     */
    private void stage(List<ProgressEvent> events, Buffers b) {
      int count = events.size();
      if (keepEvents && count > 0) {
        int n = data.committedCount;
        ProgressEvent[] array = data.committed;
        if (array.length < n + count) {
          array = Arrays.copyOf(array, Math.max(16, Math.max(n + count, array.length * 2)));
          data.committed = array; // readers of the old array still find every committed event there
        }
        for (int i = 0; i < count; i++) {
          array[n + i] = events.get(i);
        }
      }
      b.appendedEvents = count;
      appended = true;
    }

    void commit() {
      if (!appended) {
        return;
      }
      Buffers b = open();
      if (keepEvents && b.appendedEvents > 0) {
        data.committedCount += b.appendedEvents; // publishes the events append wrote past the count
      }
      data.addEvents(b.appendedEvents);
      b.appendedEvents = 0; // committed: end() has nothing to forget
      if (keepFigures && b.changed > 0) {
        data.beginWrite();
        try {
          applyFigures(b);
        } finally {
          data.endWrite();
        }
      }
      data.version++;
    }

    /** The unit's changed figures into the user's: in place when the key has one of the same shape. */
    private void applyFigures(Buffers b) {
      for (int i = 0; i < b.changed; i++) {
        ComponentLayout layout = b.layouts[i];
        ProgressKey key = b.keys[i];
        int from = b.valueStart[i];
        Figure f = data.current.get(key);
        if (f == null || f.values.length != layout.size()) {
          f = new Figure(layout, b.goals[i], b.totals[i], Arrays.copyOfRange(b.values, from, from + layout.size()),
              b.rulesVersion, b.recordedAt);
          data.current.put(key, f);
        } else {
          f.layout = layout;
          f.goalId = b.goals[i];
          f.total = b.totals[i];
          System.arraycopy(b.values, from, f.values, 0, layout.size());
          f.rulesVersion = b.rulesVersion;
          f.recordedAt = b.recordedAt;
          if (f.cached != null) {
            f.cached = null; // no stale figure kept alive; a volatile write only after a read
          }
        }
        f.changes++;
        if (keepHistory) {
          if (data.history == null) {
            data.history = new HashMap<>();
          }
          data.history.computeIfAbsent(key, k -> new ArrayList<>()).add(f.build(key));
        }
      }
    }
  }
}
