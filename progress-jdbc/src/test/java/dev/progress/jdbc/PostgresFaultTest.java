package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.progress.core.BatchResult;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.core.StoreException;
import dev.progress.core.TrackResult;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a failure in the middle of a write leaves behind: nothing of the failed unit, everything acknowledged
 * before it, and a store whose next write succeeds. After each fault {@link Invariants} checks every stored
 * snapshot against a recomputation from the stored events.
 */
class PostgresFaultTest {
  @RegisterExtension static final PostgresDatabase PG = new PostgresDatabase();

  @BeforeEach
  void empty() {
    PG.truncate();
  }

  @Test
  void trackAll_connectionTerminatedMidBatch_failsOnlyThatUserAndRetrySucceeds() {
    HookedStore store = new HookedStore(JdbiProgressStore.create(PG.jdbi()));
    ProgressTracker tracker = Universe.tracker(store);
    Jdbi admin = Jdbi.create(PG.url());
    store.beforeAppend(userId -> {
      if (userId.equals("user-1")) {
        // The writer's connection holds user-1's row lock and waits for us: it is the one idle in transaction,
        // or, in a batch whose earlier units' events are streaming, the one in the middle of that COPY.
        int killed = admin.withHandle(h -> h.createQuery("""
                SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid()
                  AND (state = 'idle in transaction' OR query LIKE 'COPY progress_events %')) AS t""")
            .mapTo(Integer.class).one());
        assertThat(killed).isEqualTo(1);
      }
    });
    List<ProgressEvent> events = new Universe(3, 12).events();

    BatchResult result = tracker.trackAll(events);

    for (int i = 0; i < events.size(); i++) {
      TrackResult r = result.results().get(i);
      assertThat(r.status()).as(events.get(i).userId())
          .isEqualTo(events.get(i).userId().equals("user-1") ? TrackResult.Status.FAILED : TrackResult.Status.ACCEPTED);
    }
    assertThat(storedIds()).isEqualTo(ids(events.stream().filter(e -> !e.userId().equals("user-1")).toList()));
    Invariants.check(PG.jdbi());

    store.beforeAppend(userId -> {});
    BatchResult retry = tracker.trackAll(events);
    assertThat(retry.accepted()).isEqualTo(12);
    assertThat(retry.duplicates()).isEqualTo(24);
    assertThat(Invariants.check(PG.jdbi())).isEqualTo(36);
  }

  @Test
  void trackAll_statementFailingInTheMiddleOfTheEventInsert_keepsNoneOfThatUser() {
    // A trigger that fails on one row in the middle of the user's multi-row insert.
    PG.jdbi().useHandle(h -> h.execute("""
        CREATE FUNCTION fail_on_poison() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.event_id = 'e-5' AND NEW.user_id = 'user-0' THEN RAISE EXCEPTION 'poisoned row'; END IF;
          RETURN NEW;
        END $$"""));
    PG.jdbi().useHandle(h -> h.execute(
        "CREATE TRIGGER poison BEFORE INSERT ON progress_events FOR EACH ROW EXECUTE FUNCTION fail_on_poison()"));
    try {
      ProgressTracker tracker = Universe.tracker(JdbiProgressStore.create(PG.jdbi()));
      List<ProgressEvent> events = new Universe(2, 10).events();

      BatchResult result = tracker.trackAll(events);

      assertThat(result.failed()).isEqualTo(10);
      assertThat(result.accepted()).isEqualTo(10);
      assertThat(result.results().get(0).reason()).contains("poisoned row").doesNotContain("arguments:");
      assertThat(storedIds()).isEqualTo(ids(events.subList(10, 20)));
      Invariants.check(PG.jdbi());

      PG.jdbi().useHandle(h -> h.execute("DROP TRIGGER poison ON progress_events"));
      assertThat(tracker.trackAll(events).accepted()).isEqualTo(10);
      assertThat(Invariants.check(PG.jdbi())).isEqualTo(20);
    } finally {
      PG.jdbi().useHandle(h -> h.execute("DROP TRIGGER IF EXISTS poison ON progress_events"));
      PG.jdbi().useHandle(h -> h.execute("DROP FUNCTION fail_on_poison()"));
    }
  }

