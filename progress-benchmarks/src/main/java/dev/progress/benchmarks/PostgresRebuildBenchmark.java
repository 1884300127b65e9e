package dev.progress.benchmarks;

import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.jdbc.JdbiProgressStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.UUID;
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
 * each user's events from PostgreSQL, recompute, write the snapshots) against the least I/O any rebuild must do
 * ({@link #rawReplayAndWrite}): one pgjdbc pass that streams the same event rows in replay order (fetch size
 * 1,000, autocommit off, every column the store's replay reads) and writes, in one {@code reWriteBatchedInserts}
 * batch, as many {@code progress_snapshots} rows as one {@code rebuildAll} writes. Those rows are the store's
 * own, every column of them (read back in setup after a rebuild, so that they follow the schema), written for
 * users of their own ({@code raw-<user>}) with the next version, so that every call writes the same amount.
 * {@value #USERS} users with {@code eventsPerUser} events each. A plain {@code GROUP BY} scan of the events is
 * kept for information ({@link #rawGroupBy}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class PostgresRebuildBenchmark {
  static final int USERS = 20;
  static final int FETCH_SIZE = 1000;
  static final String GROUP_BY = "SELECT user_id, space_id, event_type, count(*), sum(event_value)"
      + " FROM progress_events GROUP BY user_id, space_id, event_type";
  /** What the store's replay reads of each event, for all users at once, in replay order. */
  static final String REPLAY = "SELECT user_id, event_id, space_id, goal_id, item_id, event_type, event_value,"
      + " occurred_at, occurred_at_ns, metadata FROM progress_events ORDER BY user_id, seq";
  /** The snapshot rows the last write of each user wrote: those at the user's version. */
  static final String LATEST = "(t.user_id, t.version) IN (SELECT user_id, version FROM progress_users)";

  @Param({"2000"})
  public int eventsPerUser;

  Postgres.Database db;
  ProgressTracker tracker;
  /** The rows the raw pass writes: the store's rows of one rebuild, with users of their own. */
  StoredRows snapshots;
  Object[][] rawRows;
  String insert;
  int versionColumn;
  /** {@code id} of the V1 schema (a random UUID per row, as the store writes it), -1 without it. */
  int idColumn;
  long rawVersion;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    db = Postgres.create("rebuild");
    tracker = ProgressTracker.builder().store(JdbiProgressStore.create(db.pool)).build();
    for (int u = 0; u < USERS; u++) {
      ProgressEvent[] events = Workload.userEvents(Workload.userId(u), 0, eventsPerUser);
      for (int i = 0; i < events.length; i += 1000) {
        tracker.trackAll(Arrays.asList(events).subList(i, Math.min(events.length, i + 1000)));
      }
    }
    // How many snapshot rows a rebuild writes (those at the version it gives each user), twice: a benchmark of a
    // rebuild whose work changes from one call to the next would measure nothing steady.
    tracker.rebuildAll();
    long first = latestRows();
    long before = rows();
    long versions = count("SELECT sum(version) FROM progress_users");
    tracker.rebuildAll();
    long second = latestRows();
    long added = rows() - before;
    long advanced = count("SELECT sum(version) FROM progress_users") - versions;
    if (advanced != USERS) {
      throw new IllegalStateException("rebuildAll of " + USERS + " users advanced their versions by " + advanced
          + " in all: the rows it writes cannot be told by their version, count them another way here");
    }
    if (first != second || second == 0) {
      throw new IllegalStateException("rebuildAll wrote " + first + " and then " + second
          + " snapshot rows at the users' versions; the raw pass needs a steady, positive number");
    }
    try (Connection c = db.pool.getConnection()) {
      snapshots = StoredRows.read(c, "progress_snapshots", LATEST, "user_id, level, subject_id");
    }
    int userColumn = snapshots.require("user_id");
    versionColumn = snapshots.require("version");
    idColumn = snapshots.index("id");
    rawRows = new Object[snapshots.size()][];
    for (int i = 0; i < rawRows.length; i++) {
      rawRows[i] = snapshots.copy(i);
      rawRows[i][userColumn] = "raw-" + rawRows[i][userColumn];
    }
    insert = snapshots.insert();
    System.out.printf("rebuildAll of %d users x %d events writes %d snapshot rows (adds %d to progress_snapshots)%n",
        USERS, eventsPerUser, second, added);
    db.jdbi.useHandle(h -> h.execute("VACUUM ANALYZE"));
  }

  private long latestRows() {
    return count("SELECT count(*) FROM progress_snapshots t WHERE " + LATEST);
  }

  private long rows() {
    return count("SELECT count(*) FROM progress_snapshots");
  }

  private long count(String sql) {
    return db.jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
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

  /** The floor of {@link #rebuildAll}: stream every event row once, write the same number of snapshot rows. */
  @Benchmark
  public long rawReplayAndWrite() throws Exception {
    long version = ++rawVersion;
    long events = 0;
    try (Connection c = db.pool.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(REPLAY)) {
        ps.setFetchSize(FETCH_SIZE);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rs.getString(1);
            rs.getString(2);
            rs.getString(3);
            rs.getString(4);
            rs.getString(5);
            rs.getString(6);
            rs.getDouble(7);
            rs.getObject(8, OffsetDateTime.class);
            rs.getShort(9);
            rs.getString(10);
            events++;
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(insert)) {
        for (Object[] row : rawRows) {
          row[versionColumn] = version;
          if (idColumn >= 0) {
            row[idColumn] = UUID.randomUUID();
          }
          snapshots.bind(ps, row);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
    }
    if (events != (long) USERS * eventsPerUser) {
      throw new IllegalStateException("streamed " + events + " events, expected " + USERS * eventsPerUser);
    }
    return events;
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
