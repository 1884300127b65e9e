package dev.progress.benchmarks;

import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.jdbc.JdbiProgressStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Target 6: rebuilding every snapshot from the stored events ({@link ProgressTracker#rebuildAll()}: replay
 * each user's events from PostgreSQL, recompute, write the snapshots) against one plain {@code GROUP BY} scan of
 * the same events (count and sum per user, space and type), read to the end. {@value #USERS} users with
 * {@code eventsPerUser} events each.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class PostgresRebuildBenchmark {
  static final int USERS = 20;
  static final String GROUP_BY = "SELECT user_id, space_id, event_type, count(*), sum(event_value)"
      + " FROM progress_events GROUP BY user_id, space_id, event_type";

  @Param({"2000"})
  public int eventsPerUser;

  Postgres.Database db;
  ProgressTracker tracker;

  @Setup(Level.Trial)
  public void setUp() {
    db = Postgres.create("rebuild");
    tracker = ProgressTracker.builder().store(JdbiProgressStore.create(db.jdbi)).build();
    for (int u = 0; u < USERS; u++) {
      ProgressEvent[] events = Workload.userEvents(Workload.userId(u), 0, eventsPerUser);
      for (int i = 0; i < events.length; i += 1000) {
        tracker.trackAll(Arrays.asList(events).subList(i, Math.min(events.length, i + 1000)));
      }
    }
    db.jdbi.useHandle(h -> h.execute("VACUUM ANALYZE"));
  }

  @TearDown(Level.Trial)
  public void close() {
    db.close();
  }

  @Benchmark
  public int rebuildAll() {
    tracker.rebuildAll();
    return USERS;
  }

  @Benchmark
  public double rawGroupBy() throws Exception {
    double sum = 0;
    try (Connection c = db.pool.getConnection(); PreparedStatement ps = c.prepareStatement(GROUP_BY);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rs.getString(1);
        rs.getString(2);
        rs.getString(3);
        sum += rs.getLong(4) + rs.getDouble(5);
      }
    }
    return sum;
  }
}
