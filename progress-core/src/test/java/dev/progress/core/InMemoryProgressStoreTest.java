package dev.progress.core;

import static dev.progress.core.Fixtures.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the in-memory store adds to the store contract (run in {@code spi}): the snapshots-only mode. */
class InMemoryProgressStoreTest {

  @Test
  void snapshotsOnly_givesTheSameFiguresAsAFullStore() {
    InMemoryProgressStore store = InMemoryProgressStore.snapshotsOnly();
    ProgressTracker lean = Fixtures.tracker().store(store).build();
    ProgressTracker reference = Fixtures.tracker().build();
    List<ProgressEvent> events = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      events.add(ProgressEvent.builder().id("e" + i).user("u" + (i % 3)).task("s" + (i % 4), "t" + (i % 5), i * 2)
          .skill("k" + (i % 2)).at(T).build());
    }
    lean.trackAll(events.subList(0, 20));
    lean.trackAll(events.subList(20, 50));
    reference.trackAll(events);

    assertThat(lean.users()).containsExactly("u0", "u1", "u2");
    for (String user : lean.users()) {
      assertThat(lean.userProgress(user)).isEqualTo(reference.userProgress(user));
    }
    assertThat(store.history(ProgressKey.space("u0", "s0"))).hasSize(1);
  }

  @Test
  void snapshotsOnly_replayOfAUserWithEvents_failsLoudly() {
    InMemoryProgressStore store = InMemoryProgressStore.snapshotsOnly();
    ProgressTracker tracker = Fixtures.tracker().store(store).build();
    tracker.track(ProgressEvent.builder().user("u1").time("s1", 5).at(T).build());

    assertThatThrownBy(() -> store.inTransaction("u1", user -> {
          user.replay(e -> {});
          return null;
        }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("keeps none to replay");
    assertThatThrownBy(() -> tracker.rebuild("u1")).hasMessageContaining("keeps none to replay");
  }

  @Test
  void snapshotsOnly_usersAreThoseWithAcceptedEvents() {
    InMemoryProgressStore store = InMemoryProgressStore.snapshotsOnly();
    ProgressTracker tracker = Fixtures.tracker().store(store).build();
    tracker.track(ProgressEvent.builder().user("ok").time("s1", 5).at(T).build());
    tracker.track(ProgressEvent.builder().user("rejected").time("s1", 5).at(Fixtures.NOW.plusSeconds(3600)).build());

    assertThat(store.users()).containsExactly("ok");
  }

  /** A store of counts only: the tracker serves its reads from memory, with the figures of a full store. */
  @Test
  void countsOnly_trackerServesItsReadsFromMemory_sameFiguresAsAFullStore() {
    InMemoryProgressStore store = InMemoryProgressStore.countsOnly();
    ProgressTracker lean = Fixtures.tracker().store(store).maxCachedUsers(1).build();
    ProgressTracker reference = Fixtures.tracker().build();
    List<ProgressEvent> events = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      events.add(ProgressEvent.builder().id("e" + i).user("u" + (i % 3)).goal("g" + (i % 2)).space("s" + (i % 2))
          .task("s" + (i % 2), "t" + (i % 5), (i * 7) % 101).skill("k" + (i % 2)).at(T).build());
    }
    lean.trackAll(events.subList(0, 25));
    events.subList(25, 60).forEach(lean::track);
    reference.trackAll(events);

    assertThat(store.keepsFigures()).isFalse();
    assertThat(store.snapshots("u0")).isEmpty();
    assertThat(lean.users()).containsExactly("u0", "u1", "u2");
    assertThat(lean.cachedUsers()).as("no state is dropped: none could be rebuilt").isEqualTo(3);
    for (String user : lean.users()) {
      assertThat(lean.userProgress(user)).isEqualTo(reference.userProgress(user));
      assertThat(lean.goalProgress(user, "g1")).isEqualTo(reference.goalProgress(user, "g1"));
    }
    assertThat(lean.spaceProgress("nobody", "s1").total()).isZero();
  }
}
