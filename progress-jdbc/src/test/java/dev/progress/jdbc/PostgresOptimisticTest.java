package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.core.EventType;
import dev.progress.core.Level;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.core.RuleException;
import dev.progress.core.TrackResult;
import dev.progress.core.spi.ProgressRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A unit whose tracker holds the user's current state runs optimistically on PostgreSQL: one autocommit
 * statement that appends only if the user is still at the version the state reflects. A tracker whose state is
 * stale (another tracker wrote since) is caught by that condition, writes nothing, and runs the unit again in a
 * locked transaction after replaying.
 */
class PostgresOptimisticTest {
  @RegisterExtension static final PostgresDatabase PG = new PostgresDatabase();

  private static final String OPTIMISTIC = "WITH u AS (";
  private static final String LOCK = "SELECT version, event_count FROM progress_users WHERE user_id = ? FOR UPDATE";
  private static final String CREATE =
      "INSERT INTO progress_users (user_id) VALUES (?) ON CONFLICT (user_id) DO NOTHING RETURNING version, event_count";
  private static final String APPEND = "WITH new_events AS (";
  /** The lookup of a unit's event ids among the user's stored events, by a store finding events by id. */
  private static final String FIND = "SELECT event_id, space_id, goal_id, item_id, event_type, event_value,"
      + " occurred_at, occurred_at_ns, metadata FROM progress_events p WHERE p.user_id = ?";
  private static final String REPLAY = "SELECT event_id, space_id, goal_id, item_id, event_type, event_value,"
      + " occurred_at, occurred_at_ns, metadata FROM progress_events WHERE user_id = ? ORDER BY seq";
  private static final String VERSION = "SELECT version FROM progress_users WHERE user_id = ?";

  @BeforeEach
  void empty() {
    PG.truncate();
  }


  @Test
  void track_withTheUsersCurrentState_isOneStatementAndNoTransaction() {
    StatementLog log = new StatementLog(PG.dataSource());
    ProgressTracker tracker = Universe.tracker(JdbiProgressStore.create(log.dataSource()));
    log.take();

    assertThat(tracker.track(Universe.event(0, 0)).isAccepted()).isTrue();
    assertThat(log.take()).as("a new user: a locked unit, with nothing to replay").containsExactly(
        LOCK, CREATE, APPEND, "COMMIT");

    assertThat(tracker.track(Universe.event(0, 1)).isAccepted()).isTrue();
    assertThat(log.take()).containsExactly(OPTIMISTIC);
    assertThat(tracker.track(Universe.event(0, 1)).isDuplicate()).isTrue();
    assertThat(log.take()).as("nothing appended: the version is read once").containsExactly(VERSION);
    assertThat(tracker.track(Universe.event(0, 2)).isAccepted()).isTrue();
    assertThat(log.take()).containsExactly(OPTIMISTIC);

    assertThat(Invariants.check(PG.jdbi())).isEqualTo(3);
  }

  /**
   * Over a store that finds events by id, the tracker keeps no ids: a unit of a user with events first looks its
   * ids up (one statement), then appends as without; a batch looks up all its users' ids before its first write,
   * so its events still go through one COPY.
   */
  @Test
  void findingEventsById_looksUpTheUnitsIdsFirst_aBatchBeforeItsWrites() {
    StatementLog log = new StatementLog(PG.dataSource());
    ProgressTracker tracker = Universe.tracker(JdbiProgressStore.create(log.dataSource()).findingEventsById());
    log.take();

    assertThat(tracker.track(Universe.event(0, 0)).isAccepted()).isTrue();
    assertThat(log.take()).as("a new user: nothing to look up").containsExactly(LOCK, CREATE, APPEND, "COMMIT");
    assertThat(tracker.track(Universe.event(0, 1)).isAccepted()).isTrue();
    assertThat(log.take()).containsExactly(FIND, OPTIMISTIC);
    assertThat(tracker.track(Universe.event(0, 1)).isDuplicate()).isTrue();
    assertThat(log.take()).as("nothing appended: the version is read once").containsExactly(FIND, VERSION);
    assertThat(tracker.track(Universe.event(0, 0).withId(Universe.event(0, 1).id())).isRejected())
        .as("same id, other content: a conflict, told by the stored event").isTrue();

    log.take();
    assertThat(tracker.trackAll(List.of(Universe.event(0, 2), Universe.event(1, 0))).accepted()).isEqualTo(2);
    assertThat(tracker.trackAll(List.of(Universe.event(0, 3), Universe.event(1, 1))).accepted()).isEqualTo(2);
    log.take();
    assertThat(tracker.trackAll(List.of(Universe.event(0, 4), Universe.event(1, 2), Universe.event(1, 1)))
        .results()).extracting(TrackResult::status).containsExactly(TrackResult.Status.ACCEPTED,
            TrackResult.Status.ACCEPTED, TrackResult.Status.DUPLICATE);
    assertThat(log.take()).as("users with rows: both looked up, then one COPY")
        .containsExactly("SELECT p.version, p.event_count", FIND, FIND, "unwrap PGConnection", "WITH s AS (", "COMMIT");
    assertThat(Invariants.check(PG.jdbi())).isEqualTo(8);
  }

