package dev.progress.core;

import static dev.progress.core.Scenarios.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many threads tracking the same users at once give the results of one thread: every event accepted exactly
 * once, every copy reported as a duplicate, none lost, and the same progress to the last bit.
 *
 * <p>Why this needs the tracker's per-user lock ({@code synchronized (slot)} in {@code ProgressTracker}, with the
 * per-user monitor of {@code InMemoryProgressStore} behind it): a user's {@code UserState} is plain, unsynchronized
 * state, made of {@code HashMap}s of seen ids, bindings and keys, {@code long} sums and counters in the
 * accumulators, and the lists of dirty keys. Without the lock, two threads carrying copies of one event both find
 * its id missing from the map and both accept it (a duplicate accepted twice, counted twice); two threads adding
 * minutes to one space both read the same sum and one addition is lost; a thread's {@code recompute} clears the
 * dirty list another thread has just filled, so that a changed key is never written; and concurrent
 * {@code HashMap} and {@code ArrayList} writes corrupt the maps or throw, turning events into {@code FAILED}
 * results. Any of these breaks an assertion below: the count of {@code ACCEPTED} results, the absence of
 * {@code FAILED} ones, or the equality with the single-threaded run. A reader thread queries progress all the
 * while, through the store's own per-user monitor, and must never fail; it also rebuilds users now and then,
 * under the same per-user lock as tracking.
 *
 * <p>Checked by removing the three {@code synchronized (slot)} blocks and the monitor of
 * {@code InMemoryProgressStore.inTransaction} in a scratch copy: the test failed in every run (6 of 6), with
 * duplicates accepted twice (293, 786 and 654 accepted for 292, 782 and 651 distinct ids), events lost (288
 * accepted for 292), stale figures (a goal's milestones component at 66.7 instead of 100) and
 * {@code ConcurrentModificationException}s, surfacing as {@code StoreException}s. With the store's monitor
 * removed but the tracker's lock kept, the reader thread failed ({@code ArrayIndexOutOfBoundsException} while
 * copying the snapshots).
 */
class TrackerConcurrencyTest {
  private static final int THREADS = 8;
  private static final int ROUNDS = 12;

  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void trackFromManyThreads_equalsOneThread_andAcceptsEachIdExactlyOnce() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      Random random = new Random(round);
      Plan plan = Scenarios.random(random, 0, round % 2 == 0).plan();
      List<ProgressEvent> events = acceptable(plan, Scenarios.random(random, 800, false).events());
      List<ProgressEvent> arrivals = withCopies(events, random);

      ProgressTracker single = tracker(plan, List.of());
      for (ProgressEvent e : events) {
        assertThat(single.track(e).isAccepted()).isTrue();
      }

      ProgressTracker concurrent = tracker(plan, List.of());
      AtomicBoolean writing = new AtomicBoolean(true);
      Future<Integer> reader = pool.submit(() -> readWhile(concurrent, writing));
      List<Tracked> results;
      try {
        results = trackConcurrently(concurrent, arrivals, random);
      } finally {
        writing.set(false);
      }

