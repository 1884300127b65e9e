package dev.progress.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.core.Component;
import dev.progress.core.Level;
import dev.progress.core.Plan;
import dev.progress.core.Progress;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import dev.progress.core.ProgressTracker;
import dev.progress.core.TrackResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ProgressStore} must do, written once and run against each store (in memory, H2,
 * PostgreSQL). Subclasses supply a fresh, empty store per test.
 */
public abstract class ProgressStoreContract {
  protected static final Instant T0 = Instant.parse("2026-10-01T08:00:00.123456789Z");

  protected ProgressStore store;

  /** A new store with no data, isolated from every other test's store. */
  protected abstract ProgressStore newStore();

  /** Whether {@link ProgressStore#history} keeps every snapshot (else only the latest). */
  protected boolean keepsHistory() {
    return true;
  }

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  // ------------------------------------------------------------------ events

  @Test
  void append_thenReplay_givesEventsBackEqualInAppendOrder() {
    List<ProgressEvent> events = List.of(task("u1", "e1", "t1", 50), task("u1", "e2", "t1", 100), time("u1", "e3"));
    store.inTransaction("u1", user -> user.append(events.subList(0, 2), ChangedKeys.none()));
    store.inTransaction("u1", user -> user.append(events.subList(2, 3), ChangedKeys.none()));

    assertThat(replay("u1")).containsExactlyElementsOf(events);
  }

  @Test
  void replay_roundTripsEveryFieldExactly() {
    ProgressEvent event = ProgressEvent.builder()
        .id("ev-1")
        .user("u1")
        .space("s1")
        .goal("g1")
        .item("t1")
        .type("task")
        .value(33.333333333333336)
        .at(T0) // nanosecond precision
        .meta("skill", "coding")
        .meta("difficulty", "hard")
        .meta("nested", Map.of("list", List.of(1, 2.5, "x", true), "deep", Map.of("k", "v")))
        .metadata(withNull("nothing"))
        .build();
    store.inTransaction("u1", user -> user.append(List.of(event), ChangedKeys.none()));

    ProgressEvent back = replay("u1").get(0);
    assertThat(back).isEqualTo(event);
    assertThat(back.timestamp()).isEqualTo(T0);
    assertThat(back.value()).isEqualTo(33.333333333333336);
  }

  @Test
  void replay_hostileValuesComeBackVerbatim() {
    String sql = "'); DROP TABLE progress_events;--";
    String unicode = "naïve 学习 🚀 \u202Eevil\u202C ﷽";
    String longId = "x".repeat(128);
    Map<String, Object> big = new LinkedHashMap<>();
    for (int i = 0; i < 150; i++) {
      big.put("k" + i, "v".repeat(90));
    }
    List<ProgressEvent> events = List.of(
        ProgressEvent.builder().id(sql).user(sql).task(sql, sql, 100).at(T0).meta("skill", sql).build(),
        ProgressEvent.builder().id(unicode).user(sql).task(unicode, unicode, 50).at(T0).build(),
        ProgressEvent.builder().id(longId).user(sql).time(longId, 1440).at(T0).metadata(big).build());
    store.inTransaction(sql, user -> user.append(events, ChangedKeys.none()));

    assertThat(replay(sql)).containsExactlyElementsOf(events);
    assertThat(store.users()).containsExactly(sql);
  }

  @Test
  void users_sortedAndOnlyThoseWithEvents() {
    store.inTransaction("zed", user -> user.append(List.of(time("zed", "e1")), ChangedKeys.none()));
    store.inTransaction("amy", user -> user.append(List.of(time("amy", "e1")), ChangedKeys.none()));
    store.inTransaction("nobody", user -> null);

    assertThat(store.users()).containsExactly("amy", "zed");
  }

  @Test
  void sameEventIdForTwoUsers_isTwoEvents() {
    store.inTransaction("u1", user -> user.append(List.of(time("u1", "same")), ChangedKeys.none()));
    store.inTransaction("u2", user -> user.append(List.of(time("u2", "same")), ChangedKeys.none()));

    assertThat(replay("u1")).hasSize(1);
    assertThat(replay("u2")).hasSize(1);
  }

  // ------------------------------------------------------------------ versions and atomicity

