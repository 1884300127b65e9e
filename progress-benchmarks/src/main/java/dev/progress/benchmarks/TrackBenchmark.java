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
 * <p>Every event must be new to its user (a repeat would take the cheaper duplicate path). The tracker starts with
 * {@value #WARM} events for each user (so the creation of a user's state is not what is measured) and walks
 * {@value #POOL} pre-created events, then starts over with a fresh tracker; each user's history stays between
 * 20 and about 1000 events. History length is {@link HistoryBenchmark}'s subject.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class TrackBenchmark {
  static final int USERS = 1000;
  /** Events each user has before an iteration starts, so the measured events are not each user's first. */
  static final int WARM = 20;
  static final int POOL = 1_000_000;
  /** The smoke test shrinks the pool through this property; benchmark runs never set it. */
  static final String POOL_PROPERTY = "progress.benchmarks.trackPool";

  private ProgressEvent[] warm = new ProgressEvent[0];
  private ProgressEvent[] events = new ProgressEvent[0];
  private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    warm = new ProgressEvent[USERS * WARM];
    events = new ProgressEvent[Integer.getInteger(POOL_PROPERTY, POOL)];
    for (int k = 0; k < warm.length; k++) {
      warm[k] = Workload.event(Workload.userId(k % USERS), k / USERS);
    }
    for (int k = 0; k < events.length; k++) {
      events[k] = Workload.event(Workload.userId(k % USERS), WARM + k / USERS);
    }
    for (int u = 0; u < USERS; u++) {
      counters.put(Workload.userId(u), new LongAdder());
    }
  }

  /**
   * The tracker, its users already holding {@value #WARM} events each. It is replaced (and warmed again) only
   * when the pool is used up, inside the measured region: a setup per iteration would count its allocations
   * in {@code gc.alloc.rate.norm}, while a rare replacement adds a few bytes per event at most.
   */
  @State(Scope.Thread)
  public static class Tracker {
    ProgressTracker tracker = ProgressTracker.inMemory();

    @Setup(Level.Trial)
    public void warm(TrackBenchmark b) {
      b.reset(this);
    }
  }

  void reset(Tracker t) {
    t.tracker = ProgressTracker.inMemory();
    t.tracker.trackAll(java.util.Arrays.asList(warm));
    next = 0;
  }

  @Benchmark
  public TrackResult track(Tracker t) {
    if (next == events.length) {
      reset(t); // once per pool: timed, but rare
    }
    return t.tracker.track(events[next++]);
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
