package dev.progress.benchmarks;

import dev.progress.core.Level;
import dev.progress.core.Progress;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.core.spi.ProgressRule;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Target 2: does the cost of an event depend on how many events the user already has? One user is loaded with
 * {@code history} events of {@link Workload}, then tracks {@value #BATCH} more per measured invocation.
 *
 * <p>The history must stay near its nominal size while it is measured, so these are single-shot benchmarks of a
 * fixed number of events: each iteration tracks one batch. At 1K, 100 users hold 1K events each and each
 * batch goes to the next user; at 1M, one user's batches add up to at most a tenth of its history before a
 * rebuild (none happens in a normal run).
 * The naive tracker ({@link NaiveTracker}, the original design's recompute-everything shape) runs at the same
 * sizes. Reading a space's current progress is an ordinary average-time benchmark on the same states.
 *
 * <p>The heap is fixed and touched before the run ({@code -XX:+AlwaysPreTouch}): the 1M setup grows the heap to
 * 4 GB, and on this VM the first write to each of its untouched pages is a page fault (guest and host) of several
 * microseconds. Without it, whatever a measured operation allocates walks into untouched young-generation pages
 * for the first seconds after the setup: a read then cost 170-380 ns at 1M instead of 30 ns until the young
 * generation had been used once, and P2-read measured that, not the history.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class HistoryBenchmark {
  /** Events per measured iteration of the incremental tracker. */
  static final int BATCH = 100;
  /** Events per measured iteration of the naive tracker, whose events cost milliseconds at 1M. */
  static final int NAIVE_BATCH = 1;

  /** The rules of the real tracker, for the naive one. */
  static Map<Level, List<ProgressRule>> rules(ProgressTracker tracker) {
    Map<Level, List<ProgressRule>> rules = new EnumMap<>(Level.class);
    for (Level level : Level.values()) {
      rules.put(level, tracker.rules(level));
    }
    return rules;
  }

  /**
   * Users loaded with {@code history} events each, and fresh events continuing their streams for the measured
   * batches. Small histories use many users, a batch each, so that no rebuild happens between most batches and
   * both sizes run with a large heap; a large history uses one user and its batches add up to a tenth of it.
   */
  @State(Scope.Thread)
  public abstract static class History {
    @Param({"1000", "1000000"})
    public int history;

    int users;
    int slicesPerUser;
    ProgressEvent[][] fresh = new ProgressEvent[0][];
    /** Which batch comes next: user {@code next % users}, slice {@code next / users}. */
    int next;

    void prepare() {
      users = Math.max(1, Math.min(100, 100_000 / history));
      slicesPerUser = Math.max(1, history / 10 / batch());
      fresh = new ProgressEvent[users][];
      for (int u = 0; u < users; u++) {
        fresh[u] = Workload.userEvents(Workload.userId(u), history, history + (long) slicesPerUser * batch());
      }
      build();
    }

    /** Before each batch: rebuild once every user's fresh events are used up. */
    void beforeBatch() {
      if (next == users * slicesPerUser) {
        build();
      }
    }

    /** The fresh events of the next batch, from {@link #offset()}. */
    ProgressEvent[] events() {
      return fresh[next % users];
    }

    int offset() {
      return next / users * batch();
    }

    /** Events per measured iteration. */
    abstract int batch();

    final void build() {
      next = 0;
      reset();
    }

    /** The history of user {@code u}. */
    ProgressEvent[] base(int u) {
      return Workload.userEvents(Workload.userId(u), 0, history);
    }

    abstract void reset();
  }

  @State(Scope.Thread)
  public static class Incremental extends History {
    ProgressTracker tracker = ProgressTracker.inMemory();
    /** The user whose space {@link #readSpaceProgress} reads, made once: the benchmark times the read. */
    final String reader = Workload.userId(0);

    @Override
    int batch() {
      return BATCH;
    }

    @Setup(org.openjdk.jmh.annotations.Level.Trial)
    public void setUp() {
      prepare();
    }

    @Setup(org.openjdk.jmh.annotations.Level.Iteration)
    public void setUpBatch() {
      beforeBatch();
    }

    @Override
    void reset() {
      tracker = ProgressTracker.inMemory();
      int chunk = 10_000;
      for (int u = 0; u < users; u++) {
        List<ProgressEvent> base = Arrays.asList(base(u));
        for (int i = 0; i < base.size(); i += chunk) {
          tracker.trackAll(base.subList(i, Math.min(base.size(), i + chunk)));
        }
      }
    }
  }

  @State(Scope.Thread)
  public static class Naive extends History {
    NaiveTracker[] trackers = new NaiveTracker[0];

    @Override
    int batch() {
      return NAIVE_BATCH;
    }

    @Setup(org.openjdk.jmh.annotations.Level.Trial)
    public void setUp() {
      prepare();
    }

    @Setup(org.openjdk.jmh.annotations.Level.Iteration)
    public void setUpBatch() {
      beforeBatch();
    }

    @Override
    void reset() {
      trackers = new NaiveTracker[users];
      Map<Level, List<ProgressRule>> rules = rules(ProgressTracker.inMemory());
      for (int u = 0; u < users; u++) {
        trackers[u] = new NaiveTracker(Workload.userId(u), rules);
        for (ProgressEvent e : base(u)) {
          trackers[u].load(e);
        }
        trackers[u].recomputeAll();
      }
    }
  }

  /** Per event, with {@code history} events already tracked for the user. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  @Warmup(iterations = 200)
  @Measurement(iterations = 300)
  public void trackAfterHistory(Incremental s, Blackhole bh) {
    ProgressEvent[] events = s.events();
    int from = s.offset();
    for (int i = 0; i < BATCH; i++) {
      bh.consume(s.tracker.track(events[from + i]));
    }
    s.next++;
  }

  /** The same with the original design's recompute-from-all-events shape. */
  @Benchmark
  @OperationsPerInvocation(NAIVE_BATCH)
  @Warmup(iterations = 10)
  @Measurement(iterations = 30)
  public void naiveTrackAfterHistory(Naive s, Blackhole bh) {
    NaiveTracker tracker = s.trackers[s.next % s.users];
    ProgressEvent[] events = s.events();
    int from = s.offset();
    for (int i = 0; i < NAIVE_BATCH; i++) {
      bh.consume(tracker.track(events[from + i]));
    }
    s.next++;
  }

  /** A user's current space progress, with {@code history} events tracked for the user. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @Warmup(iterations = 5, time = 1)
  @Measurement(iterations = 5, time = 1)
  public Progress readSpaceProgress(Incremental s) {
    return s.tracker.spaceProgress(s.reader, "s7");
  }
}