      assertThat(reader.get(60, TimeUnit.SECONDS)).as("round %s: reads done while tracking", round).isPositive();
      assertSameOutcome(round, events, arrivals, results, single, concurrent);
    }
  }

  /**
   * Queries every user's progress while others track, and now and then rebuilds a user from the stored events
   * (as after a rules change): no query may fail or see a figure out of range, and no rebuild may change the
   * outcome. Returns the number of queries made.
   */
  private static int readWhile(ProgressTracker tracker, AtomicBoolean writing) {
    int reads = 0;
    do {
      for (String user : Scenarios.USERS) {
        if (reads % 16 == 15) {
          tracker.rebuild(user);
        }
        UserProgress up = tracker.userProgress(user);
        for (List<Progress> level : List.of(up.spaces(), up.goals(), up.skills())) {
          for (Progress p : level) {
            assertThat(tracker.progress(p.key()).total()).isBetween(0.0, 100.0);
          }
        }
        reads++;
      }
      tracker.users();
    } while (writing.get());
    return reads;
  }

  @Test
  void throwingListeners_neverStopTrackingOrTheOtherListeners_underConcurrency() throws Exception {
    for (int round = 0; round < 3; round++) {
      Random random = new Random(100 + round);
      Plan plan = Scenarios.random(random, 0, true).plan();
      List<ProgressEvent> events = acceptable(plan, Scenarios.random(random, 300, false).events());
      List<ProgressEvent> arrivals = withCopies(events, random);

      ProgressTracker single = tracker(plan, List.of());
      single.trackAll(events);

      AtomicInteger throwingCalls = new AtomicInteger();
      ProgressListener throwsAlways = new ProgressListener() {
        @Override
        public void onProgressChanged(ProgressChange change) {
          throwingCalls.incrementAndGet();
          throw new QuietFailure("listener failure on " + change.key());
        }

        @Override
        public void onMilestoneReached(MilestoneReached milestone) {
          throwingCalls.incrementAndGet();
          throw new QuietLinkageError("a broken listener class");
        }
      };
      Recorder recorder = new Recorder();
      ProgressTracker concurrent = tracker(plan, List.of(throwsAlways, recorder, throwsAlways));
      List<Tracked> results = trackConcurrently(concurrent, arrivals, random);

      assertSameOutcome(round, events, arrivals, results, single, concurrent);
      assertThat(throwingCalls.get()).as("round %s: the throwing listener is called twice per notification", round)
          .isEqualTo(2 * recorder.calls.get());
      assertThat(recorder.milestones).as("round %s: each milestone item reached exactly once", round)
          .containsExactlyInAnyOrderElementsOf(milestonesOf(events));
      for (String user : single.users()) {
        UserProgress up = single.userProgress(user);
        for (List<Progress> level : List.of(up.spaces(), up.goals(), up.skills())) {
          for (Progress p : level) {
            if (p.total() > 0) {
              assertThat(recorder.changed).as("round %s: a change of %s was told", round, p.key())
                  .containsKey(p.key());
            }
          }
        }
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  private static void assertSameOutcome(int round, List<ProgressEvent> events, List<ProgressEvent> arrivals,
      List<Tracked> results, ProgressTracker single, ProgressTracker concurrent) {
    Map<TrackResult.Status, Long> byStatus =
        results.stream().collect(Collectors.groupingBy(t -> t.result().status(), Collectors.counting()));
    assertThat(results).as("round %s: one result per event sent", round).hasSize(arrivals.size());
    assertThat(byStatus.getOrDefault(TrackResult.Status.ACCEPTED, 0L)).as("round %s: accepted", round)
        .isEqualTo(events.size());
    assertThat(byStatus.getOrDefault(TrackResult.Status.DUPLICATE, 0L)).as("round %s: duplicates", round)
        .isEqualTo(arrivals.size() - events.size());
    Set<String> acceptedIds = results.stream().filter(t -> t.result().isAccepted())
        .map(t -> t.event().userId() + "/" + t.event().id()).collect(Collectors.toSet());
    assertThat(acceptedIds).as("round %s: accepted ids", round).hasSize(events.size());
    assertThat(concurrent.users()).isEqualTo(single.users());
    for (String user : single.users()) {
      assertThat(concurrent.userProgress(user)).as("round %s: progress of %s", round, user)
          .isEqualTo(single.userProgress(user));
    }
  }

  /** Tracks {@code arrivals} from {@link #THREADS} threads at once, each mixing single events and batches. */
  private List<Tracked> trackConcurrently(ProgressTracker tracker, List<ProgressEvent> arrivals, Random random)
      throws Exception {
    List<List<ProgressEvent>> shares = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      shares.add(new ArrayList<>());
    }
    for (int i = 0; i < arrivals.size(); i++) {
      shares.get(i % THREADS).add(arrivals.get(i));
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<Tracked>>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      List<ProgressEvent> share = shares.get(t);
      long seed = random.nextLong();
      futures.add(pool.submit(() -> {
        Random r = new Random(seed);
        List<Tracked> out = new ArrayList<>();
        start.await();
        int i = 0;
        while (i < share.size()) {
          if (r.nextBoolean()) {
            ProgressEvent e = share.get(i++);
            out.add(new Tracked(e, tracker.track(e)));
          } else {
            List<ProgressEvent> batch = share.subList(i, Math.min(i + 1 + r.nextInt(10), share.size()));
            List<TrackResult> results = tracker.trackAll(batch).results();
            for (int j = 0; j < batch.size(); j++) {
              out.add(new Tracked(batch.get(j), results.get(j)));
            }
            i += batch.size();
          }
        }
        return out;
      }));
    }
    start.countDown();
    List<Tracked> all = new ArrayList<>();
    for (Future<List<Tracked>> f : futures) {
      all.addAll(f.get(60, TimeUnit.SECONDS));
    }
    return all;
  }

  /** The events the model accepts, whatever their order: no event from the future, none against the plan. */
  private static List<ProgressEvent> acceptable(Plan plan, List<ProgressEvent> events) {
    ReferenceModel model = new ReferenceModel(plan, NOW, java.time.Duration.ofMinutes(5));
    return events.stream().filter(e -> model.offer(e) == TrackResult.Status.ACCEPTED).toList();
  }

  /** Every event once or more (half of them sent 2 to 4 times, as retries would), shuffled. */
  private static List<ProgressEvent> withCopies(List<ProgressEvent> events, Random random) {
    List<ProgressEvent> out = new ArrayList<>(events);
    for (ProgressEvent e : events) {
      int copies = random.nextBoolean() ? 1 + random.nextInt(3) : 0;
      for (int i = 0; i < copies; i++) {
        out.add(Scenarios.copy(e));
      }
    }
    Collections.shuffle(out, random);
    return out;
  }

  /**
   * One entry per milestone item achieved: a named item once, however many events reach it; an event without
   * itemId is an item of its own, reported under its id (which may equal a named item's, hence a list).
   */
  private static List<String> milestonesOf(List<ProgressEvent> events) {
    List<String> out = new ArrayList<>();
    Set<String> namedItems = new HashSet<>();
    for (ProgressEvent e : events) {
      if (e.type().equals(EventType.MILESTONE) && e.value() == 100) {
        ProgressKey key = e.spaceId() != null
            ? ProgressKey.space(e.userId(), e.spaceId())
            : ProgressKey.goal(e.userId(), e.goalId());
        if (e.itemId() == null) {
          out.add(milestone(key, e.id()));
        } else if (namedItems.add(milestone(key, e.itemId()))) {
          out.add(milestone(key, e.itemId()));
        }
      }
    }
    return out;
  }

  private static String milestone(ProgressKey key, String itemId) {
    return key + "#" + itemId;
  }

  private static ProgressTracker tracker(Plan plan, List<ProgressListener> listeners) {
    ProgressTracker.Builder b = ProgressTracker.builder().plan(plan).clock(() -> NOW);
    listeners.forEach(b::listener);
    return b.build();
  }

  /** An event sent and what became of it. */
  private record Tracked(ProgressEvent event, TrackResult result) {}

  /** A listener failure without a stack trace, so the log of this test stays short. */
  private static final class QuietFailure extends RuntimeException {
    QuietFailure(String message) {
      super(message, null, false, false);
    }
  }

  /** The kind of error a listener compiled against a missing class throws; no stack trace either. */
  private static final class QuietLinkageError extends LinkageError {
    QuietLinkageError(String message) {
      super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  /** Records what it is told; safe for concurrent use. */
  private static final class Recorder implements ProgressListener {
    final AtomicInteger calls = new AtomicInteger();
    final Map<ProgressKey, Integer> changed = new ConcurrentHashMap<>();
    final List<String> milestones = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onProgressChanged(ProgressChange change) {
      calls.incrementAndGet();
      changed.merge(change.key(), 1, Integer::sum);
    }

    @Override
    public void onMilestoneReached(MilestoneReached m) {
      calls.incrementAndGet();
      milestones.add(milestone(m.key(), m.itemId()));
    }
  }
}
