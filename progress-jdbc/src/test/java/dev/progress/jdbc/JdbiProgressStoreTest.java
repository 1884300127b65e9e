package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.core.BatchResult;
import dev.progress.core.Level;
import dev.progress.core.Progress;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import dev.progress.core.ProgressTracker;
import dev.progress.core.spi.ChangedKeys;
import dev.progress.core.spi.ProgressStore;
import dev.progress.core.spi.Snapshot;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * What the JDBI store adds to the core contract, run on H2 and on PostgreSQL by the two subclasses: hostile
 * values through a real tracker, JSON numbers that {@code jsonb} would reshape, and rebuilds.
 */
abstract class JdbiProgressStoreTest {
  static final String SQL = "'); DROP TABLE progress_events;--";
  static final String UNICODE = "Ünïcødé 学习 🚀👩🏽‍💻 עברית مرحبا \u202Eevil\u202C";

  abstract Jdbi jdbi();

  JdbiProgressStore store() {
    return JdbiProgressStore.create(jdbi());
  }

  static ProgressTracker tracker(JdbiProgressStore store) {
    return ProgressTracker.builder().store(store).clock(() -> Universe.CLOCK).build();
  }

  @Test
  void track_hostileValues_areStoredAndReadBackVerbatim() {
    Map<String, Object> large = new LinkedHashMap<>();
    for (int i = 0; large.toString().length() < 15_500; i++) {
      large.put("k" + i + UNICODE.charAt(i % 10), i % 3 == 0 ? SQL : "v".repeat(80));
    }
    Map<String, Object> numbers = new LinkedHashMap<>();
    numbers.put("big double", 1.5E7);
    numbers.put("huge double", 1.0E20);
    numbers.put("tiny double", 1.0E-7);
    numbers.put("integral double", 100.0);
    numbers.put("long", Long.MAX_VALUE);
    numbers.put("big integer", BigInteger.TWO.pow(70));
    numbers.put("nested", List.of(Map.of("sql", SQL), UNICODE, false));
    List<ProgressEvent> events = List.of(
        ProgressEvent.builder().id(SQL).user(SQL).task(SQL, SQL, 100).goal(SQL).skill(SQL).at(Universe.BASE).build(),
        ProgressEvent.builder().id(UNICODE).user(SQL).time(UNICODE, 30).skill(UNICODE).at(Universe.BASE).build(),
        ProgressEvent.builder().id("x".repeat(128)).user(SQL).milestone("s".repeat(128), "m".repeat(128), 100)
            .at(Universe.BASE).metadata(large).build(),
        ProgressEvent.builder().id("é".repeat(128)).user(SQL).interaction(UNICODE, 12.5).metadata(numbers)
            .at(Universe.BASE).build());

    BatchResult first = tracker(store()).trackAll(events);
    assertThat(first.results()).as("results").allMatch(r -> r.isAccepted());

    // A fresh tracker replays the stored events; had any field changed on the way, the same events would now
    // be conflicts instead of duplicates.
    ProgressTracker fresh = tracker(store());
    assertThat(fresh.trackAll(events).results()).as("results").allMatch(r -> r.isDuplicate());
    List<ProgressEvent> back = new ArrayList<>();
    store().inTransaction(SQL, user -> {
      user.replay(back::add);
      return null;
    });
    assertThat(back).containsExactlyElementsOf(events);
    assertThat(back.get(3).metadata()).isEqualTo(events.get(3).metadata());
    assertThat(fresh.spaceProgress(SQL, SQL).total()).isEqualTo(40.0);
    assertThat(fresh.users()).containsExactly(SQL);
    assertThat(fresh.skillProgress(SQL, UNICODE).component("practice")).isEqualTo(5.0);
    int stored = jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM progress_events").mapTo(Integer.class).one());
    assertThat(stored).isEqualTo(4);
  }

  @Test
  void rebuild_afterWeightChange_stampsNewVersionAndEqualsRecomputation() {
    List<ProgressEvent> events = new Universe(3, 40).events();
    ProgressTracker before = tracker(store());
    assertThat(before.trackAll(events).accepted()).isEqualTo(events.size());
    Map<String, Double> newWeights = Map.of("task", 0.7, "time", 0.1, "milestone", 0.1, "interaction", 0.1);
    ProgressTracker after = ProgressTracker.builder().store(store()).clock(() -> Universe.CLOCK)
        .weights(Level.SPACE, newWeights).build();
    assertThat(after.rulesVersion()).isNotEqualTo(before.rulesVersion());

    after.rebuildAll();

    ProgressTracker recomputed = ProgressTracker.builder().clock(() -> Universe.CLOCK)
        .weights(Level.SPACE, newWeights).build();
    recomputed.trackAll(events);
    JdbiProgressStore store = store();
    int keys = 0;
    for (String user : List.of("user-0", "user-1", "user-2")) {
      for (Snapshot s : store.snapshots(user)) {
        keys++;
        assertThat(s.rulesVersion()).isEqualTo(after.rulesVersion());
        assertThat(s.progress()).isEqualTo(recomputed.progress(s.progress().key()));
        List<Snapshot> history = store.history(s.progress().key());
        assertThat(history.get(history.size() - 1)).isEqualTo(s);
        assertThat(history.get(history.size() - 2).rulesVersion()).isEqualTo(before.rulesVersion());
      }
    }
    assertThat(keys).isEqualTo(3 * (3 + 2 + 2));
    ProgressKey space = ProgressKey.space("user-0", "space-0");
    Progress rebuilt = store.snapshot(space).orElseThrow().progress();
    assertThat(rebuilt.total()).isNotEqualTo(before.history(space).get(before.history(space).size() - 2)
        .progress().total());
    // The next event lands on top of the rebuilt state with the new weights.
    ProgressEvent next = Universe.event(0, 40);
    assertThat(after.track(next).isAccepted()).isTrue();
    recomputed.track(next);
    assertThat(Invariants.check(jdbi(), () -> ProgressTracker.builder().clock(() -> Universe.CLOCK)
        .weights(Level.SPACE, newWeights).build())).isEqualTo(121);
  }

  @Test
  void append_ofAnotherUsersEvent_isRefusedAndKeepsNothing() {
    JdbiProgressStore store = store();
    assertThatThrownBy(() -> store.inTransaction("user-0", user -> user.append(
            List.of(Universe.event(0, 1), Universe.event(1, 1)), ChangedKeys.none())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event 'e-1' belongs to user 'user-1', not to 'user-0'");
    assertThat(store.users()).isEmpty();
  }

  @Test
  void storedUser_usedAfterItsTransaction_throws() {
    JdbiProgressStore store = store();
    ProgressStore.UserTransaction escaped = store.inTransaction("user-0", user -> user);
    assertThatThrownBy(() -> escaped.append(List.of(Universe.event(0, 1)), ChangedKeys.none()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after its transaction ended");
    assertThat(store.users()).isEmpty();
  }

  @Test
  void replay_ofALongLog_streamsEveryEventInAppendOrder() {
    JdbiProgressStore store = store();
    List<ProgressEvent> events = new Universe(1, 3000).events();
    for (int i = 0; i < events.size(); i += 500) {
      List<ProgressEvent> chunk = events.subList(i, i + 500);
      store.inTransaction("user-0", user -> user.append(chunk, ChangedKeys.none()));
    }
    List<String> ids = new ArrayList<>();
    store.inTransaction("user-0", user -> {
      user.replay(e -> ids.add(e.id()));
      return null;
    });
    assertThat(ids).containsExactlyElementsOf(events.stream().map(ProgressEvent::id).toList());
  }
}
