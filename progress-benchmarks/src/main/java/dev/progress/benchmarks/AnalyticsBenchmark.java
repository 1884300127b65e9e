package dev.progress.benchmarks;

import dev.progress.core.InMemoryProgressStore;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.core.analytics.AnalyticsReport;
import dev.progress.core.analytics.Forecast;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
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
 * Targets P8: one user's analytics, forecasts, retention and insights ({@link ProgressTracker#analytics}), and
 * the forecasts alone ({@link ProgressTracker#forecasts}), after
 * {@code history} events, 1K against 1M, with the same figures at both sizes: the first 1,000 events of
 * {@link Workload} spread over 40 days, and at 1M as many more events again that change no figure (a completed
 * task item completed again, just after the last of them, on the same day). So the two
 * differ in events only, not in items, keys, days or daily gains: the per-user state analytics read must not
 * grow with events, and the Monte Carlo forecasts run on the same gains.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class AnalyticsBenchmark {
  static final int DAYS = 40;
  static final int BASE = 1000;

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
    String user = Workload.userId(0);
    long step = Duration.ofDays(DAYS - 1).toSeconds() / BASE;
    ProgressEvent[] base = Workload.userEvents(user, 0, Math.min(history, BASE));
    ProgressEvent completed = null;
    for (int i = 0; i < base.length; i++) {
      ProgressEvent e = base[i];
      base[i] = new ProgressEvent(e.id(), user, e.spaceId(), e.goalId(), e.itemId(), e.type(), e.value(),
          Workload.START.plusSeconds(i * step), e.metadata());
      if (completed == null && e.type().name().equals("task") && e.value() == 100) {
        completed = base[i];
      }
    }
    tracker.trackAll(Arrays.asList(base));
    if (history > BASE && completed != null) {
      // the same item completed again after the last event (in order): same value, same difficulty: no change
      ProgressEvent[] chunk = new ProgressEvent[10_000];
      Instant again = base[base.length - 1].timestamp().plusSeconds(1);
      for (int done = BASE; done < history; ) {
        int n = Math.min(chunk.length, history - done);
        for (int k = 0; k < n; k++) {
          chunk[k] = new ProgressEvent("again-" + (done + k), user, completed.spaceId(), completed.goalId(),
              completed.itemId(), completed.type(), 100, again, completed.metadata());
        }
        tracker.trackAll(Arrays.asList(chunk).subList(0, n));
        done += n;
      }
    }
  }

  @Benchmark
  public AnalyticsReport analytics() {
    return tracker.analytics(Workload.userId(0));
  }

  @Benchmark
  public List<Forecast> forecasts() {
    return tracker.forecasts(Workload.userId(0));
  }
}
