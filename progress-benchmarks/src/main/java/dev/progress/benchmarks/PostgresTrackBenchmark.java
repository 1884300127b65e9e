package dev.progress.benchmarks;

import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.core.TrackResult;
import dev.progress.jdbc.JdbiProgressStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
 * the event row and an upsert of one current-progress row. The raw rows are the store's: the event row as the
 * store writes it ({@link RawEvents}), and the figure row the store wrote for a space after one tracked event,
 * every column of it (read back in setup, so that it follows the schema), upserted with the event's user, space,
 * goal and the next version into {@code raw_current}, a table of the raw side's own keyed by (user, level,
 * subject) ({@link StoredRows#createLatestFigures}; the store's {@code progress_current} until schema version 4).
 * The user's earlier events are cached by the tracker, as in a long-running service. Each call makes its event
 * (about a microsecond, on both sides); every event is new.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class PostgresTrackBenchmark {
  Postgres.Database db;
  ProgressTracker tracker;
  long next;
  RawEvents events;
  StoredRows current;
  String upsert;
  int userColumn;
  int subjectColumn;
  int goalColumn;
  int versionColumn;
  /** {@code id} of the V1 schema (a random UUID per row, as the store writes it), -1 without it. */
  int snapshotIdColumn;
  long rawNext;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    db = Postgres.create("track");
    tracker = ProgressTracker.builder().store(JdbiProgressStore.create(db.pool)).build();
    track();
    events = RawEvents.of(db.pool);
    try (Connection c = db.pool.getConnection()) {
      StoredRows.createLatestFigures(c, "raw_current");
      current = StoredRows.read(c, "raw_current", "user_id = ? AND level = 'space'", "subject_id", "track");
    }
    if (current.size() != 1) {
      throw new IllegalStateException("expected one space row of user 'track' after one event, got " + current.size());
    }
    upsert = current.upsert("user_id", "level", "subject_id");
    userColumn = current.require("user_id");
    subjectColumn = current.require("subject_id");
    goalColumn = current.require("goal_id");
    versionColumn = current.require("version");
    snapshotIdColumn = current.index("id");
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
    Object[] row = current.copy(0);
    row[userColumn] = e.userId();
    row[subjectColumn] = e.spaceId();
    row[goalColumn] = e.goalId();
    row[versionColumn] = n + 1;
    if (snapshotIdColumn >= 0) {
      row[snapshotIdColumn] = UUID.randomUUID();
    }
    try (Connection c = db.pool.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement(events.insert);
          PreparedStatement up = c.prepareStatement(upsert)) {
        events.bind(insert, e, n, n + 1);
        insert.executeUpdate();
        current.bind(up, row);
        up.executeUpdate();
      }
      c.commit();
    }
    return n;
  }
}