  /**
   * Fails if the optimistic statement did not check the version: tracker a would then store an event its stale
   * state does not know (a unique-key violation, or a second copy with another key) and figures computed without
   * the other tracker's events.
   */
  @Test
  void aStaleState_isCaught_writesNothing_andTheUnitRunsAgainLockedAfterAReplay() {
    StatementLog log = new StatementLog(PG.dataSource());
    ProgressTracker a = Universe.tracker(JdbiProgressStore.create(log.dataSource()));
    ProgressTracker b = Universe.tracker(JdbiProgressStore.create(PG.dataSource()));
    ProgressEvent e0 = Universe.event(0, 0);
    ProgressEvent e1 = Universe.event(0, 1);
    assertThat(a.track(e0).isAccepted()).isTrue();
    assertThat(b.track(e1).isAccepted()).isTrue();
    log.take();

    // a's state is at version 1 and does not know e1; the store is at version 2
    assertThat(a.track(e1).status()).isEqualTo(TrackResult.Status.DUPLICATE);
    assertThat(log.take()).containsExactly(OPTIMISTIC, LOCK, REPLAY, "COMMIT");

    assertThat(b.track(Universe.event(0, 2)).isAccepted()).isTrue();
    log.take();
    // a unit that appends nothing is not trusted until the version is read: stale, so it runs again
    assertThat(a.track(e0).status()).isEqualTo(TrackResult.Status.DUPLICATE);
    assertThat(log.take()).containsExactly(VERSION, LOCK, REPLAY, "COMMIT");

    assertThat(a.track(Universe.event(0, 3)).isAccepted()).isTrue();
    assertThat(log.take()).as("current again").containsExactly(OPTIMISTIC);
    long version = PG.jdbi().withHandle(h -> h.createQuery("SELECT version FROM progress_users")
        .mapTo(Long.class).one());
    assertThat(version).isEqualTo(4);
    assertThat(Invariants.check(PG.jdbi())).isEqualTo(4);
    assertThat(a.spaceProgress("user-0", "space-0")).isEqualTo(b.spaceProgress("user-0", "space-0"));
  }

