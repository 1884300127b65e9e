package dev.progress.examples.cli;

import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import dev.progress.core.spi.ProgressStore;
import dev.progress.core.spi.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A store that keeps only the latest snapshot of each key and no events, so that replaying a long log costs
 * memory in the number of users, spaces, goals and skills, never in the number of lines. It serves exactly one
 * tracker that is the only writer: that tracker never needs to replay a user, since the state it caches is
 * always current. A replay of a user that has appended events is therefore a misuse, and fails loudly instead
 * of silently computing from nothing. Safe for concurrent use.
 */
final class LatestSnapshotStore implements ProgressStore {
  private final ConcurrentHashMap<String, UserData> users = new ConcurrentHashMap<>();

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
    return snapshot(key).map(List::of).orElse(List.of());
  }

  @Override
  public List<String> users() {
    List<String> ids = new ArrayList<>();
    for (UserData data : users.values()) {
      synchronized (data) {
        if (data.hasEvents) {
          ids.add(data.userId);
        }
      }
    }
    ids.sort(null);
    return ids;
  }

  /** One user's latest snapshots; guarded by its own monitor. */
  private static final class UserData {
    final String userId;
    final Map<ProgressKey, Snapshot> current = new HashMap<>();
    boolean hasEvents;
    long version;

    UserData(String userId) {
      this.userId = userId;
    }
  }

  /** Buffers one unit's writes, applied on commit, so that a failing unit keeps nothing. */
  private static final class Unit implements StoredUser {
    private final UserData data;
    private final List<Snapshot> snapshots = new ArrayList<>();
    private boolean appended;
    private boolean events;

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
      if (data.hasEvents) {
        throw new IllegalStateException("user " + data.userId + " has events, but this store keeps none to "
            + "replay; it serves one tracker that is the only writer");
      }
    }

    @Override
    public long append(List<ProgressEvent> newEvents, List<Snapshot> newSnapshots) {
      snapshots.addAll(newSnapshots);
      events |= !newEvents.isEmpty();
      appended = true;
      return data.version + 1;
    }

    void commit() {
      if (!appended) {
        return;
      }
      for (Snapshot s : snapshots) {
        data.current.put(s.progress().key(), s);
      }
      data.hasEvents |= events;
      data.version++;
    }
  }
}
