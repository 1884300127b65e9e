package dev.progress.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progress.core.ProgressEvent;
import dev.progress.core.spi.ProgressStore.UserCallback;
import dev.progress.core.spi.ProgressStore.UserTransaction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The store contract for a store that finds events by id ({@link ProgressStore#findsEventsById}): everything
 * of {@link ProgressStoreContract} (whose tracker tests then run with trackers that keep no ids), and the
 * lookup itself.
 */
public abstract class FindingStoreContract extends ProgressStoreContract {

  @Test
  void storedEvents_findsTheUsersOwnStoredEventsById() {
    String sql = "'); DROP TABLE progress_events;--";
    String unicode = "naïve 学习 🚀 \u202Eevil\u202C";
    List<ProgressEvent> events = new ArrayList<>(List.of(task("u1", "e1", "t1", 50), time("u1", sql),
        ProgressEvent.builder().id(unicode).user("u1").task("s1", "t2", 100).at(T0).meta("skill", sql).build()));
    for (int i = 0; i < 1_200; i++) { // more ids than a store may ask for in one query
      events.add(time("u1", "many-" + i));
    }
    store.inTransaction("u1", user -> user.append(events, ChangedKeys.none()));
    store.inTransaction("u2", user -> user.append(List.of(time("u2", "e2"), time("u2", "e1")), ChangedKeys.none()));
    assertThat(store.findsEventsById()).isTrue();

    List<String> asked = new ArrayList<>(List.of("e1", "e2", sql, unicode, "missing", "e1"));
    events.subList(3, events.size()).forEach(e -> asked.add(e.id()));
    Map<String, ProgressEvent> found = store.inTransaction("u1", user -> user.storedEvents(asked));

    assertThat(found).hasSize(events.size()); // not u2's e2, not the missing one
    for (ProgressEvent e : events) {
      assertThat(found.get(e.id())).isEqualTo(e);
    }
    Map<String, ProgressEvent> ofU2 = store.inTransaction("u2", user -> user.storedEvents(List.of("e1", sql)));
    assertThat(ofU2).containsOnlyKeys("e1").containsEntry("e1", time("u2", "e1"));
    Map<String, ProgressEvent> ofNobody = store.inTransaction("nobody", user -> user.storedEvents(List.of("e1")));
    assertThat(ofNobody).isEmpty();
    Map<String, ProgressEvent> ofNone = store.inTransaction("u1", user -> user.storedEvents(List.of()));
    assertThat(ofNone).isEmpty();
  }


  @Test
  void inBatch_findsTheIdsNamedUpFront_andAnyOtherAskedFor() {
    store.inTransaction("u1", user -> user.append(List.of(time("u1", "e1"), time("u1", "e2")), ChangedKeys.none()));
    store.inTransaction("u2", user -> user.append(List.of(time("u2", "e1")), ChangedKeys.none()));
    Map<String, Map<String, ProgressEvent>> seen = new java.util.TreeMap<>();
    store.inBatch(List.of("u1", "u2"), new UserCallback<Void, RuntimeException>() {
      @Override
      public Collection<String> eventIds(String userId) {
        return List.of("e1"); // named up front; "e2" and "new" are asked for beyond them
      }

      @Override
      public Void run(UserTransaction user) {
        seen.put(user.userId(), user.storedEvents(List.of("e1", "e2", "new")));
        user.append(List.of(time(user.userId(), "new")), ChangedKeys.none());
        return null;
      }
    });

    assertThat(seen.get("u1")).containsOnlyKeys("e1", "e2").containsEntry("e2", time("u1", "e2"));
    assertThat(seen.get("u2")).containsOnlyKeys("e1").containsEntry("e1", time("u2", "e1"));
    assertThat(replay("u1")).extracting(ProgressEvent::id).containsExactly("e1", "e2", "new");
    assertThat(replay("u2")).extracting(ProgressEvent::id).containsExactly("e1", "new");
  }
}
