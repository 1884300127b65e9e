package dev.progress.benchmarks;

import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.core.TrackResult;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Target 1: in-memory {@code track} of one event against the least a tracker could do, a
 * {@link ConcurrentHashMap} lookup of the user's counter plus {@link LongAdder#add}. Both walk the same
 * pre-created events (1000 users, so the user lookup is a real one), so the measured region allocates only
 * what the engine allocates; run with {@code -prof gc} for the bytes per event.
 *
 * <p>Every event must be new to its user (a repeat would take the cheaper duplicate path), so after the
 * {@value #POOL} pre-created events the tracker is replaced by an empty one; each user's history then stays
 * between 0 and {@value #POOL} / {@value #USERS} events. History length is {@link HistoryBenchmark}'s subject.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class TrackBenchmark {
  static final int USERS = 1000;
  static final int POOL = 200_000;

  private ProgressEvent[] events = new ProgressEvent[0];
  private ProgressTracker tracker = ProgressTracker.inMemory();
  private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    events = Workload.manyUsers(USERS, POOL);
    for (int u = 0; u < USERS; u++) {
      counters.put(Workload.userId(u), new LongAdder());
    }
    tracker = ProgressTracker.inMemory();
    next = 0;
  }

  @Benchmark
  public TrackResult track() {
    if (next == events.length) {
      tracker = ProgressTracker.inMemory();
      next = 0;
    }
    return tracker.track(events[next++]);
  }

  /** The raw baseline: find the user's counter, count the event. */
  @Benchmark
  public void rawBaseline() {
    if (next == events.length) {
      next = 0;
    }
    counters.get(events[next++].userId()).add(1);
  }
}
