package dev.progress.core;

import dev.progress.core.spi.ProgressStore;
import dev.progress.core.spi.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Keeps events and snapshots in memory, for tests and small applications. Snapshot history is kept only when
 * asked for ({@link #withHistory()}), since it grows with every change; {@link #snapshotsOnly()} keeps no events
 * at all, for replaying a long log with memory that does not grow with it. Safe for concurrent use.
 */
public final class InMemoryProgressStore implements ProgressStore {
  private final ConcurrentHashMap<String, UserData> users = new ConcurrentHashMap<>();
  private final boolean keepHistory;
  private final boolean keepEvents;

  private InMemoryProgressStore(boolean keepHistory, boolean keepEvents) {
    this.keepHistory = keepHistory;
    this.keepEvents = keepEvents;
  }

  /** A store that keeps every event and the latest snapshot of each key. */
  public static InMemoryProgressStore create() {
    return new InMemoryProgressStore(false, true);
  }

  /** A store that also keeps every snapshot, for {@link #history}. */
  public static InMemoryProgressStore withHistory() {
    return new InMemoryProgressStore(true, true);
  }

  /**
   * A store that keeps the latest snapshot of each key and no events, so its memory grows with users and keys,
   * never with events. It serves one tracker that is the only writer, which never needs to replay: replaying a
   * user that has events fails loudly instead of computing from nothing, and so does {@code rebuild}.
   */
  public static InMemoryProgressStore snapshotsOnly() {
    return new InMemoryProgressStore(false, false);
  }

  @Override
  public <R, X extends Exception> R inTransaction(String userId, UserTransaction<R, X> work) throws X {
    UserData data = users.computeIfAbsent(userId, UserData::new);
    synchronized (data) {
      Unit unit = new Unit(data);
      R result = work.run(unit);
      unit.commit();
      return result;
    }
  }

  @Override
  public Optional<Snapshot> snapshot(ProgressKey key) {
    UserData data = users.get(key.userId());
    if (data == null) {
      return Optional.empty();
    }
    synchronized (data) {
      return Optional.ofNullable(data.current.get(key));
    }
  }

  @Override
  public List<Snapshot> snapshots(String userId) {
    UserData data = users.get(userId);
    if (data == null) {
      return List.of();
    }
    synchronized (data) {
      return List.copyOf(data.current.values());
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
        Snapshot current = data.current.get(key);
        return current == null ? List.of() : List.of(current);
      }
      return List.copyOf(data.history.getOrDefault(key, List.of()));
    }
  }

  @Override
  public List<String> users() {
    return users.values().stream()
        .filter(UserData::hasEvents)
        .map(d -> d.userId)
        .sorted()
        .toList();
  }

  /** One user's data; guarded by its own monitor. */
  private static final class UserData {
    final String userId;
    final List<ProgressEvent> events = new ArrayList<>();
    /** Whether events were ever appended, also when they are not kept. */
    boolean hasEvents;
    final Map<ProgressKey, Snapshot> current = new LinkedHashMap<>();
    final Map<ProgressKey, List<Snapshot>> history = new LinkedHashMap<>();
    long version;

    UserData(String userId) {
      this.userId = userId;
    }

    synchronized boolean hasEvents() {
      return hasEvents;
    }
  }

  /** Buffers one transaction's writes and applies them on commit, so a failing work keeps nothing. */
  private final class Unit implements StoredUser {
    private final UserData data;
    /** What the unit appended; copied on each append, applied on commit without further copies. */
    private List<ProgressEvent> events = List.of();
    private List<Snapshot> snapshots = List.of();
    private boolean appended;

    Unit(UserData data) {
      this.data = data;
    }

    @Override
    public String userId() {
      return data.userId;
    }

    @Override
    public long version() {
      return data.version;
    }

    @Override
    public void replay(Consumer<ProgressEvent> sink) {
      if (!keepEvents && data.hasEvents) {
        throw new IllegalStateException("user " + data.userId + " has events, but this store keeps none to replay;"
            + " it serves one tracker that is the only writer");
      }
      data.events.forEach(sink);
    }

    @Override
    public long append(List<ProgressEvent> newEvents, List<Snapshot> newSnapshots) {
      events = concat(events, newEvents);
      snapshots = concat(snapshots, newSnapshots);
      appended = true;
      return data.version + 1;
    }

    private static <T> List<T> concat(List<T> appended, List<T> more) {
      if (more.isEmpty()) {
        return appended;
      }
      if (appended.isEmpty()) {
        return List.copyOf(more);
      }
      List<T> all = new ArrayList<>(appended.size() + more.size());
      all.addAll(appended);
      all.addAll(more);
      return all;
    }

    void commit() {
      if (!appended) {
        return;
      }
      if (keepEvents) {
        for (int i = 0; i < events.size(); i++) {
          data.events.add(events.get(i));
        }
      }
      data.hasEvents |= !events.isEmpty();
      for (int i = 0; i < snapshots.size(); i++) {
        Snapshot s = snapshots.get(i);
        ProgressKey key = s.progress().key();
        data.current.put(key, s);
        if (keepHistory) {
          data.history.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
        }
      }
      data.version++;
    }
  }
}
