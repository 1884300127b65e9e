package dev.progress.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import dev.progress.core.ProgressTracker;
import org.junit.jupiter.api.Test;

/** The naive tracker is a fair comparison only if it computes what the real tracker computes. */
class NaiveTrackerTest {

  @Test
  void track_workload_sameTotalsAsIncrementalTracker() {
    ProgressTracker tracker = ProgressTracker.inMemory();
    NaiveTracker naive = new NaiveTracker("u0", HistoryBenchmark.rules(tracker));
    for (ProgressEvent e : Workload.userEvents("u0", 0, 3_000)) {
      tracker.track(e);
      naive.track(e);
    }
    for (int s = 0; s < Workload.SPACES; s++) {
      ProgressKey key = ProgressKey.space("u0", "s" + s);
      assertThat(naive.total(key)).as("%s", key).isCloseTo(tracker.progress(key).total(), within(1e-9));
    }
    for (int g = 0; g < Workload.SPACES / Workload.SPACES_PER_GOAL; g++) {
      ProgressKey key = ProgressKey.goal("u0", "g" + g);
      assertThat(naive.total(key)).as("%s", key).isCloseTo(tracker.progress(key).total(), within(1e-9));
    }
    for (String skill : new String[] {"coding", "math", "writing"}) {
      ProgressKey key = ProgressKey.skill("u0", skill);
      assertThat(naive.total(key)).as("%s", key).isCloseTo(tracker.progress(key).total(), within(1e-9));
    }
  }

  @Test
  void loadThenRecomputeAll_sameTotalsAsTrackingOneByOne() {
    NaiveTracker loaded = new NaiveTracker("u0", HistoryBenchmark.rules(ProgressTracker.inMemory()));
    NaiveTracker tracked = new NaiveTracker("u0", HistoryBenchmark.rules(ProgressTracker.inMemory()));
    for (ProgressEvent e : Workload.userEvents("u0", 0, 500)) {
      loaded.load(e);
      tracked.track(e);
    }
    loaded.recomputeAll();
    ProgressKey goal = ProgressKey.goal("u0", "g1");
    assertThat(loaded.total(goal)).isGreaterThan(0).isEqualTo(tracked.total(goal));
  }

  @Test
  void track_duplicate_ignored() {
    NaiveTracker naive = new NaiveTracker("u0", HistoryBenchmark.rules(ProgressTracker.inMemory()));
    ProgressEvent e = Workload.event("u0", 0);
    assertThat(naive.track(e)).isGreaterThan(0);
    assertThat(naive.track(e)).isNaN();
  }
}
