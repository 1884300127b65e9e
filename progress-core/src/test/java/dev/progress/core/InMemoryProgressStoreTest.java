package dev.progress.core;

import static dev.progress.core.Fixtures.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.core.spi.ChangedKeys;
import dev.progress.core.spi.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What the in-memory store adds to the store contract (run in {@code spi}): the snapshots-only and counts-only
 * modes, and reads without a lock that never see half a commit.
 */
class InMemoryProgressStoreTest {

  @Test
  void inMemoryStores_doNotFindEventsById_theTrackerKeepsTheIds() {
    for (InMemoryProgressStore store : List.of(InMemoryProgressStore.create(), InMemoryProgressStore.eventsOnly(),
        InMemoryProgressStore.countsOnly())) {
      assertThat(store.findsEventsById()).isFalse();
      assertThatThrownBy(() -> store.inTransaction("u1", user -> user.storedEvents(List.of("e1"))))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

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

  /**
   * An events-only store keeps each figure once, in its trackers' states: a tracker sharing the store with
   * another sees the other's events by replaying when the store's version moved past its state.
   */
  @Test
  void eventsOnly_keepsNoFigures_andTrackersSharingItReplayWhatTheOtherWrote() {
    InMemoryProgressStore store = InMemoryProgressStore.eventsOnly();
    ProgressTracker writer = Fixtures.tracker().store(store).build();
    ProgressTracker reader = Fixtures.tracker().store(store).build();
    writer.track(ProgressEvent.builder().id("a").user("u1").time("s1", 30).at(T).build());
    assertThat(reader.spaceProgress("u1", "s1").component("time")).isEqualTo(50.0);

    writer.track(ProgressEvent.builder().id("b").user("u1").time("s1", 15).at(T).build());
    assertThat(reader.spaceProgress("u1", "s1").component("time")).isEqualTo(75.0);
    assertThat(reader.track(ProgressEvent.builder().id("b").user("u1").time("s1", 15).at(T).build()).isDuplicate())
        .isTrue();
    assertThat(writer.spaceProgress("u1", "s1").component("time")).isEqualTo(75.0);

    assertThat(store.keepsFigures()).isFalse();
    assertThat(store.snapshot(ProgressKey.space("u1", "s1"))).isEmpty();
    assertThat(store.snapshots("u1")).isEmpty();
    assertThat(store.eventCounts()).containsEntry("u1", 2L);
  }

  /** The default tracker's history is its current figure, stamped with its rules version and unit's time. */
  @Test
  void theDefaultTrackersHistory_isTheCurrentFigure_stampedByItsUnit() {
    ProgressTracker tracker = Fixtures.tracker().build();
    ProgressKey key = ProgressKey.space("u1", "s1");
    assertThat(tracker.history(key)).isEmpty();
    tracker.track(ProgressEvent.builder().id("a").user("u1").time("s1", 30).at(T).build());
    tracker.track(ProgressEvent.builder().id("b").user("u1").time("s1", 30).at(T).build());

    List<Snapshot> history = tracker.history(key);
    assertThat(history).hasSize(1);
    assertThat(history.get(0).progress()).isEqualTo(tracker.progress(key));
    assertThat(history.get(0).progress().total()).isEqualTo(20.0);
    assertThat(history.get(0).rulesVersion()).isEqualTo(tracker.rulesVersion());
    assertThat(history.get(0).recordedAt()).isEqualTo(Fixtures.NOW);
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

  /**
   * Reads take no lock, so they race commits that update figures in place: every read must still be one
   * committed state. Each commit sets three keys to the same total, both components of each equal to it, and
   * totals only grow; a reader that saw two values of one commit, or a figure older than one it saw before,
   * fails. The writer reads too, so cached figures are invalidated while readers use them.
   */
  @Test
  void readsWithoutALock_neverSeeHalfACommit_norGoBackInTime() throws Exception {
    InMemoryProgressStore store = InMemoryProgressStore.create();
    List<ProgressKey> keys = List.of(ProgressKey.space("u1", "a"), ProgressKey.space("u1", "b"),
        ProgressKey.skill("u1", "c"));
    int commits = 20_000;
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Future<Integer> oneKey = pool.submit(() -> {
      double last = -1;
      int reads = 0;
      while (!done.get()) {
        for (ProgressKey key : keys) {
          Snapshot s = store.snapshot(key).orElse(null);
          if (s != null) {
            Progress p = s.progress();
            assertThat(p.component("x")).as("one commit's values in %s", p).isEqualTo(p.total())
                .isEqualTo(p.component("y"));
            assertThat(p.total()).as("never older than a figure read before").isGreaterThanOrEqualTo(last);
            last = p.total();
            reads++;
          }
        }
      }
      return reads;
    });
    Future<Integer> allKeys = pool.submit(() -> {
      int reads = 0;
      while (!done.get()) {
        List<Snapshot> all = store.snapshots("u1");
        if (!all.isEmpty()) {
          assertThat(all).hasSize(3);
          assertThat(all).extracting(s -> s.progress().total()).as("the keys of one commit")
              .containsOnly(all.get(0).progress().total());
          reads++;
        }
      }
      return reads;
    });
    try {
      for (int i = 0; i < commits; i++) {
        double total = i * 100.0 / commits;
        List<Progress> figures = new ArrayList<>();
        for (ProgressKey key : keys) {
          figures.add(new Progress(key, null, total, List.of(new Component("x", total, 0.5),
              new Component("y", total, 0.5))));
        }
        store.inTransaction("u1", user -> user.append(List.of(), ChangedKeys.of("r", T, figures)));
        if (i % 7 == 0) {
          assertThat(store.snapshot(keys.get(i % 3)).orElseThrow().progress().total()).isEqualTo(total);
        }
      }
    } finally {
      done.set(true);
    }
    assertThat(oneKey.get(30, TimeUnit.SECONDS)).isPositive();
    assertThat(allKeys.get(30, TimeUnit.SECONDS)).isPositive();
    pool.shutdown();
    assertThat(store.snapshots("u1")).extracting(s -> s.progress().total())
        .containsOnly((commits - 1) * 100.0 / commits);
  }
}