  /**
   * A unit of many events ({@link PostgresWriter#COPY_EVENTS} or more) sends them by COPY: the optimistic one in
   * a transaction of its own that locks the user's row only at the expected version (a stale state is caught
   * there, before anything is written, and the unit runs again locked, by COPY as well), the locked one inside its
   * transaction; the figures follow in one statement. Every event is stored once, numbered in order.
   */
  @Test
  void manyEvents_goByCopy_optimisticallyOrLocked_andAStaleStateIsCaughtBeforeAnythingIsWritten() {
    StatementLog log = new StatementLog(PG.dataSource());
    ProgressTracker a = Universe.tracker(JdbiProgressStore.create(log.dataSource()));
    ProgressTracker b = Universe.tracker(JdbiProgressStore.create(PG.dataSource()));
    int n = PostgresWriter.COPY_EVENTS;
    assertThat(a.trackAll(events(0, n)).accepted()).as("a new user: locked").isEqualTo(n);
    assertThat(log.take()).containsExactly(LOCK, CREATE, "unwrap PGConnection", SNAPSHOTS, "COMMIT");

    assertThat(a.trackAll(events(n, 2 * n)).accepted()).as("a's state is current").isEqualTo(n);
    assertThat(log.take()).containsExactly(LOCK_AT_VERSION, "unwrap PGConnection", SNAPSHOTS, "COMMIT");

    assertThat(b.trackAll(events(2 * n, 2 * n + 1)).accepted()).isEqualTo(1);
    assertThat(a.trackAll(events(2 * n + 1, 3 * n + 1)).accepted()).as("a's state is stale").isEqualTo(n);
    assertThat(log.take()).as("the lock at a's version finds no row: nothing written, run again locked")
        .containsExactly(LOCK_AT_VERSION, "COMMIT", LOCK, REPLAY, "unwrap PGConnection", SNAPSHOTS, "COMMIT");

    assertThat(Invariants.check(PG.jdbi())).isEqualTo(3 * n + 1);
    assertThat(a.spaceProgress("user-0", "space-0")).isEqualTo(b.spaceProgress("user-0", "space-0"));
  }

  private static final String LOCK_AT_VERSION =
      "SELECT version, event_count FROM progress_users WHERE user_id = ? AND version = ? FOR UPDATE";
  private static final String SNAPSHOTS = "WITH s AS (";

  /** Time events of user-0 numbered from..to (exclusive), a second apart. */
  private static List<ProgressEvent> events(int from, int to) {
    List<ProgressEvent> events = new ArrayList<>();
    for (int i = from; i < to; i++) {
      events.add(ProgressEvent.builder().id("m" + i).user("user-0").time("space-" + i % 3, 1)
          .at(Universe.BASE.plusSeconds(i)).build());
    }
    return events;
  }

  /**
   * A custom rule that fails on a stale state only: a quiz of value 13 must follow an earlier quiz. Tracker a
   * holds the user before b's first quiz, so its optimistic run of a 13 fails; before the fix that failure
   * reached the caller, though the stored events make the quiz valid. Now the failed run reads the version, finds
   * it stale, and the unit runs again locked after a replay.
   */
  @Test
  void aRuleFailingOnAStaleStateOnly_isNotReported_theUnitRunsAgainLocked() {
    ProgressRule quiz = ProgressRule.of(Level.SPACE, "quiz", EventType.of("quiz"), 0.1, "quiz-1",
        (events, ctx) -> {
          if (!events.isEmpty() && events.get(0).value() == 13) {
            throw new IllegalStateException("a 13 needs an earlier quiz");
          }
          return events.isEmpty() ? 0 : events.get(events.size() - 1).value();
        });
    StatementLog log = new StatementLog(PG.dataSource());
    ProgressTracker a = withQuiz(JdbiProgressStore.create(log.dataSource()), quiz);
    ProgressTracker b = withQuiz(JdbiProgressStore.create(PG.dataSource()), quiz);
    assertThat(a.track(Universe.event(0, 0)).isAccepted()).isTrue();
    assertThat(b.track(quiz("q1", 1, 50)).isAccepted()).isTrue();
    log.take();

    assertThat(a.track(quiz("q2", 2, 13)).isAccepted()).isTrue();

    assertThat(log.take()).as("the failed run wrote nothing; its version read found it stale")
        .containsExactly(VERSION, LOCK, REPLAY, APPEND, "COMMIT");
    assertThat(a.spaceProgress("user-0", "space-0").component("quiz")).isEqualTo(13.0);
    assertThat(a.spaceProgress("user-0", "space-0")).isEqualTo(b.spaceProgress("user-0", "space-0"));

    log.take();
    // a's state is current now: a 13 placed before every quiz fails on the stored events too, and is reported
    assertThatThrownBy(() -> a.track(quiz("q0", -1, 13))).isInstanceOf(RuleException.class);
    assertThat(log.take()).as("the version read found the state current").containsExactly(VERSION);
    long versionAndEvents = PG.jdbi().withHandle(h -> h.createQuery("SELECT u.version * 10 + count(*)"
        + " FROM progress_users u JOIN progress_events USING (user_id) GROUP BY u.version").mapTo(Long.class).one());
    assertThat(versionAndEvents).as("version 3, three events").isEqualTo(33);
  }