  @Test
  void track_snapshotWriteFailingAfterTheEventsWentIn_keepsNeitherEventNorSnapshot() {
    PG.jdbi().useHandle(h -> h.execute("""
        CREATE FUNCTION fail_on_skill() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.level = 'skill' THEN RAISE EXCEPTION 'no skills today'; END IF;
          RETURN NEW;
        END $$"""));
    PG.jdbi().useHandle(h -> h.execute(
        "CREATE TRIGGER no_skills BEFORE INSERT ON progress_snapshots FOR EACH ROW EXECUTE FUNCTION fail_on_skill()"));
    try {
      ProgressTracker tracker = Universe.tracker(JdbiProgressStore.create(PG.jdbi()));
      ProgressEvent plain = Universe.event(0, 3);
      ProgressEvent withSkill = Universe.event(0, 0);
      assertThat(tracker.track(plain).isAccepted()).isTrue();

      assertThatThrownBy(() -> tracker.track(withSkill))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("no skills today");

      assertThat(storedIds()).containsExactly("user-0 e-3");
      Invariants.check(PG.jdbi());
      PG.jdbi().useHandle(h -> h.execute("DROP TRIGGER no_skills ON progress_snapshots"));
      assertThat(tracker.track(withSkill).isAccepted()).isTrue();
      assertThat(Invariants.check(PG.jdbi())).isEqualTo(2);
    } finally {
      PG.jdbi().useHandle(h -> h.execute("DROP TRIGGER IF EXISTS no_skills ON progress_snapshots"));
      PG.jdbi().useHandle(h -> h.execute("DROP FUNCTION fail_on_skill()"));
    }
  }

  @Test
  void track_databaseStoppedAndRestarted_losesNothingAcknowledgedAndResumes(@TempDir Path dir) throws Exception {
    Path data = Files.createDirectories(dir.resolve("pgdata"));
    int port = freePort();
    EmbeddedPostgres server = start(data, port);
    Jdbi.create(server.getPostgresDatabase()).useHandle(h -> h.execute("CREATE DATABASE restarted"));
    try (HikariDataSource pool = PostgresDatabase.pool(port, "restarted", 2)) {
      pool.setConnectionTimeout(1_000);
      Jdbi jdbi = Jdbi.create(pool);
      ProgressSchema.install(jdbi);
      ProgressTracker tracker = Universe.tracker(JdbiProgressStore.create(jdbi));
      List<ProgressEvent> events = new Universe(2, 30).events();
      List<ProgressEvent> first = events.subList(0, 20);
      assertThat(tracker.trackAll(first).accepted()).isEqualTo(20);

      server.close();
      BatchResult whileDown = tracker.trackAll(events.subList(20, 40));
      assertThat(whileDown.failed()).isEqualTo(20);

      server = start(data, port);
      BatchResult after = tracker.trackAll(events);
      assertThat(after.duplicates()).isEqualTo(20);
      assertThat(after.accepted()).isEqualTo(40);
      assertThat(Invariants.check(jdbi)).isEqualTo(60);
    } finally {
      server.close();
    }
  }

  @Test
  void writerJvm_killedAtRandomPoints_losesNothingAcknowledgedAndNextRunCompletes() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Universe universe = new Universe(3, 60);
    Set<String> acknowledged = new HashSet<>();
    for (int round = 0; round < 3; round++) {
      WriterProcess writer = WriterProcess.start(PG.url(), random.nextLong(), universe, 5);
      assertThat(writer.awaitReady(60)).as("writer started (seed %d)", seed).isTrue();
      Thread.sleep(100 + random.nextInt(700));
      writer.kill();
      acknowledged.addAll(writer.acknowledged());
      assertThat(storedIds()).as("acknowledged events are stored (seed %d)", seed).containsAll(acknowledged);
      Invariants.check(PG.jdbi());
    }
    assertThat(acknowledged).as("events acknowledged before the kills (seed %d)", seed).isNotEmpty();

    WriterProcess last = WriterProcess.start(PG.url(), random.nextLong(), universe, 5);
    assertThat(last.await(120)).as("exit code (seed %d), tail %s", seed, last.tail()).isZero();
    assertThat(Invariants.check(PG.jdbi())).isEqualTo(180);
    assertThat(storedIds()).isEqualTo(ids(universe.events()));
  }


  private static Set<String> storedIds() {
    return new HashSet<>(PG.jdbi().withHandle(h -> h.createQuery(
        "SELECT user_id || ' ' || event_id FROM progress_events").mapTo(String.class).list()));
  }

  private static Set<String> ids(List<ProgressEvent> events) {
    return events.stream().map(e -> e.userId() + " " + e.id()).collect(Collectors.toSet());
  }

  private static EmbeddedPostgres start(Path data, int port) throws IOException {
    return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
