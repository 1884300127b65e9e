package dev.progress.benchmarks;

import dev.progress.core.BatchResult;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.jdbc.JdbiProgressStore;
import java.sql.Connection;
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
 * every touched snapshot written exactly) against writing the same bare event rows with pgjdbc, as a
 * {@code reWriteBatchedInserts} batch and as COPY. Scores are per event. Each batch is made before the measured
 * call (untimed); every batch is new to the database.
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

  /** The tracker's side: {@code users} users per batch, each user's events continuing its stream. */
  @State(Scope.Thread)
  public static class Store {
    @Param({"1", "10"})
    public int users;

    ProgressTracker tracker;
    long[] next;
    int batches;
    java.util.List<ProgressEvent> batch;

    @Setup(Level.Trial)
    public void setUp(Db db) {
      tracker = ProgressTracker.builder().store(JdbiProgressStore.create(db.db.jdbi)).build();
      next = new long[users];
    }

    @Setup(Level.Invocation)
    public void nextBatch() {
      ProgressEvent[] events = new ProgressEvent[BATCH];
      for (int i = 0; i < BATCH; i++) {
        int u = i % users;
        events[i] = Workload.event("ingest-" + users + "-" + u, next[u]++);
      }
      batch = Arrays.asList(events);
      batches++;
    }
  }

  /** The raw side: one user's rows, its log positions continuing. */
  @State(Scope.Thread)
  public static class Raw {
    ProgressEvent[] batch;
    long seq;
    long version;

    @Setup(Level.Invocation)
    public void nextBatch() {
      batch = Workload.userEvents("raw", seq, seq + BATCH);
    }
  }

  @Benchmark
  public BatchResult storeBatch(Store s) {
    BatchResult result = s.tracker.trackAll(s.batch);
    if (result.accepted() != BATCH) {
      throw new IllegalStateException("expected " + BATCH + " accepted, got " + result);
    }
    return result;
  }

  @Benchmark
  public long rawBatchInsert(Db db, Raw r) throws Exception {
    try (Connection c = db.db.pool.getConnection()) {
      RawEvents.batchInsert(c, r.batch, r.seq, ++r.version);
    }
    r.seq += BATCH;
    return r.seq;
  }

  @Benchmark
  public long rawCopy(Db db, Raw r) throws Exception {
    long rows;
    try (Connection c = db.db.pool.getConnection()) {
      rows = RawEvents.copy(c, r.batch, r.seq, ++r.version);
    }
    r.seq += BATCH;
    return rows;
  }
}