  private static ProgressTracker withQuiz(JdbiProgressStore store, ProgressRule quiz) {
    return ProgressTracker.builder().store(store).clock(() -> Universe.CLOCK).rule(quiz).weights(Level.SPACE,
        Map.of("task", 0.4, "time", 0.2, "milestone", 0.2, "interaction", 0.1, "quiz", 0.1)).build();
  }

  private static ProgressEvent quiz(String id, int second, double value) {
    return ProgressEvent.builder().id(id).user("user-0").space("space-0").type("quiz").value(value)
        .at(Universe.BASE.plusSeconds(second)).build();
  }

  /** Threads with a tracker each (so each state goes stale whenever another writes) track the same events. */
  @Test
  void threadsWithATrackerEach_trackingTheSameEventsOneByOne_storeEachOnce() throws Exception {
    Universe universe = new Universe(3, 40);
    int writers = 4;
    ExecutorService threads = Executors.newFixedThreadPool(writers);
    List<String> accepted = Collections.synchronizedList(new ArrayList<>());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        long seed = w;
        done.add(threads.submit(() -> {
          ProgressTracker tracker = Universe.tracker(JdbiProgressStore.create(PG.dataSource()));
          List<ProgressEvent> events = new ArrayList<>(universe.events());
          Collections.shuffle(events, new Random(seed));
          start.await();
          for (ProgressEvent e : events) {
            TrackResult r = tracker.track(e);
            assertThat(r.status()).as(r.toString()).isIn(TrackResult.Status.ACCEPTED, TrackResult.Status.DUPLICATE);
            if (r.isAccepted()) {
              accepted.add(e.userId() + " " + e.id());
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(accepted).hasSize(120).doesNotHaveDuplicates();
    assertThat(Invariants.check(PG.jdbi())).isEqualTo(120);
  }

  /**
   * A batch of users who all have rows locks them with one statement; a batch with a new user rolls that lock
   * back and creates the missing rows first, so that every batch waits in one order. The events go through one
   * COPY that stays open from unit to unit (new users have nothing to replay), ended before a unit's replay
   * needs the connection and opened again by its append; the snapshots and users follow in one statement.
   */
  @Test
  void batch_ofKnownUsers_locksInOneStatement_andNewUsersAreCreatedFirst() {
    StatementLog log = new StatementLog(PG.dataSource());
    ProgressTracker tracker = Universe.tracker(JdbiProgressStore.create(log.dataSource()));
    String lockAll = "SELECT p.version, p.event_count";
    String createAll = "INSERT INTO progress_users (user_id)";
    String copy = "unwrap PGConnection";
    String snapshots = "WITH s AS (";

    assertThat(tracker.trackAll(List.of(Universe.event(0, 0), Universe.event(1, 0))).accepted()).isEqualTo(2);
    assertThat(log.take()).as("new users").containsExactly(
        lockAll, "ROLLBACK", createAll, lockAll, copy, snapshots, "COMMIT");

    assertThat(tracker.trackAll(List.of(Universe.event(0, 1), Universe.event(1, 1))).accepted()).isEqualTo(2);
    assertThat(log.take()).as("users with rows").containsExactly(lockAll, copy, snapshots, "COMMIT");

    ProgressTracker fresh = Universe.tracker(JdbiProgressStore.create(log.dataSource()));
    assertThat(fresh.trackAll(List.of(Universe.event(0, 2), Universe.event(1, 2))).accepted()).isEqualTo(2);
    assertThat(log.take()).as("users another tracker wrote: each replays").containsExactly(
        lockAll, REPLAY, copy, REPLAY, copy, snapshots, "COMMIT");
    assertThat(Invariants.check(PG.jdbi())).isEqualTo(6);
  }

}
