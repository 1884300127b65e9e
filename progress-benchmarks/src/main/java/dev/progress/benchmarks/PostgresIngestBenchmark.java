package dev.progress.benchmarks;

import dev.progress.core.BatchResult;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.jdbc.JdbiProgressStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Target 3: ingesting 1000-event batches through the tracker and the PostgreSQL store (idempotency checked,
 * every touched snapshot written exactly) against writing the same bare event rows with pgjdbc in one
 * transaction, as a {@code reWriteBatchedInserts} batch and as COPY. Both sides spread a batch over
 * {@code users} users the same way (event {@code i} goes to user {@code i % users}, each user's log continuing
 * where the last batch left it), so every batch is new to the database: fresh event ids, the next positions in
 * each user's log, one more version. Scores are per event. Each batch is made before the measured call (untimed).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(PostgresIngestBenchmark.BATCH)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class PostgresIngestBenchmark {
  static final int BATCH = 1000;

  @State(Scope.Benchmark)
  public static class Db {
    Postgres.Database db;

    @Setup(Level.Trial)
    public void open() {
      db = Postgres.create("ingest");
    }

    @TearDown(Level.Trial)
    public void close() {
      db.close();
    }
  }

  /** The next batch of {@code users} users, each user's events continuing its stream. */
  abstract static class Batches {
    long[] next;
    ProgressEvent[] batch;
    /** Each event's position in its user's log. */
    long[] seqs;

    void start(int users) {
      next = new long[users];
    }

    void nextBatch(String prefix, int users) {
      batch = new ProgressEvent[BATCH];
      seqs = new long[BATCH];
      for (int i = 0; i < BATCH; i++) {
        int u = i % users;
        seqs[i] = next[u]++;
        batch[i] = Workload.event(prefix + "-" + users + "-" + u, seqs[i]);
      }
    }
  }

  /** The tracker's side. */
  @State(Scope.Thread)
  public static class Store extends Batches {
    @Param({"1", "10"})
    public int users;

    ProgressTracker tracker;

    @Setup(Level.Trial)
    public void setUp(Db db) {
      tracker = ProgressTracker.builder().store(JdbiProgressStore.create(db.db.pool)).build();
      start(users);
    }

    @Setup(Level.Invocation)
    public void nextBatch() {
      nextBatch("ingest", users);
    }
  }

  /** The raw side: the same rows for users of its own. */
  @State(Scope.Thread)
  public static class Raw extends Batches {
    @Param({"1", "10"})
    public int users;

    RawEvents rows;
    long version;

    @Setup(Level.Trial)
    public void setUp(Db db) throws SQLException {
      rows = RawEvents.of(db.db.pool);
      start(users);
    }

    @Setup(Level.Invocation)
    public void nextBatch() {
      nextBatch("raw", users);
    }
  }

  @Benchmark
  public BatchResult storeBatch(Store s) {
    BatchResult result = s.tracker.trackAll(Arrays.asList(s.batch));
    if (result.accepted() != BATCH) {
      throw new IllegalStateException("expected " + BATCH + " accepted, got " + result);
    }
    return result;
  }

  @Benchmark
  public long rawBatchInsert(Db db, Raw r) throws Exception {
    try (Connection c = db.db.pool.getConnection()) {
      r.rows.batchInsert(c, r.batch, r.seqs, ++r.version);
    }
    return r.version;
  }

  @Benchmark
  public long rawCopy(Db db, Raw r) throws Exception {
    long rows;
    try (Connection c = db.db.pool.getConnection()) {
      rows = r.rows.copy(c, r.batch, r.seqs, ++r.version);
    }
    if (rows != BATCH) {
      throw new IllegalStateException("expected " + BATCH + " rows copied, got " + rows);
    }
    return rows;
  }
}
