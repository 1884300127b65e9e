package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.core.BatchResult;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.core.spi.ChangedKeys;
import dev.progress.core.spi.ProgressStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A batch of many users in one PostgreSQL transaction: written in one commit, locked in one order whatever order
 * the users come in (so opposite batches never deadlock, within a JVM or across JVMs), and all or nothing when a
 * writer dies in the middle of it.
 */
class PostgresBatchTest {
  @RegisterExtension static final PostgresDatabase PG = new PostgresDatabase();

  @BeforeEach
  void empty() {
    PG.truncate();
  }


  @Test
  void trackAll_ofManyUsers_commitsEveryRowInOneTransaction() {
    ProgressTracker tracker = Universe.tracker(JdbiProgressStore.create(PG.dataSource()));
    assertThat(tracker.trackAll(new Universe(5, 3).events()).accepted()).isEqualTo(15);
    BatchResult second = tracker.trackAll(new Universe(6, 8).events());
    assertThat(second.accepted()).isEqualTo(6 * 8 - 15);
    assertThat(second.duplicates()).isEqualTo(15);

    // rows written by one transaction carry its id as xmin: the second batch's rows, in all three tables, one id
    List<String> xmins = PG.jdbi().withHandle(h -> h.createQuery("""
            SELECT DISTINCT xmin::text FROM (
              SELECT xmin FROM progress_events WHERE version = 2 OR user_id = 'user-5'
              UNION ALL SELECT xmin FROM progress_snapshots WHERE version = 2 OR user_id = 'user-5'
              UNION ALL SELECT xmin FROM progress_users) AS rows""")
        .mapTo(String.class).list());
    assertThat(xmins).hasSize(1);
    assertThat(Invariants.check(PG.jdbi())).isEqualTo(48);
  }

  /**
   * A rebuild of several users reads their events in one pass (one binary COPY for the batch, in the order its
   * units run), not one query per user, and each user gets the figures of their own events. Its read-ahead
   * thread holds the connection until the units are done, so the batch writes in one statement at the end and
   * never opens a COPY of its own events (which would have to wait for the read to end).
   */
  @Test
  void rebuildAll_readsTheEventsOfABatchWithOneCopy() {
    List<ProgressEvent> events = new Universe(5, 30).events();
    assertThat(Universe.tracker(JdbiProgressStore.create(PG.dataSource())).trackAll(events).accepted())
        .isEqualTo(150);
    StatementLog log = new StatementLog(PG.dataSource());
    ProgressTracker tracker = Universe.tracker(JdbiProgressStore.create(log.dataSource()));
    log.take();

    tracker.rebuildAll();

    List<String> statements = log.take();
    assertThat(statements).filteredOn(s -> s.contains("progress_events")).isEmpty();
    assertThat(statements).containsSubsequence(PostgresWriter.REPLAY_SETTINGS, "unwrap PGConnection",
        PostgresWriter.APPEND.lines().findFirst().orElseThrow().strip(), "COMMIT");
    assertThat(statements).filteredOn(s -> s.equals("unwrap PGConnection")).hasSize(1);
    assertThat(statements).filteredOn(s -> s.equals("COMMIT")).hasSize(1);
    assertThat(Invariants.check(PG.jdbi())).isEqualTo(150);
  }

  /**
   * The ids of a batch's users reach the COPY as a JSON array in a setting, never as SQL: quotes, a statement in
   * an id, a backslash, an emoji and a user without events are read in one pass, each user exactly its own
   * events, the user without events and the one unknown to the store reading nothing, and no user needing a
   * query of its own.
   */
  @Test
  void inBatch_ofHostileUserIdsAndUsersWithoutEvents_readsEveryoneInOneCopy() {
    JdbiProgressStore store = JdbiProgressStore.create(PG.dataSource());
    List<String> withEvents = List.of("o'brien", "x'); DROP TABLE progress_events; --", "back\\slash \"q\"",
        "emoji-\uD83D\uDE00", "{\"json\": [1]}");
    Map<String, List<ProgressEvent>> stored = new java.util.HashMap<>();
    for (String user : withEvents) {
      List<ProgressEvent> events = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        events.add(ProgressEvent.builder().id("e" + i).user(user).time("s", 5 + i).at(Universe.BASE.plusSeconds(i))
            .build());
      }
      store.inTransaction(user, tx -> tx.append(events, ChangedKeys.none()));
      stored.put(user, events);
    }
    store.inTransaction("without-events", tx -> tx.append(List.of(), ChangedKeys.none()));
    List<String> users = List.of(withEvents.get(4), "without-events", withEvents.get(1), "unknown",
        withEvents.get(0), withEvents.get(3), withEvents.get(2));
    StatementLog log = new StatementLog(PG.dataSource());
    JdbiProgressStore logged = JdbiProgressStore.create(log.dataSource());
    Map<String, List<ProgressEvent>> replayed = new java.util.LinkedHashMap<>();

