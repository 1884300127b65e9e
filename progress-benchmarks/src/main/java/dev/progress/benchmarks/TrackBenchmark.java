package dev.progress.benchmarks;

import dev.progress.core.BatchResult;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.core.TrackResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Target 1: in-memory {@code track} of one event, and {@code trackAll} of 1,000 events spread over 1,000 users,
 * each against the {@link FloorTracker}, the least a tracker of the model must do, on the same events. Also the
 * raw {@link ConcurrentHashMap} lookup of the user's counter plus {@link LongAdder#add}, kept as information: it
 * does none of the model's work, so it is no bound. All walk the same pre-created events (1000 users, so the
 * user lookup is a real one), so the measured region allocates only what the tracker allocates; run with
 * {@code -prof gc} for the bytes per event.
 *
 * <p>Every event must be new to its user (a repeat would take the cheaper duplicate path). A tracker starts with
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
  /** Events per {@code trackAll}: one for each of the {@value #USERS} users. */
  static final int BATCH = USERS;
  /** The smoke test shrinks the pool through this property; benchmark runs never set it. */
  static final String POOL_PROPERTY = "progress.benchmarks.trackPool";

  private ProgressEvent[] warm = new ProgressEvent[0];
  private ProgressEvent[] events = new ProgressEvent[0];
  /** The pool in slices of {@value #BATCH} consecutive events, one per user, made outside the measured region. */
  private List<List<ProgressEvent>> batches = List.of();
  private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    warm = new ProgressEvent[USERS * WARM];
    events = new ProgressEvent[Integer.getInteger(POOL_PROPERTY, POOL) / BATCH * BATCH];
    for (int k = 0; k < warm.length; k++) {
      warm[k] = Workload.event(Workload.userId(k % USERS), k / USERS);
    }
    for (int k = 0; k < events.length; k++) {
      events[k] = Workload.event(Workload.userId(k % USERS), WARM + k / USERS);
    }
    List<ProgressEvent> all = Arrays.asList(events);
    List<List<ProgressEvent>> slices = new ArrayList<>();
    for (int k = 0; k < events.length; k += BATCH) {
      slices.add(all.subList(k, k + BATCH));
    }
    batches = slices;
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

  /** The floor, warmed and replaced as {@link Tracker} is. */
  @State(Scope.Thread)
  public static class Floor {
    FloorTracker floor = new FloorTracker();

    @Setup(Level.Trial)
    public void warm(TrackBenchmark b) {
      b.reset(this);
    }
  }

  void reset(Tracker t) {
    t.tracker = ProgressTracker.inMemory();
    t.tracker.trackAll(Arrays.asList(warm));
    next = 0;
  }

  void reset(Floor f) {
    f.floor = new FloorTracker();
    for (ProgressEvent e : warm) {
      f.floor.track(e);
    }
    next = 0;
  }

  /** P1-time and P1-alloc: one event through the tracker. */
  @Benchmark
  public TrackResult track(Tracker t) {
    if (next == events.length) {
      reset(t); // once per pool: timed, but rare
    }
    return t.tracker.track(events[next++]);
  }

  /** P1-time's baseline: the same event through the floor. */
  @Benchmark
  public boolean floor(Floor f) {
    if (next == events.length) {
      reset(f);
    }
    return f.floor.track(events[next++]);
  }

  /** P1-batch: {@value #BATCH} events, one per user, in one {@code trackAll}; the score is per event. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public BatchResult trackAll(Tracker t) {
    if (next == events.length) {
      reset(t);
    }
    BatchResult result = t.tracker.trackAll(batches.get(next / BATCH));
    next += BATCH;
    return result;
  }

  /** P1-batch's baseline: the same {@value #BATCH} events through the floor, one by one; per event. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void floorAll(Floor f, Blackhole bh) {
    if (next == events.length) {
      reset(f);
    }
    List<ProgressEvent> batch = batches.get(next / BATCH);
    for (int i = 0; i < batch.size(); i++) {
      bh.consume(f.floor.track(batch.get(i)));
    }
    next += BATCH;
  }

  /** Information only: find the user's counter, count the event. */
  @Benchmark
  public void rawBaseline() {
    if (next == events.length) {
      next = 0;
    }
    counters.get(events[next++].userId()).add(1);
  }
}
