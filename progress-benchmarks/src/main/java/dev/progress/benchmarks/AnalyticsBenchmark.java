package dev.progress.benchmarks;

import dev.progress.core.InMemoryProgressStore;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.core.analytics.AnalyticsReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Target P8: one user's analytics, forecasts, retention and insights ({@link ProgressTracker#analytics}) after
 * {@code history} events, 1K against 1M. Both histories cover the same 40 days (the events' timestamps are
 * spread evenly over them), so the two differ in events only: the per-user state analytics read grows with
 * days, items and keys, and its cost must not grow with events.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class AnalyticsBenchmark {
  static final int DAYS = 40;

  @Param({"1000", "1000000"})
  public int history;

  private ProgressTracker tracker = ProgressTracker.inMemory();

  @Setup(Level.Trial)
  public void load() {
    Instant end = Workload.START.plus(Duration.ofDays(DAYS));
    tracker = ProgressTracker.builder()
        .store(InMemoryProgressStore.countsOnly())
        .clock(() -> end)
        .build();
    long step = Duration.ofDays(DAYS).toSeconds() * 1_000_000L / history; // microseconds between events
    ProgressEvent[] events = Workload.userEvents(Workload.userId(0), 0, history);
    for (int i = 0; i < events.length; i += 10_000) {
      ProgressEvent[] chunk = Arrays.copyOfRange(events, i, Math.min(events.length, i + 10_000));
      for (int k = 0; k < chunk.length; k++) {
        ProgressEvent e = chunk[k];
        chunk[k] = new ProgressEvent(e.id(), e.userId(), e.spaceId(), e.goalId(), e.itemId(), e.type(), e.value(),
            Workload.START.plusNanos((i + k) * step * 1_000L), e.metadata());
      }
      tracker.trackAll(Arrays.asList(chunk));
    }
  }

  @Benchmark
  public AnalyticsReport analytics() {
    return tracker.analytics(Workload.userId(0));
  }
}
