package dev.progress.core;

import static dev.progress.core.Fixtures.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.core.spi.ChangedKeys;
import dev.progress.core.spi.ForwardingStore;
import dev.progress.core.spi.ProgressRule;
import dev.progress.core.spi.ProgressStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@code trackAll} over many users hands the store batches of units ({@link ProgressStore#inBatch}): users in
 * ascending order, one failing user failing alone, units a failed store kept told by their versions, and stores
 * that run a unit optimistically and run it again when the tracker's state was stale.
 */
class BatchUnitsTest {

  private static ProgressEvent time(String user, String id, String space, double minutes) {
    return ProgressEvent.builder().id(id).user(user).at(T).time(space, minutes).build();
  }

  private static String user(int i) {
    return String.format("u%03d", i);
  }

  /** One event per user for {@code users} users, in descending user order. */
  private static List<ProgressEvent> onePerUser(int users, String id) {
    List<ProgressEvent> events = new ArrayList<>();
    for (int i = users - 1; i >= 0; i--) {
      events.add(time(user(i), id, "s1", 5 + i % 7));
    }
    return events;
  }

  private static ProgressListener changes(List<ProgressChange> told) {
    return new ProgressListener() {
      @Override
      public void onProgressChanged(ProgressChange change) {
        told.add(change);
      }
    };
  }

  /**
   * A store that says it commits batches and runs one as the default does, a unit per user; records every
   * batch. Tests that break a batch override {@code inBatch} or {@code inTransaction}.
   */
  private static class RecordingStore extends ForwardingStore {
    final List<List<String>> batches = new CopyOnWriteArrayList<>();

    RecordingStore(ProgressStore delegate) {
      super(delegate);
    }

    @Override
    public boolean commitsBatches() {
      return true;
    }

    @Override
    public <X extends Exception> void inBatch(List<String> userIds, UserCallback<?, X> callback) throws X {
      batches.add(List.copyOf(userIds));
      for (String userId : userIds) {
        inTransaction(userId, callback);
      }
    }
  }

  @Test
  void trackAll_ofManyUsers_handsTheStoreBatchesOfAscendingUsers_andFiguresMatchOneByOne() {
    RecordingStore store = new RecordingStore(InMemoryProgressStore.create());
    ProgressTracker batched = Fixtures.tracker().store(store).build();
    ProgressTracker oneByOne = Fixtures.tracker().build();
    List<ProgressEvent> events = onePerUser(600, "e1");
    events.addAll(onePerUser(600, "e2").subList(0, 100));

    BatchResult result = batched.trackAll(events);
    events.forEach(oneByOne::track);

    assertThat(result.accepted()).isEqualTo(700);
    assertThat(store.batches).hasSize(3); // 600 users, at most 256 per batch
    assertThat(store.batches).extracting(List::size).containsExactly(256, 256, 88);
    List<String> all = new ArrayList<>();
    store.batches.forEach(all::addAll);
    List<String> sorted = new ArrayList<>(all);
    Collections.sort(sorted);
    assertThat(all).isEqualTo(sorted).doesNotHaveDuplicates().hasSize(600);
    for (int i = 0; i < 600; i++) {
      assertThat(batched.spaceProgress(user(i), "s1")).isEqualTo(oneByOne.spaceProgress(user(i), "s1"));
    }
  }

  /** "Aa" and "BB" share a String hash: grouping a batch by user must still tell them apart. */
  @Test
  void usersWhoseIdsShareAHash_getTheirOwnEvents() {
    ProgressTracker tracker = Fixtures.tracker().build();
    BatchResult result = tracker.trackAll(List.of(
        time("Aa", "e1", "s1", 6), time("BB", "e1", "s1", 12), time("Aa", "e2", "s1", 6), time("AaAa", "e1", "s1", 3),
        time("BBBB", "e1", "s1", 30)));

    assertThat(result.accepted()).isEqualTo(5);
    assertThat(tracker.spaceProgress("Aa", "s1").component("time")).isEqualTo(20.0);
    assertThat(tracker.spaceProgress("BB", "s1").component("time")).isEqualTo(20.0);
    assertThat(tracker.spaceProgress("AaAa", "s1").component("time")).isEqualTo(5.0);
    assertThat(tracker.spaceProgress("BBBB", "s1").component("time")).isEqualTo(50.0);
  }

  @Test
  void aStoreThatDoesNotCommitBatches_getsOneUnitPerUser() {
    List<String> units = new CopyOnWriteArrayList<>();
    ProgressStore store = new ForwardingStore(InMemoryProgressStore.create()) {
      @Override
      public <R, X extends Exception> R inTransaction(String userId, UserCallback<R, X> work) throws X {
        units.add(userId);
        return super.inTransaction(userId, work);
      }

      @Override
      public <X extends Exception> void inBatch(List<String> userIds, UserCallback<?, X> callback) {
        throw new AssertionError("a store that does not commit batches is never handed one");
      }
    };
    ProgressTracker tracker = Fixtures.tracker().store(store).build();

    List<ProgressEvent> events = new ArrayList<>(onePerUser(3, "e1")); // users 2, 1, 0
    events.add(time(user(2), "e2", "s1", 5)); // user 2 again, after the others
    assertThat(tracker.trackAll(events).accepted()).isEqualTo(4);
    tracker.rebuildAll();

    // trackAll: one unit per user, in the order users first appear (one at a time, no lock order to keep)
    assertThat(units.subList(0, 3)).containsExactly(user(2), user(1), user(0));
    assertThat(units.subList(3, 6)).as("rebuildAll").containsExactly(user(0), user(1), user(2));
    assertThat(tracker.spaceProgress(user(2), "s1").component("time")).as("7 + 5 of 60 minutes").isEqualTo(20.0);
  }

  @Test
  void aRuleFailingForOneUser_failsThatUserAlone_andTheOthersShareTheBatch() {
    ProgressRule fragile = ProgressRule.of(Level.SKILL, "peerReview", EventType.PEER_REVIEW, 0.2, "v1",
        (events, ctx) -> {
          if (events.stream().anyMatch(e -> e.value() == 13)) {
            throw new IllegalArgumentException("unlucky");
          }
          return events.isEmpty() ? 0 : 100;
        });
    RecordingStore store = new RecordingStore(InMemoryProgressStore.create());
    ProgressTracker tracker = Fixtures.tracker().rule(fragile).store(store).build();

    BatchResult result = tracker.trackAll(List.of(
        ProgressEvent.builder().id("a1").user("amy").at(T).peerReview("k", 50).build(),
        ProgressEvent.builder().id("b1").user("bob").at(T).time("s1", 5).build(),
        ProgressEvent.builder().id("b2").user("bob").at(T).peerReview("k", 13).build(),
        ProgressEvent.builder().id("c1").user("cat").at(T).time("s1", 5).build()));

    assertThat(result.results()).extracting(TrackResult::status).containsExactly(
        TrackResult.Status.ACCEPTED, TrackResult.Status.FAILED, TrackResult.Status.FAILED,
        TrackResult.Status.ACCEPTED);
    assertThat(result.results().get(1).reason()).contains("rule skill.peerReview failed").contains("unlucky");
    assertThat(store.batches).containsExactly(List.of("amy", "bob", "cat"));
    assertThat(store.eventCounts()).containsExactly(Map.entry("amy", 1L), Map.entry("cat", 1L));
    // bob's state was dropped with the half-applied unit: his next unit starts from what is stored
    assertThat(tracker.track(ProgressEvent.builder().id("b1").user("bob").at(T).time("s1", 5).build()).isAccepted())
        .isTrue();
  }

  /**
   * A store that commits unit by unit and fails in the middle of a batch: no unit of the batch is trusted, each
   * user runs again alone; what the store had kept comes back as duplicates, stored once, figures exact.
   */
  @Test
  void aStoreFailingMidBatch_runsEveryUserAgainAlone_andWhatItKeptIsStoredOnce() {
    AtomicInteger failures = new AtomicInteger(1);
    ProgressStore store = new RecordingStore(InMemoryProgressStore.create()) {
      @Override
      public <X extends Exception> void inBatch(List<String> userIds, UserCallback<?, X> callback) throws X {
        for (String userId : userIds) {
          if (userId.equals(user(3)) && failures.getAndDecrement() > 0) {
            throw new StoreException("connection lost before user " + userId, null);
          }
          inTransaction(userId, callback);
        }
      }
    };
    List<ProgressChange> told = new CopyOnWriteArrayList<>();
    ProgressTracker tracker = Fixtures.tracker().store(store).listener(changes(told)).build();
    ProgressTracker reference = Fixtures.tracker().build();
    List<ProgressEvent> events = onePerUser(6, "e1");

    BatchResult result = tracker.trackAll(events);
    events.forEach(reference::track);

    assertThat(result.duplicates()).isEqualTo(3); // users 0-2, kept before the failure
    assertThat(result.accepted()).isEqualTo(3);
    assertThat(store.eventCounts().values()).containsOnly(1L).hasSize(6);
    for (int i = 0; i < 6; i++) {
      assertThat(tracker.spaceProgress(user(i), "s1")).isEqualTo(reference.spaceProgress(user(i), "s1"));
    }
    assertThat(told).extracting(c -> c.key().userId()).containsExactlyInAnyOrder(user(3), user(4), user(5));
  }

  /**
   * Regression: a unit the store rolled back was taken as kept when another writer's unit had brought its user
   * to the version the rolled-back unit promised; its events were reported accepted and never stored.
   */
  @Test
  void aRolledBackBatch_isNotTrusted_evenWhenAnotherWriterReachedThePromisedVersion() {
    InMemoryProgressStore shared = InMemoryProgressStore.create();
    ProgressTracker other = Fixtures.tracker().store(shared).build();
    AtomicInteger failures = new AtomicInteger(1);
    ProgressStore store = new RecordingStore(shared) {
      @Override
      public <X extends Exception> void inBatch(List<String> userIds, UserCallback<?, X> callback) throws X {
        boolean fail = failures.getAndDecrement() > 0;
        for (String userId : userIds) {
          if (!fail) {
            inTransaction(userId, callback);
            continue;
          }
          try {
            inTransaction(userId, tx -> {
              callback.run(tx);
              throw new RolledBack(); // the whole batch is rolled back at its end
            });
          } catch (RolledBack e) {
            // nothing of the unit was kept
          }
        }
        if (fail) {
          other.track(time(user(0), "theirs", "s1", 7)); // user 0 reaches the version our unit promised
          throw new StoreException("commit failed", null);
        }
      }
    };
    ProgressTracker tracker = Fixtures.tracker().store(store).build();

    BatchResult result = tracker.trackAll(onePerUser(2, "ours"));

    assertThat(result.accepted()).isEqualTo(2);
    assertThat(shared.eventCounts()).containsEntry(user(0), 2L).containsEntry(user(1), 1L);
    ProgressTracker reference = Fixtures.tracker().build();
    reference.track(time(user(0), "theirs", "s1", 7));
    reference.track(onePerUser(2, "ours").get(1)); // user 0's event
    assertThat(tracker.spaceProgress(user(0), "s1")).isEqualTo(reference.spaceProgress(user(0), "s1"));
  }

  private static final class RolledBack extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void anAppendFailingInABatch_isRunAgainAlone() {
    AtomicInteger failures = new AtomicInteger(1);
    ProgressStore store = new RecordingStore(InMemoryProgressStore.create()) {
      @Override
      public <R, X extends Exception> R inTransaction(String userId, UserCallback<R, X> work) throws X {
        return super.inTransaction(userId, tx -> work.run(new ForwardingTransaction(tx) {
          @Override
          public long append(List<ProgressEvent> events, ChangedKeys changed) {
            if (userId.equals(user(2)) && failures.getAndDecrement() > 0) {
              throw new StoreException("disk full for " + userId, null);
            }
            return super.append(events, changed);
          }
        }));
      }
    };
    ProgressTracker tracker = Fixtures.tracker().store(store).build();

    BatchResult result = tracker.trackAll(onePerUser(5, "e1"));

    assertThat(result.accepted()).isEqualTo(3); // users 2-4; users 0-1 were kept before the failure
    assertThat(result.duplicates()).isEqualTo(2);
    assertThat(store.eventCounts().values()).containsOnly(1L).hasSize(5);
    assertThat(tracker.spaceProgress(user(2), "s1").component("time")).isPositive();
  }

  /**
   * Two threads send batches over the same users in opposite orders: the tracker takes the users in one order,
   * so neither waits for the other in a cycle, and every event is counted once.
   */
  @Test
  void batchesOverSharedUsers_inOppositeOrders_neverDeadlock() throws Exception {
    InMemoryProgressStore store = InMemoryProgressStore.create();
    ProgressTracker tracker = Fixtures.tracker().store(store).build();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        boolean reversed = t == 1;
        done.add(pool.submit(() -> {
          for (int round = 0; round < 300; round++) {
            List<ProgressEvent> events = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
              events.add(time(user(i), (reversed ? "r" : "f") + round, "s1", 1));
            }
            if (reversed) {
              Collections.reverse(events);
            }
            assertThat(tracker.trackAll(events).accepted()).isEqualTo(12);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < 12; i++) {
      assertThat(store.eventCounts().get(user(i))).isEqualTo(600L);
    }
  }

  /**
   * A store that runs a unit optimistically against the version the tracker expects, and again holding the user
   * when another tracker appended in between: the stale tracker replays, its result and its listeners' news
   * are those of the second run only.
   */
  @Test
  void anOptimisticStore_runningAUnitAgain_afterAnotherWriter_givesExactFiguresAndNews() {
    InMemoryProgressStore shared = InMemoryProgressStore.create();
    OptimisticStore store = new OptimisticStore(shared);
    List<ProgressChange> told = new CopyOnWriteArrayList<>();
    ProgressTracker stale = Fixtures.tracker().store(store).listener(changes(told)).build();
    ProgressTracker other = Fixtures.tracker().store(shared).build();

    stale.track(time("u1", "e1", "s1", 10));
    other.track(time("u1", "e2", "s1", 20));
    told.clear();
    TrackResult third = stale.track(time("u1", "e3", "s1", 30));
    TrackResult again = stale.track(time("u1", "e2", "s1", 20));

    assertThat(third.isAccepted()).isTrue();
    assertThat(again.status()).isEqualTo(TrackResult.Status.DUPLICATE);
    assertThat(store.reruns.get()).isEqualTo(1);
    assertThat(store.optimistic.get()).isGreaterThanOrEqualTo(2);
    ProgressTracker reference = Fixtures.tracker().build();
    List.of(time("u1", "e1", "s1", 10), time("u1", "e2", "s1", 20), time("u1", "e3", "s1", 30))
        .forEach(reference::track);
    assertThat(stale.spaceProgress("u1", "s1")).isEqualTo(reference.spaceProgress("u1", "s1"));
    assertThat(told).hasSize(1); // the space's change by e3, told once although its unit ran twice
    assertThat(told.get(0).current().total()).isEqualTo(reference.spaceProgress("u1", "s1").total());
  }

  @Test
  void rebuildAll_handsTheStoreBatches_andAUserWhoseRuleFails_doesNotStopTheOthers() {
    InMemoryProgressStore shared = InMemoryProgressStore.create();
    ProgressTracker before = Fixtures.tracker().store(shared).build();
    before.trackAll(onePerUser(300, "e1"));
    before.track(ProgressEvent.builder().id("p").user(user(7)).at(T).peerReview("k", 13).build());
    ProgressRule fragile = ProgressRule.of(Level.SKILL, "peerReview", EventType.PEER_REVIEW, 0.2, "v2",
        (events, ctx) -> {
          if (events.stream().anyMatch(e -> e.value() == 13)) {
            throw new IllegalArgumentException("unlucky");
          }
          return events.isEmpty() ? 0 : 100;
        });
    RecordingStore store = new RecordingStore(shared);
    ProgressTracker after = Fixtures.tracker().rule(fragile).store(store).build();

    assertThatThrownBy(after::rebuildAll).isInstanceOf(RuleException.class).hasMessageContaining("unlucky");

    assertThat(store.batches).extracting(List::size).containsExactly(256, 44);
    for (int i = 0; i < 300; i++) {
      String rules = shared.snapshot(ProgressKey.space(user(i), "s1")).orElseThrow().rulesVersion();
      assertThat(rules).as(user(i)).isEqualTo(i == 7 ? before.rulesVersion() : after.rulesVersion());
    }
    assertThat(after.rulesVersion()).isNotEqualTo(before.rulesVersion());
  }

  /** A rebuilt user's state holds no event ids; the next unit must not trust it to tell duplicates. */
  @Test
  void afterARebuild_aStoredEventIsStillADuplicate() {
    ProgressTracker tracker = Fixtures.tracker().build();
    ProgressEvent e1 = time("u1", "e1", "s1", 10);
    tracker.track(e1);
    double before = tracker.spaceProgress("u1", "s1").total();

    tracker.rebuild("u1");

    assertThat(tracker.spaceProgress("u1", "s1").total()).isEqualTo(before);
    assertThat(tracker.track(e1).status()).isEqualTo(TrackResult.Status.DUPLICATE);
    assertThat(tracker.spaceProgress("u1", "s1").total()).isEqualTo(before);
  }

  /** A rebuild computes figures only (no analytics days); the analytics read afterwards are those of before. */
  @Test
  void afterARebuild_analyticsAndForecastsAreUnchanged() {
    ProgressTracker tracker = Fixtures.tracker().build();
    for (int day = 0; day < 5; day++) {
      tracker.track(ProgressEvent.builder().id("t" + day).user("u1").at(T.minusSeconds(86_400L * day))
          .time("s1", 10 + day).skill("k").build());
      tracker.track(ProgressEvent.builder().id("k" + day).user("u1").at(T.minusSeconds(86_400L * day))
          .task("s1", "i" + day, 100).build());
    }
    var analytics = tracker.analytics("u1");
    var forecasts = tracker.forecasts("u1");

    tracker.rebuild("u1");

    assertThat(tracker.analytics("u1")).isEqualTo(analytics);
    assertThat(tracker.forecasts("u1")).isEqualTo(forecasts);
  }

  /**
   * Runs a unit whose callback expects a version first without trusting it: the transaction reports the
   * expected version, and the append checks it against the stored one; when it does not hold, nothing is kept
   * and the callback runs again in an ordinary unit.
   */
  private static final class OptimisticStore extends ForwardingStore {
    final AtomicInteger optimistic = new AtomicInteger();
    final AtomicInteger reruns = new AtomicInteger();

    OptimisticStore(ProgressStore delegate) {
      super(delegate);
    }

    private static final class Stale extends RuntimeException {
      Stale() {
        super(null, null, false, false);
      }
    }

    @Override
    public <R, X extends Exception> R inTransaction(String userId, UserCallback<R, X> callback) throws X {
      long expected = callback.expectedVersion();
      if (expected >= 0) {
        optimistic.incrementAndGet();
        try {
          return super.inTransaction(userId, tx -> {
            boolean[] appended = {false};
            R result = callback.run(new ForwardingTransaction(tx) {
              @Override
              public long version() {
                return expected;
              }

              @Override
              public void replay(Consumer<ProgressEvent> sink) {
                throw new AssertionError("a unit run optimistically replays nothing");
              }

              @Override
              public long append(List<ProgressEvent> events, ChangedKeys changed) {
                if (tx.version() != expected) {
                  throw new Stale();
                }
                appended[0] = true;
                return super.append(events, changed);
              }
            });
            if (!appended[0] && tx.version() != expected) {
              throw new Stale();
            }
            return result;
          });
        } catch (Stale stale) {
          reruns.incrementAndGet();
        }
      }
      return super.inTransaction(userId, callback);
    }
  }

  /**
   * trackAll groups a shuffled batch by user (positions in an array, not a map): each user's events must still be
   * applied in input order, since which of two events with one id is the duplicate or the conflict, and which
   * goal binds a space, depends on it. One by one, in input order, must give the same results and figures.
   */
  @Test
  void aShuffledBatch_givesEachUsersEventsInInputOrder_asTrackingThemOneByOne() {
    java.util.Random random = new java.util.Random(3);
    List<ProgressEvent> events = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String user = user(random.nextInt(23));
      String id = "e" + random.nextInt(30); // ids repeat: duplicates, and conflicts when the content differs
      ProgressEvent.Builder b = ProgressEvent.builder().id(id).user(user).at(T.plusSeconds(random.nextInt(5)));
      events.add(switch (random.nextInt(3)) {
        case 0 -> b.time("s" + random.nextInt(3), 1 + random.nextInt(3)).goal("g" + random.nextInt(2)).build();
        case 1 -> b.task("s" + random.nextInt(3), "t" + random.nextInt(4), random.nextBoolean() ? 100 : 50)
            .skill("k").build();
        default -> b.milestone("s" + random.nextInt(3), "m1", 100).goal("g" + random.nextInt(2)).build();
      });
    }
    events.add(7, ProgressEvent.builder().user(user(5)).at(T.plusSeconds(86_400 * 30)).time("s1", 5).build());

    ProgressTracker single = Fixtures.tracker().build();
    List<TrackResult> expected = new ArrayList<>();
    events.forEach(e -> expected.add(single.track(e)));
    // a unit per user, and the store's batches of users (all 23 in one batch)
    RecordingStore batching = new RecordingStore(InMemoryProgressStore.create());
    for (ProgressTracker batched : List.of(Fixtures.tracker().build(), Fixtures.tracker().store(batching).build())) {
      BatchResult result = batched.trackAll(events);
      assertThat(result.results()).isEqualTo(expected);
      assertThat(result.rejected()).as("conflicts, goal contradictions and the future event").isGreaterThan(1);
      assertThat(result.duplicates()).isPositive();
      for (int u = 0; u < 23; u++) {
        assertThat(batched.userProgress(user(u))).isEqualTo(single.userProgress(user(u)));
      }
    }
    assertThat(batching.batches).hasSize(1);
    assertThat(batching.batches.get(0)).hasSize(23).isSorted();
  }
}