  @Test
  void version_changesWithEveryCommittedAppend() {
    long v0 = store.inTransaction("u1", ProgressStore.UserTransaction::version);
    long promised = store.inTransaction("u1", user -> user.append(List.of(time("u1", "e1")), ChangedKeys.none()));
    long v1 = store.inTransaction("u1", ProgressStore.UserTransaction::version);
    store.inTransaction("u1", user -> user.append(List.of(time("u1", "e2")), ChangedKeys.none()));
    long v2 = store.inTransaction("u1", ProgressStore.UserTransaction::version);

    assertThat(v1).isNotEqualTo(v0).isEqualTo(promised);
    assertThat(v2).isNotEqualTo(v1);
  }

  @Test
  void failingWork_keepsNothing() {
    store.inTransaction("u1", user -> user.append(List.of(time("u1", "e1")), changed(snapshot("u1", "s1", 10))));
    long before = store.inTransaction("u1", ProgressStore.UserTransaction::version);

    assertThatThrownBy(() -> store.inTransaction("u1", user -> {
          user.append(List.of(time("u1", "e2")), changed(snapshot("u1", "s1", 90)));
          throw new IllegalStateException("boom");
        }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom");

    assertThat(replay("u1")).extracting(ProgressEvent::id).containsExactly("e1");
    assertThat(store.snapshot(ProgressKey.space("u1", "s1")).orElseThrow().progress().total()).isEqualTo(10);
    assertThat(store.inTransaction("u1", ProgressStore.UserTransaction::version)).isEqualTo(before);
  }

  @Test
  void afterFailingWork_theNextUnitsEventsFollowTheCommittedOnes() {
    store.inTransaction("u1", user -> user.append(List.of(time("u1", "e1")), changed(snapshot("u1", "s1", 10))));
    assertThatThrownBy(() -> store.inTransaction("u1", user -> {
          user.append(List.of(time("u1", "e2"), time("u1", "e3")), changed(snapshot("u1", "s1", 90)));
          throw new IllegalStateException("boom");
        }))
        .hasMessage("boom");

    store.inTransaction("u1", user -> user.append(List.of(time("u1", "e4")), changed(snapshot("u1", "s1", 20))));

    assertThat(replay("u1")).extracting(ProgressEvent::id).containsExactly("e1", "e4");
  }

  @Test
  void checkedExceptionOfWork_passesThroughUnwrapped() {
    class Checked extends Exception {
      Checked() {
        super("checked");
      }
    }
    assertThatThrownBy(() -> store.<Void, Checked>inTransaction("u1", user -> {
          throw new Checked();
        }))
        .isInstanceOf(Checked.class);
  }

  @Test
  void oneUsersTransactions_areSerialized() throws Exception {
    // Each unit reads how many events the user has and appends the next numbered one. Without mutual
    // exclusion two units read the same count and append the same id (or one is lost).
    int threads = 4;
    int perThread = 15;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < perThread; i++) {
          store.inTransaction("u1", user -> {
            int[] count = {0};
            user.replay(e -> count[0]++);
            Thread.yield();
            return user.append(List.of(time("u1", "n" + count[0])), ChangedKeys.none());
          });
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    List<String> ids = replay("u1").stream().map(ProgressEvent::id).toList();
    assertThat(ids).hasSize(threads * perThread).doesNotHaveDuplicates();
    assertThat(ids.get(ids.size() - 1)).isEqualTo("n" + (threads * perThread - 1));
  }

  @Test
  void differentUsers_doNotWaitForEachOther() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Future<?> holder = pool.submit(() -> store.inTransaction("slow", user -> {
      inside.countDown();
      release.await(30, TimeUnit.SECONDS);
      return user.append(List.of(time("slow", "e1")), ChangedKeys.none());
    }));
    assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();

    // the fast user's unit runs on another thread and must finish while "slow" still holds its own
    ExecutorService fastPool = Executors.newSingleThreadExecutor();
    Future<Long> fast = fastPool.submit(
        () -> store.inTransaction("fast", user -> user.append(List.of(time("fast", "e1")), ChangedKeys.none())));
    try {
      assertThat(fast.get(20, TimeUnit.SECONDS))
          .as("a unit of another user completes while 'slow' holds its lock")
          .isNotNull();
      assertThat(holder.isDone()).as("'slow' is still inside its unit").isFalse();
    } finally {
      release.countDown();
    }
    holder.get(30, TimeUnit.SECONDS);
    pool.shutdown();
    fastPool.shutdown();

    assertThat(store.users()).containsExactly("fast", "slow");
  }

  @Test
  void append_twiceInOneUnit_isRefused_andTheUnitKeepsNothing() {
    assertThatThrownBy(() -> store.inTransaction("u1", user -> {
          user.append(List.of(time("u1", "e1")), ChangedKeys.none());
          return user.append(List.of(time("u1", "e2")), ChangedKeys.none());
        }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("append");
    assertThat(replay("u1")).isEmpty();
  }

  @Test
  void transaction_usedAfterItsUnit_isRefused() {
    ProgressStore.UserTransaction escaped = store.inTransaction("u1", user -> user);
    assertThatThrownBy(() -> escaped.append(List.of(time("u1", "e1")), ChangedKeys.none()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(replay("u1")).isEmpty();
  }

  @Test
  void eventCounts_countCommittedEventsPerUser_sortedByUser() {
    store.inTransaction("zed", user -> user.append(List.of(time("zed", "e1"), time("zed", "e2")), ChangedKeys.none()));
    store.inTransaction("amy", user -> user.append(List.of(time("amy", "e1")), ChangedKeys.none()));
    store.inTransaction("nobody", user -> null);

    assertThat(store.eventCounts()).containsExactly(Map.entry("amy", 1L), Map.entry("zed", 2L));
  }

  /** The read side: a user's committed events, read while another thread holds the user's write lock. */
  @Test
  void replay_outsideATransaction_readsCommittedEvents_withoutWaitingForTheWriter() throws Exception {
    store.inTransaction("u1", user -> user.append(List.of(time("u1", "e1")), ChangedKeys.none()));
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Future<Long> writer = pool.submit(() -> store.inTransaction("u1", user -> {
      long v = user.append(List.of(time("u1", "e2")), ChangedKeys.none());
      inside.countDown();
      release.await(30, TimeUnit.SECONDS);
      return v;
    }));
    try {
      assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
      ExecutorService readerPool = Executors.newSingleThreadExecutor();
      Future<List<String>> read = readerPool.submit(() -> {
        List<String> ids = new ArrayList<>();
        store.replay("u1", e -> ids.add(e.id()));
        return ids;
      });
      assertThat(read.get(20, TimeUnit.SECONDS))
          .as("committed events only, read while the writer holds the user")
          .containsExactly("e1");
      readerPool.shutdown();
    } finally {
      release.countDown();
    }
    writer.get(30, TimeUnit.SECONDS);
    pool.shutdown();
    List<String> after = new ArrayList<>();
    store.replay("u1", e -> after.add(e.id()));
    assertThat(after).containsExactly("e1", "e2");
  }

  /** The read side's version is the transaction's, read without waiting for a writer of the user. */
  @Test
  void version_readWithoutALock_isTheCommittedOne() throws Exception {
    long before = store.version("u1");
    assertThat(before).as("no committed append yet").isZero();
    long committed = store.inTransaction("u1", user -> user.append(List.of(time("u1", "e1")), ChangedKeys.none()));
    assertThat(store.version("u1")).isEqualTo(committed).isNotEqualTo(before)
        .isEqualTo(store.inTransaction("u1", ProgressStore.UserTransaction::version));

    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Future<Long> writer = pool.submit(() -> store.inTransaction("u1", user -> {
      long v = user.append(List.of(time("u1", "e2")), ChangedKeys.none());
      inside.countDown();
      release.await(30, TimeUnit.SECONDS);
      return v;
    }));
    try {
      assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(pool.submit(() -> store.version("u1")).get(20, TimeUnit.SECONDS))
          .as("the committed version, while a writer holds the user")
          .isEqualTo(committed);
    } finally {
      release.countDown();
    }
    long written = writer.get(30, TimeUnit.SECONDS);
    assertThat(store.version("u1")).isEqualTo(written);
    pool.shutdown();
  }

  /**
   * The read side's figures and counts: a key's snapshot, a user's snapshots and the event counts are the
   * committed ones, read while another thread holds the user's unit open with uncommitted writes of them.
   */
  @Test
  void snapshotsAndCounts_outsideATransaction_areTheCommittedOnes_withoutWaitingForTheWriter() throws Exception {
    ProgressKey s1 = ProgressKey.space("u1", "s1");
    store.inTransaction("u1", user -> user.append(List.of(time("u1", "e1")), changed(snapshot("u1", "s1", 10))));
    assertThat(store.snapshot(s1).orElseThrow().progress().total()).as("read once, so a reader may cache it")
        .isEqualTo(10);
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Future<Long> writer = pool.submit(() -> store.inTransaction("u1", user -> {
      long v = user.append(List.of(time("u1", "e2")), changed(snapshot("u1", "s1", 20), snapshot("u1", "s2", 5)));
      inside.countDown();
      release.await(30, TimeUnit.SECONDS);
      return v;
    }));
    try {
      assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
      Future<List<Object>> read = pool.submit(() -> List.of(
          store.snapshot(s1).orElseThrow().progress().total(),
          store.snapshot(ProgressKey.space("u1", "s2")).isPresent(),
          store.snapshots("u1").stream().map(s -> s.progress().total()).toList(),
          store.eventCounts()));
      assertThat(read.get(20, TimeUnit.SECONDS))
          .as("the committed figures and counts, read while the writer holds the user")
          .containsExactly(10.0, false, List.of(10.0), Map.of("u1", 1L));
    } finally {
      release.countDown();
    }
    writer.get(30, TimeUnit.SECONDS);
    pool.shutdown();
    assertThat(store.snapshot(s1).orElseThrow().progress().total()).isEqualTo(20);
    assertThat(store.snapshots("u1")).extracting(s -> s.progress().total()).containsExactlyInAnyOrder(20.0, 5.0);
    assertThat(store.eventCounts()).containsExactly(Map.entry("u1", 2L));
  }

  /** A tracker appends once per unit, whatever the unit holds; the same for every store. */
  @Test
  void tracker_appendsAtMostOncePerUnit() {
    int[] appends = {0};
    int[] units = {0};
    ProgressStore counting = new ForwardingStore(store) {
      @Override
      public <R, X extends Exception> R inTransaction(String userId, UserCallback<R, X> work) throws X {
        units[0]++;
        return super.inTransaction(userId, tx -> work.run(new ForwardingTransaction(tx) {
          @Override
          public long append(List<ProgressEvent> events, ChangedKeys changed) {
            appends[0]++;
            return super.append(events, changed);
          }
        }));
      }
    };
    ProgressTracker tracker = ProgressTracker.builder().store(counting).clock(() -> T0.plusSeconds(3600)).build();
    tracker.trackAll(List.of(task("u1", "e1", "t1", 100), task("u1", "e2", "t2", 50), time("u1", "e3"),
        task("u2", "e1", "t1", 100)));
    tracker.track(task("u1", "e4", "t3", 100));
    tracker.track(task("u1", "e4", "t3", 100)); // a duplicate changes nothing: no append at all

    assertThat(units[0]).isEqualTo(4);
    assertThat(appends[0]).isEqualTo(3);
    assertThat(replay("u1")).extracting(ProgressEvent::id).containsExactly("e1", "e2", "e3", "e4");
  }

  // ------------------------------------------------------------------ snapshots

  @Test
  void snapshot_isTheLatestOfItsKey() {
    store.inTransaction("u1", user -> user.append(List.of(), changed(snapshot("u1", "s1", 10))));
    store.inTransaction("u1", user -> user.append(List.of(), changed(snapshot("u1", "s1", 20))));

    Snapshot latest = store.snapshot(ProgressKey.space("u1", "s1")).orElseThrow();
    assertThat(latest.progress().total()).isEqualTo(20);
    assertThat(store.snapshot(ProgressKey.space("u1", "other"))).isEmpty();
    assertThat(store.snapshot(ProgressKey.space("u2", "s1"))).isEmpty();
  }

  @Test
  void snapshot_roundTripsComponentsGoalAndVersion() {
    Progress progress = new Progress(ProgressKey.space("u1", "s1"), "g1", 58.0, List.of(
        new Component("task", 50, 0.4),
        new Component("time", 100, 0.2),
        new Component("milestone", 100.0 / 3, 0.3),
        new Component("interaction", 80, 0.1)));
    Snapshot snapshot = new Snapshot(progress, "r-abc", T0);
    store.inTransaction("u1", user -> user.append(List.of(), changed(snapshot)));

    Snapshot back = store.snapshot(progress.key()).orElseThrow();
    assertThat(back.progress()).isEqualTo(progress);
    assertThat(back.rulesVersion()).isEqualTo("r-abc");
    assertThat(back.recordedAt()).isEqualTo(T0);
  }

  @Test
  void snapshots_ofUser_areTheLatestOfEachKey() {
    store.inTransaction("u1", user -> user.append(List.of(), changed(
        snapshot("u1", "s1", 10), skillSnapshot("u1", "coding", 5))));
    store.inTransaction("u1", user -> user.append(List.of(), changed(snapshot("u1", "s1", 30))));
    store.inTransaction("u2", user -> user.append(List.of(), changed(snapshot("u2", "s1", 99))));

    Map<ProgressKey, Double> totals = new LinkedHashMap<>();
    store.snapshots("u1").forEach(s -> totals.put(s.progress().key(), s.progress().total()));
    assertThat(totals).containsOnly(
        Map.entry(ProgressKey.space("u1", "s1"), 30.0),
        Map.entry(ProgressKey.skill("u1", "coding"), 5.0));
  }

  @Test
  void history_isOldestFirst() {
    for (int total : new int[] {10, 20, 30}) {
      store.inTransaction("u1", user -> user.append(List.of(), changed(snapshot("u1", "s1", total))));
    }
    List<Double> totals = store.history(ProgressKey.space("u1", "s1")).stream()
        .map(s -> s.progress().total())
        .toList();
    if (keepsHistory()) {
      assertThat(totals).containsExactly(10.0, 20.0, 30.0);
    } else {
      assertThat(totals).containsExactly(30.0);
    }
  }

  // ------------------------------------------------------------------ with a tracker

  @Test
  void tracker_overThisStore_matchesTrackerInMemory() {
    ProgressTracker tracker = ProgressTracker.builder().store(store).clock(() -> T0.plusSeconds(3600)).build();
    ProgressTracker reference = ProgressTracker.builder().clock(() -> T0.plusSeconds(3600)).build();
    List<ProgressEvent> events = List.of(
        task("u1", "e1", "t1", 100), task("u1", "e2", "t2", 50), time("u1", "e3"), task("u1", "e1", "t1", 100));
    tracker.trackAll(events);
    reference.trackAll(events);

    assertThat(tracker.userProgress("u1")).isEqualTo(reference.userProgress("u1"));
    assertThat(tracker.users()).containsExactly("u1");
  }

  @Test
  void twoTrackersOverOneStore_seeEachOthersEvents() {
    // Two application instances sharing the store: the second must notice the first's writes (by version)
    // and neither double-count nor miss an event.
    ProgressTracker a = ProgressTracker.builder().store(store).clock(() -> T0.plusSeconds(3600)).build();
    ProgressTracker b = ProgressTracker.builder().store(store).clock(() -> T0.plusSeconds(3600)).build();
    a.track(task("u1", "e1", "t1", 100));
    b.track(task("u1", "e2", "t2", 100));
    assertThat(a.track(task("u1", "e2", "t2", 100)).isDuplicate()).isTrue();
    a.track(task("u1", "e3", "t3", 0));

    Progress s1 = b.spaceProgress("u1", "s1");
    assertThat(s1.component("task")).isEqualTo(100.0 * 2 / 3);
    assertThat(replay("u1")).extracting(ProgressEvent::id).containsExactly("e1", "e2", "e3");
  }

  @Test
  void aFreshTracker_tellsDuplicatesAndConflictsOfStoredEvents() {
    // a tracker holding no state of the user: by the store's events (found by id, or replayed into its ids)
    ProgressTracker a = ProgressTracker.builder().store(store).clock(() -> T0.plusSeconds(3600)).build();
    a.trackAll(List.of(task("u1", "e1", "t1", 50), time("u1", "e2")));
    ProgressTracker b = ProgressTracker.builder().store(store).clock(() -> T0.plusSeconds(3600)).build();

    assertThat(b.track(task("u1", "e1", "t1", 50)).isDuplicate()).isTrue();
    TrackResult conflict = b.track(task("u1", "e1", "t1", 100));
    assertThat(conflict.isRejected()).isTrue();
    assertThat(conflict.reason()).contains("id 'e1' conflicts");
    // in one batch: a stored event, a new one, the new one again, and the new one with other content
    List<TrackResult> results = b.trackAll(List.of(time("u1", "e2"), task("u1", "e3", "t3", 100),
        task("u1", "e3", "t3", 100), task("u1", "e3", "t3", 40))).results();
    assertThat(results).extracting(TrackResult::status).containsExactly(TrackResult.Status.DUPLICATE,
        TrackResult.Status.ACCEPTED, TrackResult.Status.DUPLICATE, TrackResult.Status.REJECTED);
    assertThat(replay("u1")).extracting(ProgressEvent::id).containsExactly("e1", "e2", "e3");
    ProgressTracker reference = ProgressTracker.builder().clock(() -> T0.plusSeconds(3600)).build();
    reference.trackAll(List.of(task("u1", "e1", "t1", 50), time("u1", "e2"), task("u1", "e3", "t3", 100)));
    assertThat(b.userProgress("u1")).isEqualTo(reference.userProgress("u1"));
  }

  @Test
  void aStoredEventTheCurrentRulesReject_isADuplicateWhenTrackedAgain() {
    ProgressTracker a = ProgressTracker.builder().store(store).clock(() -> T0.plusSeconds(3600)).build();
    ProgressEvent inG1 = ProgressEvent.builder().id("e1").user("u1").task("s1", "t1", 100).goal("g1").at(T0).build();
    a.trackAll(List.of(inG1, time("u1", "e2")));
    // the plan now puts s1 in g2: on replay the stored e1 contradicts it and counts towards nothing
    Plan moved = Plan.builder().goal("g2", List.of("s1"), null).build();
    ProgressTracker b =
        ProgressTracker.builder().store(store).plan(moved).clock(() -> T0.plusSeconds(3600)).build();

    assertThat(b.track(inG1).status()).isEqualTo(TrackResult.Status.DUPLICATE); // stored, whatever it counts for
    TrackResult other = b.track(ProgressEvent.builder().id("e1").user("u1").task("s1", "t1", 50).goal("g1").at(T0)
        .build());
    assertThat(other.reason()).contains("id 'e1' conflicts");
    // its id with content the new plan accepts: a conflict too, never a second stored e1
    TrackResult inG2 = b.track(ProgressEvent.builder().id("e1").user("u1").task("s1", "t2", 100).goal("g2").at(T0)
        .build());
    assertThat(inG2.status()).isEqualTo(TrackResult.Status.REJECTED);
    assertThat(inG2.reason()).contains("id 'e1' conflicts");
    TrackResult fresh = b.track(ProgressEvent.builder().id("e3").user("u1").task("s1", "t1", 100).goal("g1").at(T0)
        .build());
    assertThat(fresh.reason()).contains("goalId 'g1' conflicts with goal 'g2'");
    b.rebuildAll(); // the figures A stored are of A's plan
    assertThat(b.spaceProgress("u1", "s1").component("task")).isZero(); // e1 counts towards nothing
    assertThat(b.track(inG1).status()).isEqualTo(TrackResult.Status.DUPLICATE); // and after a rebuild
    assertThat(replay("u1")).extracting(ProgressEvent::id).containsExactly("e1", "e2");
  }

  // ------------------------------------------------------------------ helpers

  protected List<ProgressEvent> replay(String userId) {
    List<ProgressEvent> events = Collections.synchronizedList(new ArrayList<>());
    store.inTransaction(userId, user -> {
      user.replay(events::add);
      return null;
    });
    return List.copyOf(events);
  }

  protected static ProgressEvent task(String user, String id, String item, double value) {
    return ProgressEvent.builder().id(id).user(user).task("s1", item, value).at(T0).build();
  }

  // ------------------------------------------------------------------ batches of users

  @Test
  void inBatch_runsOneUnitPerUser_inTheOrderGiven_andKeepsEach() {
    List<String> ran = new ArrayList<>();
    Map<String, Long> promised = new LinkedHashMap<>();
    store.inBatch(List.of("amy", "bob", "cat"), user -> {
      ran.add(user.userId());
      promised.put(user.userId(), user.append(
          List.of(time(user.userId(), "e1"), time(user.userId(), "e2")),
          changed(snapshot(user.userId(), "s1", user.userId().length() * 10.0))));
      return null;
    });

    assertThat(ran).containsExactly("amy", "bob", "cat");
    assertThat(store.eventCounts()).containsExactly(Map.entry("amy", 2L), Map.entry("bob", 2L), Map.entry("cat", 2L));
    promised.forEach((user, version) -> assertThat(store.version(user)).as(user).isEqualTo(version).isPositive());
    assertThat(store.snapshot(ProgressKey.space("bob", "s1"))).get()
        .extracting(s -> s.progress().total()).isEqualTo(30.0);
    List<ProgressEvent> bobs = new ArrayList<>();
    store.replay("bob", bobs::add);
    assertThat(bobs).extracting(ProgressEvent::id).containsExactly("e1", "e2");
  }

  /**
   * A store may commit a batch's units together or one by one; either way each unit is whole or absent, and no
   * unit after the failing one ran.
   */
  @Test
  void inBatch_aFailingUnit_stopsTheBatch_andEachUnitIsWholeOrAbsent() {
    Map<String, Long> promised = new LinkedHashMap<>();
    List<String> ran = new ArrayList<>();
    assertThatThrownBy(() -> store.inBatch(List.of("amy", "bob", "cat"), user -> {
      ran.add(user.userId());
      if (user.userId().equals("bob")) {
        throw new IllegalStateException("boom");
      }
      promised.put(user.userId(), user.append(List.of(time(user.userId(), "e1")), ChangedKeys.none()));
      return null;
    })).isInstanceOf(IllegalStateException.class).hasMessage("boom");

    assertThat(ran).containsExactly("amy", "bob");
    boolean amyKept = store.version("amy") == promised.get("amy");
    assertThat(store.eventCounts().getOrDefault("amy", 0L)).isEqualTo(amyKept ? 1L : 0L);
    assertThat(store.version("amy")).isIn(0L, promised.get("amy"));
    if (store.commitsBatches()) {
      assertThat(store.version("amy")).as("a store that commits batches keeps none of a failed one").isZero();
    }
    assertThat(store.version("bob")).isZero();
    assertThat(store.version("cat")).isZero();
    assertThat(store.eventCounts()).doesNotContainKeys("bob", "cat");
  }

  @Test
  void inBatch_afterAUnitOfItsOwn_seesThatUsersVersion() {
    long first = store.inTransaction("bob", user -> user.append(List.of(time("bob", "e0")), ChangedKeys.none()));
    Map<String, Long> seen = new LinkedHashMap<>();
    store.inBatch(List.of("amy", "bob"), user -> {
      seen.put(user.userId(), user.version());
      List<ProgressEvent> events = new ArrayList<>();
      user.replay(events::add);
      assertThat(events).hasSize(user.userId().equals("bob") ? 1 : 0);
      return user.append(List.of(time(user.userId(), "e1")), ChangedKeys.none());
    });
    assertThat(seen).containsExactly(Map.entry("amy", 0L), Map.entry("bob", first));
    assertThat(store.eventCounts()).containsExactly(Map.entry("amy", 1L), Map.entry("bob", 2L));
  }

  /**
   * A batch whose units replay, as a rebuild's do, over users whose events were appended interleaved and whose
   * ids sort differently in Java and in a database's collation (case, accents, symbols, characters beyond the
   * Basic Multilingual Plane): every replay gives exactly its own user's events, in append order and with their
   * metadata, also when a unit replays twice, replays nothing, has no events, or stops reading in the middle.
   */
  @Test
  void inBatch_unitsThatReplay_getExactlyTheirUsersEvents() {
    List<String> users = new ArrayList<>(List.of("bob", "Amy", "_cat", "émile", "zoë", "Zed", "a-b", "ab",
        "u-\uD83D\uDE00", "u-\uFFFD", "dan", "eve"));
    Map<String, List<ProgressEvent>> appended = new LinkedHashMap<>();
    for (int round = 0; round < 3; round++) {
      for (String user : users) {
        if (user.equals("dan")) {
          continue; // no events
        }
        List<ProgressEvent> events = List.of(
            ProgressEvent.builder().id("t" + round).user(user).task("s" + round, "i1", 50).skill("coding")
                .meta("note", user + " " + round).at(T0.plusSeconds(round)).build(),
            time(user, "m" + round));
        store.inTransaction(user, tx -> tx.append(events, ChangedKeys.none()));
        appended.computeIfAbsent(user, u -> new ArrayList<>()).addAll(events);
      }
    }
    Collections.sort(users);
    Map<String, List<List<ProgressEvent>>> replays = new LinkedHashMap<>();
    store.inBatch(users, new ProgressStore.UserCallback<Void, RuntimeException>() {
      /** Said as a rebuild says it, so that a store reading the batch's events in one pass is held to it. */
      @Override
      public boolean replaysEveryUser() {
        return true;
      }

      @Override
      public Void run(ProgressStore.UserTransaction tx) {
        String user = tx.userId();
        int times = user.equals("_cat") || user.equals("zoë") ? 2 : user.equals("ab") ? 0 : 1;
        if (user.equals("émile")) {
          stopAfterOne(tx); // before its full replay
        }
        if (user.equals("eve")) {
          List<ProgressEvent> inner = new ArrayList<>();
          List<ProgressEvent> outer = new ArrayList<>();
          tx.replay(e -> {
            outer.add(e);
            if (outer.size() == 2) {
              tx.replay(inner::add); // a replay inside a replay's sink
            }
          });
          assertThat(inner).as("the replay inside the replay of eve").containsExactlyElementsOf(appended.get(user));
          assertThat(outer).as("the replay of eve around it").containsExactlyElementsOf(appended.get(user));
        }
        for (int i = 0; i < times; i++) {
          List<ProgressEvent> events = new ArrayList<>();
          tx.replay(events::add);
          replays.computeIfAbsent(user, u -> new ArrayList<>()).add(events);
        }
        if (user.equals("Amy")) {
          stopAfterOne(tx); // after it
        }
        return null;
      }

      private void stopAfterOne(ProgressStore.UserTransaction tx) {
        List<ProgressEvent> first = new ArrayList<>();
        assertThatThrownBy(() -> tx.replay(e -> {
          first.add(e);
          throw new IllegalStateException("stop");
        })).hasMessage("stop");
        assertThat(first).as("the first event of %s", tx.userId()).containsExactly(appended.get(tx.userId()).get(0));
      }
    });

    for (String user : users) {
      List<ProgressEvent> expected = appended.getOrDefault(user, List.of());
      int times = user.equals("_cat") || user.equals("zoë") ? 2 : user.equals("ab") ? 0 : 1;
      assertThat(replays.getOrDefault(user, List.of())).as("replays of %s", user).hasSize(times)
          .allSatisfy(events -> assertThat(events).containsExactlyElementsOf(expected));
    }
    assertThat(replays.get("eve").get(0).get(0).metadata()).containsEntry("note", "eve 0")
        .containsEntry("skill", "coding");
  }

  protected static ProgressEvent time(String user, String id) {
    return ProgressEvent.builder().id(id).user(user).time("s1", 30).at(T0).build();
  }

  /** The figures of snapshots as the view a unit hands its store (stamped with the first one's version). */
  protected static ChangedKeys changed(Snapshot... snapshots) {
    return ChangedKeys.of(snapshots[0].rulesVersion(), snapshots[0].recordedAt(),
        java.util.Arrays.stream(snapshots).map(Snapshot::progress).toList());
  }

  protected static Snapshot snapshot(String user, String space, double total) {
    Progress p = new Progress(ProgressKey.space(user, space), null, total, List.of(
        new Component("task", total, 1.0)));
    return new Snapshot(p, "r-test", T0);
  }

  protected static Snapshot skillSnapshot(String user, String skill, double total) {
    Progress p = new Progress(new ProgressKey(user, Level.SKILL, skill), null, total, List.of(
        new Component("practice", total, 1.0)));
    return new Snapshot(p, "r-test", T0);
  }

  private static Map<String, Object> withNull(String key) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(key, null);
    return map;
  }
}
