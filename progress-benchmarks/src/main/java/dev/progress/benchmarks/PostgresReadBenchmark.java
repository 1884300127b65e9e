package dev.progress.benchmarks;

import dev.progress.core.Progress;
import dev.progress.core.ProgressKey;
import dev.progress.core.ProgressTracker;
import dev.progress.jdbc.JdbiProgressStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
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
 * Target 5: a user's current space progress read through the tracker and the PostgreSQL store (the key's latest
 * history row, one backward descent of the primary key of {@code progress_snapshots} since schema version 4,
 * components decoded into a {@link Progress}) against a primary-key SELECT of the same columns through pgjdbc from
 * {@code raw_current}, a table of the raw side's own holding each key's latest figure under the primary key
 * (user, level, subject) ({@link StoredRows#createLatestFigures}; the store's {@code progress_current} until
 * version 4): a connection from the same pool, a prepared statement (pgjdbc's per-connection cache makes it
 * server-prepared after a few uses, as it does the store's), every column fetched with the type the store reads
 * it as. The columns exist in every schema version.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class PostgresReadBenchmark {
  static final String SELECT = "SELECT level, subject_id, goal_id, total, components, rules_version, recorded_at,"
      + " recorded_at_ns FROM raw_current WHERE user_id = ? AND level = ? AND subject_id = ?";
  static final ProgressKey KEY = ProgressKey.space("reader", "s7");

  Postgres.Database db;
  ProgressTracker tracker;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    db = Postgres.create("read");
    tracker = ProgressTracker.builder().store(JdbiProgressStore.create(db.pool)).build();
    tracker.trackAll(Arrays.asList(Workload.userEvents(KEY.userId(), 0, 1000)));
    if (tracker.progress(KEY).total() <= 0) {
      throw new IllegalStateException("nothing to read for " + KEY);
    }
    try (Connection c = db.pool.getConnection()) {
      StoredRows.createLatestFigures(c, "raw_current");
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    db.close();
  }

  @Benchmark
  public Progress progress() {
    return tracker.progress(KEY);
  }

  @Benchmark
  public double rawSelect() throws Exception {
    try (Connection c = db.pool.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT)) {
      ps.setString(1, KEY.userId());
      ps.setString(2, KEY.level().jsonName());
      ps.setString(3, KEY.id());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no row for " + KEY);
        }
        rs.getString(1);
        rs.getString(2);
        rs.getString(3);
        double total = rs.getDouble(4);
        rs.getString(5);
        rs.getString(6);
        rs.getObject(7, OffsetDateTime.class);
        rs.getShort(8);
        return total;
      }
    }
  }
}
