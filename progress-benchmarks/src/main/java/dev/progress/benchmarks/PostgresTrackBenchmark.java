package dev.progress.benchmarks;

import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.core.TrackResult;
import dev.progress.jdbc.JdbiProgressStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Target 4: tracking one event on PostgreSQL (lock the user, check the version, append the event, its snapshots
 * and history rows, commit) against the least a hand-written service would do: one transaction with an INSERT of
 * the event row and an upsert of one current-progress row. The user's earlier events are cached by the tracker,
 * as in a long-running service. Each call makes its event (about a microsecond, on both sides).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class PostgresTrackBenchmark {
  static final String UPSERT = """
      INSERT INTO progress_current (user_id, level, subject_id, snapshot_id, version, goal_id, total, components,
                                    rules_version, recorded_at, recorded_at_ns)
      VALUES (?, 'space', ?, ?, ?, ?, ?, ?::jsonb, 'raw', ?, 0)
      ON CONFLICT (user_id, level, subject_id) DO UPDATE SET
        snapshot_id = EXCLUDED.snapshot_id, version = EXCLUDED.version, goal_id = EXCLUDED.goal_id,
        total = EXCLUDED.total, components = EXCLUDED.components, recorded_at = EXCLUDED.recorded_at""";

  Postgres.Database db;
  ProgressTracker tracker;
  long next;
  long rawNext;

  @Setup(Level.Trial)
  public void setUp() {
    db = Postgres.create("track");
    tracker = ProgressTracker.builder().store(JdbiProgressStore.create(db.jdbi)).build();
  }

  @TearDown(Level.Trial)
  public void close() {
    db.close();
  }

  @Benchmark
  public TrackResult track() {
    TrackResult result = tracker.track(Workload.event("track", next++));
    if (result.status() != TrackResult.Status.ACCEPTED) {
      throw new IllegalStateException("not accepted: " + result);
    }
    return result;
  }

  @Benchmark
  public long rawInsertAndUpsert() throws Exception {
    long n = rawNext++;
    ProgressEvent e = Workload.event("raw", n);
    try (Connection c = db.pool.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement(RawEvents.INSERT);
          PreparedStatement upsert = c.prepareStatement(UPSERT)) {
        RawEvents.bind(insert, e, n, n + 1);
        insert.executeUpdate();
        upsert.setString(1, e.userId());
        upsert.setString(2, e.spaceId());
        upsert.setObject(3, UUID.randomUUID());
        upsert.setLong(4, n + 1);
        upsert.setString(5, e.goalId());
        upsert.setDouble(6, e.value() * 0.4);
        upsert.setString(7, "{\"task\": " + e.value() + ", \"time\": 0, \"milestone\": 0, \"interaction\": 0}");
        upsert.setTimestamp(8, Timestamp.from(Instant.now()));
        upsert.executeUpdate();
      }
      c.commit();
    }
    return n;
  }
}