    logged.inBatch(users, RebuildUnits.of(tx -> {
      List<ProgressEvent> events = new ArrayList<>();
      tx.replay(events::add);
      replayed.put(tx.userId(), events);
    }));

    for (String user : users) {
      assertThat(replayed.get(user)).as(user).containsExactlyElementsOf(stored.getOrDefault(user, List.of()));
    }
    List<String> statements = log.take();
    assertThat(statements).filteredOn(s -> s.equals("unwrap PGConnection")).hasSize(1);
    assertThat(statements).noneMatch(s -> s.contains("FROM progress_events"));
    long events = PG.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM progress_events")
        .mapTo(Long.class).one());
    assertThat(events).isEqualTo(15L);
  }

  /**
   * A replay inside a replay's sink, or a unit that replays twice, needs the connection for a query of its own
   * while the batch's COPY holds it: the COPY is read to its end and dropped, the replay around the inner one
   * gets the rest of its user's events by a query, every later replay of the batch reads by a query of its own,
   * and the transaction goes on: the units' appends are all committed.
   */
  @Test
  void inBatch_replayingInsideOrTwiceUnderACopy_endsTheCopy_andTheBatchStillCommits() {
    JdbiProgressStore store = JdbiProgressStore.create(PG.dataSource());
    Map<String, List<ProgressEvent>> byUser = new Universe(4, 20).events().stream()
        .collect(Collectors.groupingBy(ProgressEvent::userId));
    byUser.forEach((user, events) -> store.inTransaction(user, tx -> tx.append(events, ChangedKeys.none())));
    List<String> users = List.of("user-2", "user-0", "user-3", "user-1");
    Map<String, Integer> replayed = new java.util.HashMap<>();

    store.inBatch(users, RebuildUnits.of(tx -> {
      int times = tx.userId().equals("user-0") ? 2 : 1;
      for (int i = 0; i < times; i++) {
        List<ProgressEvent> events = new ArrayList<>();
        tx.replay(e -> {
          events.add(e);
          if (tx.userId().equals("user-2") && events.size() == 2) {
            List<ProgressEvent> inner = new ArrayList<>(); // a replay inside the first replay, under the COPY
            tx.replay(inner::add);
            assertThat(inner).as("the replay inside").containsExactlyElementsOf(byUser.get("user-2"));
            replayed.merge("user-2", 1, Integer::sum);
          }
        });
        assertThat(events).as("replay %d of %s", i, tx.userId()).containsExactlyElementsOf(byUser.get(tx.userId()));
        replayed.merge(tx.userId(), 1, Integer::sum);
      }
      tx.append(List.of(ProgressEvent.builder().id("more").user(tx.userId()).time("s", 1).at(Universe.BASE)
          .build()), ChangedKeys.none());
    }));

    assertThat(replayed).containsExactlyInAnyOrderEntriesOf(Map.of("user-0", 2, "user-1", 1, "user-2", 2,
        "user-3", 1));
    assertThat(store.eventCounts()).containsExactlyInAnyOrderEntriesOf(Map.of("user-0", 21L, "user-1", 21L,
        "user-2", 21L, "user-3", 21L));
  }

  /**
   * The batch's COPY reads the users in the order given, each from the primary key in order, whatever
   * PostgreSQL would have guessed for a user with many rows: a nested loop over the users, never a sort (which
   * spills to disk past {@code work_mem}) nor a bitmap scan. The rows come in exactly that order.
   */
  @Test
  void replayOfABatch_readsThePrimaryKeyInTheUnitsOrder_withoutASort() throws Exception {
    trackTwentyUsersAndAnalyze();
    List<String> users = IntStream.range(0, 20).mapToObj(i -> "user-" + (i * 7 % 20)).toList();
    try (var c = PG.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (var ps = c.prepareStatement(PostgresWriter.REPLAY_SETTINGS)) {
        ps.setString(1, new JsonCodec().writeStrings(users));
        ps.execute();
      }
      List<String> plan = new ArrayList<>();
      try (var ps = c.prepareStatement("EXPLAIN " + EventCopy.REPLAY_QUERY); var rs = ps.executeQuery()) {
        while (rs.next()) {
          plan.add(rs.getString(1));
        }
      }
      List<String> order = new ArrayList<>();
      try (var ps = c.prepareStatement(EventCopy.REPLAY_QUERY); var rs = ps.executeQuery()) {
        while (rs.next()) {
          order.add(rs.getString(1));
        }
      }
      c.rollback();
      String shown = String.join("\n", plan);
      assertThat(plan.get(0)).as(shown).startsWith("Nested Loop");
      assertThat(plan).as(shown).anyMatch(line -> line.contains("Index Scan using progress_events_seq_pk"))
          .noneMatch(line -> line.contains("Sort") || line.contains("Bitmap"));
      assertThat(order.stream().distinct().toList()).isEqualTo(users);
      assertThat(order).hasSize(2000);
    }
  }

  /**
   * Without pgjdbc's copy API (another driver, or a pool that hides it) the batch's events are one query, and it
   * too reads the primary key in order: without the store's settings, the generic plan of the server-prepared
   * statement sorts every row.
   */
  @Test
  void replayOfABatchByQuery_readsThePrimaryKeyInOrder_withoutASort() throws Exception {
    trackTwentyUsersAndAnalyze();
    String[] users = IntStream.range(0, 20).mapToObj(i -> "user-" + i).sorted().toArray(String[]::new);
    try (var c = PG.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (var s = c.createStatement()) {
        s.execute("SET LOCAL plan_cache_mode = force_generic_plan"); // the plan the sixth run may get
      }
      Connection hidden = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            if (method.getName().equals("isWrapperFor")) {
              return false;
            }
            try {
              return method.invoke(c, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
      new PostgresWriter(new JsonCodec()).usersReplay(hidden, List.of(users), new StoredEvents(new JsonCodec()), 10)
          .close();
      List<String> plan = new ArrayList<>();
      try (var ps = c.prepareStatement("EXPLAIN " + SqlWriter.REPLAY_USERS)) {
        ps.setArray(1, c.createArrayOf("VARCHAR", users));
        try (var rs = ps.executeQuery()) {
          while (rs.next()) {
            plan.add(rs.getString(1));
          }
        }
      }
      c.rollback();
      assertThat(plan.get(0)).as(String.join("\n", plan)).startsWith("Index Scan using progress_events_seq_pk");
      assertThat(plan).noneMatch(line -> line.contains("Sort"));
    }
  }

  /**
   * A row another writer put at the position a batch's events take (a unique key the batch's event rows violate,
   * found only by the server) fails the batch's append and so the whole batch, which then runs user by user: the
   * user whose rows collide fails alone, the others are written once; once the row is gone, a retry writes the
   * failed user's events and finds the others' duplicates.
   */
  @Test
  void trackAll_whoseEventRowsViolateAUniqueKey_rollsBackAndWritesTheOtherUsersAlone() {
    HookedStore store = new HookedStore(JdbiProgressStore.create(PG.dataSource()));
    AtomicBoolean planted = new AtomicBoolean();
    store.beforeAppend(user -> {
      if (user.equals("user-1") && planted.compareAndSet(false, true)) {
        PG.jdbi().useHandle(h -> h.execute("INSERT INTO progress_events (user_id, seq, version, event_id, space_id,"
            + " event_type, event_value, occurred_at) VALUES ('user-1', 0, 1, 'planted', 'space-0', 'time', 5, now())"));
      }
    });
    List<ProgressEvent> events = new Universe(3, 4).events();

    BatchResult result = Universe.tracker(store).trackAll(events);

    assertThat(planted).isTrue();
    assertThat(result.results()).as("results").allSatisfy(r -> assertThat(r.isAccepted())
        .as(r.toString()).isEqualTo(!events.get(result.results().indexOf(r)).userId().equals("user-1")));
    assertThat(result.failed()).isEqualTo(4);
    List<String> stored = PG.jdbi().withHandle(h -> h.createQuery(
            "SELECT user_id || ':' || count(*) FROM progress_events GROUP BY user_id ORDER BY user_id")
        .mapTo(String.class).list());
    assertThat(stored).as("events per user").containsExactly("user-0:4", "user-1:1", "user-2:4");

    PG.jdbi().useHandle(h -> h.execute("DELETE FROM progress_events WHERE event_id = 'planted'"));
    BatchResult retry = Universe.tracker(JdbiProgressStore.create(PG.dataSource())).trackAll(events);
    assertThat(retry.accepted()).isEqualTo(4);
    assertThat(retry.duplicates()).isEqualTo(8);
    assertThat(Invariants.check(PG.jdbi())).isEqualTo(12);
  }

  /**
   * Two threads run batches of the same eight users, one giving them ascending and the other descending. A third
   * transaction holds user-4 while both start, so that each takes what locks it can and waits: had the store
   * locked users in the order given, one would hold user-0..3 and the other user-7..5 when user-4 is released,
   * and PostgreSQL would fail one of them as a deadlock. Then both run many more such batches freely.
   */
  @Test
  void inBatch_sameUsersInOppositeOrders_neverDeadlocks() throws Exception {
    JdbiProgressStore store = JdbiProgressStore.create(PG.dataSource());
    List<String> users = IntStream.range(0, 8).mapToObj(i -> "user-" + i).toList();
    store.inBatch(users, tx -> tx.append(List.of(time(tx.userId(), "first")), ChangedKeys.none()));
    long deadlocksBefore = deadlocks();
    int rounds = 30;
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (var blocker = PG.dataSource().getConnection()) {
      blocker.setAutoCommit(false);
      try (var lock = blocker.createStatement()) {
        lock.executeQuery("SELECT 1 FROM progress_users WHERE user_id = 'user-4' FOR UPDATE").close();
      }
      List<Future<Integer>> done = new ArrayList<>();
      for (boolean descending : new boolean[] {false, true}) {
        List<String> order = new ArrayList<>(users);
        if (descending) {
          java.util.Collections.reverse(order);
        }
        done.add(threads.submit(() -> {
          for (int round = 0; round < rounds; round++) {
            String id = (descending ? "d" : "a") + round;
            store.inBatch(order, tx -> {
              Thread.sleep(1); // hold the locks a little while, as a real unit would
              return tx.append(List.of(time(tx.userId(), id)), ChangedKeys.none());
            });
          }
          return rounds;
        }));
      }
      awaitBackends("wait_event_type = 'Lock'", 2);
      blocker.commit();
      for (Future<Integer> f : done) {
        assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(rounds);
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(deadlocks()).isEqualTo(deadlocksBefore);
    Map<String, Long> counts = store.eventCounts();
    for (String user : users) {
      assertThat(counts.get(user)).as(user).isEqualTo(2L * rounds + 1);
      assertThat(store.version(user)).as(user).isEqualTo(2L * rounds + 1);
    }
  }

  @Test
  void inBatch_aUserGivenTwice_isRefused() {
    JdbiProgressStore store = JdbiProgressStore.create(PG.dataSource());
    assertThatThrownBy(() -> store.inBatch(List.of("a", "b", "a"), tx -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("user 'a' is given twice in one batch");
  }

  /** Two JVMs track the same users, each batch spanning all of them, one JVM ascending and one descending. */
  @Test
  void twoJvms_batchesOfOverlappingUsersInOppositeOrders_finishWithExactCounts() throws Exception {
    Universe universe = new Universe(6, 60);
    long deadlocksBefore = deadlocks();
    WriterProcess up = WriterProcess.start(PG.url(), 1, universe, 3, "ascending");
    WriterProcess down = WriterProcess.start(PG.url(), 2, universe, 4, "descending");
    assertThat(up.await(180)).as("exit code; output tail %s", up.tail()).isZero();
    assertThat(down.await(180)).as("exit code; output tail %s", down.tail()).isZero();

    Set<String> all = ids(universe.events());
    assertThat(up.acknowledged()).isEqualTo(all);
    assertThat(down.acknowledged()).isEqualTo(all);
    List<String> accepted = new ArrayList<>(up.accepted());
    accepted.addAll(down.accepted());
    assertThat(accepted).as("each event accepted by exactly one writer").hasSize(all.size())
        .containsExactlyInAnyOrderElementsOf(all);
    assertThat(storedIds()).isEqualTo(all);
    assertThat(Invariants.check(PG.jdbi())).isEqualTo(all.size());
    assertThat(deadlocks()).isEqualTo(deadlocksBefore);
  }

  /**
   * A writer JVM dies in its third multi-user batch, after two users' units ran and before the commit: the
   * batch leaves nothing, everything acknowledged before is stored, and a second run completes the log exactly.
   */
  @Test
  void writerJvm_haltedInTheMiddleOfAMultiUserBatch_losesNothingAndDoublesNothingAfterARetry() throws Exception {
    Universe universe = new Universe(5, 30);
    WriterProcess halted = WriterProcess.start(PG.url(), 3, universe, 2, "ascending", "-Dwriter.haltInBatch=2");
    assertThat(halted.await(120)).as("exit code; output tail %s", halted.tail()).isEqualTo(137);
    assertThat(halted.lines()).anyMatch(l -> l.startsWith("HALT in a batch of 5 users after 2"));

    Set<String> acknowledged = halted.acknowledged();
    assertThat(acknowledged).as("the two batches before").hasSize(2 * 5 * 2);
    assertThat(storedIds()).isEqualTo(acknowledged);
    assertThat(Invariants.check(PG.jdbi())).isEqualTo(20);

    WriterProcess retry = WriterProcess.start(PG.url(), 4, universe, 2, "descending");
    assertThat(retry.await(120)).as("exit code; output tail %s", retry.tail()).isZero();
    assertThat(retry.accepted()).hasSize(150 - 20).doesNotContainAnyElementsOf(acknowledged);
    assertThat(storedIds()).isEqualTo(ids(universe.events()));
    assertThat(Invariants.check(PG.jdbi())).isEqualTo(150);
  }

  /**
   * A writer JVM killed from outside while its third batch's one append statement runs (a trigger holds it there
   * for three seconds): PostgreSQL rolls the batch back when it finds the client gone, everything acknowledged
   * before is stored, and a retry completes the log exactly.
   */
  @Test
  void writerJvm_killedWhileItsBatchIsBeingWritten_keepsNoneOfTheBatch() throws Exception {
    Universe universe = new Universe(4, 12);
    PG.jdbi().useHandle(h -> h.execute("""
        CREATE FUNCTION slow_batch() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM new_rows WHERE event_id = 'e-6')
             AND (SELECT COUNT(DISTINCT user_id) FROM new_rows) > 1 THEN
            PERFORM pg_sleep(3);
          END IF;
          RETURN NULL;
        END $$"""));
    PG.jdbi().useHandle(h -> h.execute("CREATE TRIGGER slow_batch AFTER INSERT ON progress_events"
        + " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION slow_batch()"));
    try {
      WriterProcess killed = WriterProcess.start(PG.url(), 5, universe, 3, "ascending");
      awaitBackends("wait_event = 'PgSleep'", 1);
      killed.kill();
      awaitBackends("state <> 'idle'", 0);
      PG.jdbi().useHandle(h -> h.execute("DROP TRIGGER slow_batch ON progress_events"));

      Set<String> acknowledged = killed.acknowledged();
      assertThat(acknowledged).as("the two batches before").hasSize(2 * 4 * 3);
      assertThat(storedIds()).isEqualTo(acknowledged);
      assertThat(Invariants.check(PG.jdbi())).isEqualTo(24);

      WriterProcess retry = WriterProcess.start(PG.url(), 6, universe, 3, "descending");
      assertThat(retry.await(120)).as("exit code; output tail %s", retry.tail()).isZero();
      assertThat(storedIds()).isEqualTo(ids(universe.events()));
      assertThat(Invariants.check(PG.jdbi())).isEqualTo(48);
    } finally {
      PG.jdbi().useHandle(h -> h.execute("DROP TRIGGER IF EXISTS slow_batch ON progress_events"));
      PG.jdbi().useHandle(h -> h.execute("DROP FUNCTION slow_batch()"));
    }
  }

  /** Tracks 20 users of 100 events each into the store and refreshes the planner's statistics of the events. */
  private static void trackTwentyUsersAndAnalyze() {
    List<ProgressEvent> events = new Universe(20, 100).events();
    assertThat(Universe.tracker(JdbiProgressStore.create(PG.dataSource())).trackAll(events).accepted())
        .isEqualTo(2000);
    PG.jdbi().useHandle(h -> h.execute("ANALYZE progress_events"));
  }

  /** Waits (up to a minute) until exactly {@code count} other backends of the database match {@code condition}. */
  private static void awaitBackends(String condition, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      int found = PG.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM pg_stat_activity"
              + " WHERE datname = current_database() AND pid <> pg_backend_pid() AND " + condition)
          .mapTo(Integer.class).one());
      if (found == count) {
        return;
      }
      assertThat(System.nanoTime()).as("backends with %s: %d, awaited %d", condition, found, count)
          .isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static long deadlocks() {
    return PG.jdbi().withHandle(h -> h.createQuery(
        "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()").mapTo(Long.class).one());
  }

  private static ProgressEvent time(String user, String id) {
    return ProgressEvent.builder().id(id).user(user).time("s1", 5).at(Universe.BASE).build();
  }

  private static Set<String> storedIds() {
    return new HashSet<>(PG.jdbi().withHandle(h -> h.createQuery(
        "SELECT user_id || ' ' || event_id FROM progress_events").mapTo(String.class).list()));
  }

  private static Set<String> ids(List<ProgressEvent> events) {
    return events.stream().map(e -> e.userId() + " " + e.id()).collect(Collectors.toSet());
  }
}
