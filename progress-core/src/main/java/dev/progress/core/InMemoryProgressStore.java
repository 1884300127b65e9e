package dev.progress.core;

import static java.util.Objects.requireNonNull;

import dev.progress.core.spi.ChangedKeys;
import dev.progress.core.spi.ComponentLayout;
import dev.progress.core.spi.ProgressStore;
import dev.progress.core.spi.Snapshot;
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
 * kept only when asked for ({@link #withHistory()}), since it grows with every change; {@link #snapshotsOnly()}
 * keeps no events at all, for replaying a long log with memory that does not grow with it. Safe for concurrent
 * use.
 */
public final class InMemoryProgressStore implements ProgressStore {
  private final ConcurrentHashMap<String, UserData> users = new ConcurrentHashMap<>();
  private final boolean keepHistory;
  private final boolean keepEvents;

  private InMemoryProgressStore(boolean keepHistory, boolean keepEvents) {
    this.keepHistory = keepHistory;
    this.keepEvents = keepEvents;
  }

  /** A store that keeps every event and the latest figure of each key. */
  public static InMemoryProgressStore create() {
    return new InMemoryProgressStore(false, true);
  }

  /** A store that also keeps every figure ever stored, for {@link #history}. */
  public static InMemoryProgressStore withHistory() {
    return new InMemoryProgressStore(true, true);
  }

  /**
   * A store that keeps the latest figure of each key and no events, so its memory grows with users and keys,
   * never with events. It serves one tracker that is the only writer, which never needs to replay: replaying a
   * user that has events fails loudly instead of computing from nothing, and so does {@code rebuild}.
   */
  public static InMemoryProgressStore snapshotsOnly() {
    return new InMemoryProgressStore(false, false);
  }

  @Override
  public boolean keepsEvents() {
    return keepEvents;
  }

  @Override
  public <R, X extends Exception> R inTransaction(String userId, UserCallback<R, X> callback) throws X {
    requireNonNull(userId, "userId");
    requireNonNull(callback, "callback");
    UserData data = users.get(userId);
    if (data == null) {
      data = users.computeIfAbsent(userId, UserData::new); // the method reference captures this: not per unit
    }
    synchronized (data) {
      Unit unit = data.unit;
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
    synchronized (data) {
      Figure f = data.current.get(key);
      return f == null ? Optional.empty() : Optional.of(f.snapshot(key));
    }
  }

  @Override
  public List<Snapshot> snapshots(String userId) {
    UserData data = users.get(userId);
    if (data == null) {
      return List.of();
    }
    synchronized (data) {
      List<Snapshot> all = new ArrayList<>(data.current.size());
      data.current.forEach((key, f) -> all.add(f.snapshot(key)));
      return all;
    }
  }

  @Override
  public List<Snapshot> history(ProgressKey key) {
    UserData data = users.get(key.userId());
    if (data == null) {
      return List.of();
    }
    synchronized (data) {
      if (!keepHistory) {
        Figure current = data.current.get(key);
        return current == null ? List.of() : List.of(current.snapshot(key));
      }
      return List.copyOf(data.history.getOrDefault(key, List.of()));
    }
  }

  @Override
  public List<String> users() {
    return List.copyOf(eventCounts().keySet());
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
    int n = data.committedCount; // volatile read first: the array read after holds at least n events
    ProgressEvent[] events = data.committed;
    for (int i = 0; i < n; i++) {
      sink.accept(events[i]);
    }
  }

  /** The latest figure of one key, as numbers; updated in place. Guarded by its user's monitor. */
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

    Snapshot snapshot(ProgressKey key) {
      return new Snapshot(layout.progress(key, goalId, total, values), rulesVersion, recordedAt);
    }
  }

  /** One user's data; guarded by its own monitor. */
  private final class UserData {
    final String userId;
    /**
     * The committed events, for readers that take no lock: writers fill slots past {@link #committedCount}
     * (copying to a larger array when full) and then publish the new count, so a reader that reads the count
     * first and the array second sees every event below the count, never a partial one. Guarded by the monitor
     * for writers.
     */
    volatile ProgressEvent[] committed = new ProgressEvent[0];
    volatile int committedCount;
    /** Events ever appended, also when they are not kept. */
    long eventCount;
    final Map<ProgressKey, Figure> current = new HashMap<>();
    final Map<ProgressKey, List<Snapshot>> history = new HashMap<>();
    long version;
    /** The one unit of this user, reused: units of a user never overlap. */
    final Unit unit = new Unit(this);

    UserData(String userId) {
      this.userId = userId;
    }

    synchronized long eventCount() {
      return eventCount;
    }
  }

  /** Buffers one transaction's writes and applies them on commit, so a failing callback keeps nothing. */
  private final class Unit implements UserTransaction {
    private final UserData data;
    private boolean open;
    private boolean appended;
    // the appended writes, copied out of the caller's arguments into buffers reused from unit to unit
    private final List<ProgressEvent> events = new ArrayList<>();
    private ProgressKey[] keys = new ProgressKey[8];
    private @Nullable String[] goals = new String[8];
    private ComponentLayout[] layouts = new ComponentLayout[8];
    private double[] totals = new double[8];
    private double[] values = new double[32];
    private int[] valueStart = new int[9];
    private int changed;
    private String rulesVersion = "";
    private Instant recordedAt = Instant.EPOCH;

    Unit(UserData data) {
      this.data = data;
    }

    void begin() {
      open = true;
      appended = false;
    }

    void end() {
      open = false;
      events.clear();
      Arrays.fill(keys, 0, changed, null);
      Arrays.fill(goals, 0, changed, null);
      Arrays.fill(layouts, 0, changed, null);
      changed = 0;
    }

    @Override
    public String userId() {
      return data.userId;
    }

    @Override
    public long version() {
      checkOpen();
      return data.version;
    }

    @Override
    public void replay(Consumer<ProgressEvent> sink) {
      checkOpen();
      if (!keepEvents && data.eventCount > 0) {
        throw new IllegalStateException("user " + data.userId + " has events, but this store keeps none to replay;"
            + " it serves one tracker that is the only writer");
      }
      ProgressEvent[] events = data.committed;
      for (int i = 0; i < data.committedCount; i++) {
        sink.accept(events[i]);
      }
    }

    @Override
    public long append(List<ProgressEvent> newEvents, ChangedKeys newFigures) {
      checkOpen();
      if (appended) {
        throw new IllegalStateException("append was already called in this unit of user '" + data.userId + "'");
      }
      for (int i = 0; i < newEvents.size(); i++) {
        ProgressEvent e = newEvents.get(i);
        if (!e.userId().equals(data.userId)) {
          throw new IllegalArgumentException(
              "event '" + e.id() + "' belongs to user '" + e.userId() + "', not to '" + data.userId + "'");
        }
        events.add(e);
      }
      int n = newFigures.size();
      ensure(n);
      int v = 0;
      for (int i = 0; i < n; i++) {
        ProgressKey key = newFigures.key(i);
        if (!key.userId().equals(data.userId)) {
          throw new IllegalArgumentException("figure of " + key + " belongs to another user than '" + data.userId
              + "'");
        }
        keys[i] = key;
        goals[i] = newFigures.goalId(i);
        totals[i] = newFigures.total(i);
        ComponentLayout layout = newFigures.layout(i);
        layouts[i] = layout;
        valueStart[i] = v;
        if (values.length < v + layout.size()) {
          values = Arrays.copyOf(values, Math.max(values.length * 2, v + layout.size()));
        }
        for (int c = 0; c < layout.size(); c++) {
          values[v++] = newFigures.value(i, c);
        }
      }
      valueStart[n] = v;
      changed = n;
      rulesVersion = newFigures.rulesVersion();
      recordedAt = newFigures.recordedAt();
      appended = true;
      return data.version + 1;
    }

    private void ensure(int n) {
      if (keys.length < n) {
        int size = Math.max(n, keys.length * 2);
        keys = Arrays.copyOf(keys, size);
        goals = Arrays.copyOf(goals, size);
        layouts = Arrays.copyOf(layouts, size);
        totals = Arrays.copyOf(totals, size);
        valueStart = Arrays.copyOf(valueStart, size + 1);
      }
    }

    void commit() {
      if (!appended) {
        return;
      }
      if (keepEvents && !events.isEmpty()) {
        int n = data.committedCount;
        ProgressEvent[] array = data.committed;
        if (array.length < n + events.size()) {
          array = Arrays.copyOf(array, Math.max(16, Math.max(n + events.size(), array.length * 2)));
          data.committed = array;
        }
        for (int i = 0; i < events.size(); i++) {
          array[n + i] = events.get(i);
        }
        data.committedCount = n + events.size();
      }
      data.eventCount += events.size();
      for (int i = 0; i < changed; i++) {
        ComponentLayout layout = layouts[i];
        int from = valueStart[i];
        Figure f = data.current.get(keys[i]);
        if (f == null || f.values.length != layout.size()) {
          f = new Figure(layout, goals[i], totals[i], Arrays.copyOfRange(values, from, from + layout.size()),
              rulesVersion, recordedAt);
          data.current.put(keys[i], f);
        } else {
          f.layout = layout;
          f.goalId = goals[i];
          f.total = totals[i];
          System.arraycopy(values, from, f.values, 0, layout.size());
          f.rulesVersion = rulesVersion;
          f.recordedAt = recordedAt;
        }
        if (keepHistory) {
          data.history.computeIfAbsent(keys[i], k -> new ArrayList<>()).add(f.snapshot(keys[i]));
        }
      }
      data.version++;
    }

    private void checkOpen() {
      if (!open) {
        throw new IllegalStateException("the transaction of user '" + data.userId + "' was used after it ended");
      }
    }
  }
}
