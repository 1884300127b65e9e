package dev.progress.core;

import static dev.progress.core.Fixtures.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.core.spi.ProgressRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Reads of a tracker whose store keeps no figures (the default): answered from the tracker's states, replayed
 * when a state is missing or stale; what such a read may not do, and what its figures' stamps say.
 */
class TrackerReadsTest {

  private static ProgressEvent time(String id, String space, Instant at) {
    return ProgressEvent.builder().id(id).user("u1").time(space, 30).at(at).build();
  }

  /**
   * A rule that reads its own user during the unit met half a unit and, through a replay that ran the rule
   * again, recursed until the stack overflowed; the read is refused instead, and the unit fails alone.
   */
  @Test
  void aReadInsideAUnitOfTheSameUser_isRefused_andTheTrackerStaysExact() {
    AtomicReference<ProgressTracker> self = new AtomicReference<>();
    ProgressRule reading = ProgressRule.of(Level.SKILL, "peerReview", EventType.PEER_REVIEW, 0.2, "reads-1",
        (events, context) -> self.get().spaceProgress(context.key().userId(), "s1").total());
    ProgressTracker tracker = Fixtures.tracker().rule(reading).build();
    self.set(tracker);
    tracker.track(time("a", "s1", T));

    ProgressEvent review = ProgressEvent.builder().id("r").user("u1").type(EventType.PEER_REVIEW).value(80)
        .skill("k").at(T).build();
    assertThatThrownBy(() -> tracker.track(review))
        .isInstanceOf(RuleException.class)
        .hasRootCauseMessage("user 'u1' was read inside a unit (a rule or a store callback reading the tracker);"
            + " a rule computes from its events alone: read once the unit has returned");

    assertThat(tracker.spaceProgress("u1", "s1").component("time")).isEqualTo(50.0);
    assertThat(tracker.skillProgress("u1", "k").total()).as("the review was not applied").isZero();
    assertThat(tracker.track(time("a", "s1", T)).isDuplicate()).isTrue();
  }

  /**
   * Regression (API probe): rules of two users reading each other's progress deadlocked two tracking threads,
   * each unit holding its user's lock and waiting for the other's. A read of any user inside a unit is refused,
   * so each unit fails alone and nothing waits.
   */
  @Test
  void unitsOfTwoUsersReadingEachOther_failAlone_neverWaitForEachOther() throws Exception {
    AtomicReference<ProgressTracker> self = new AtomicReference<>();
    ProgressRule peek = ProgressRule.of(Level.SKILL, "peerReview", EventType.PEER_REVIEW, 0.2, "peek-1",
        (events, context) -> self.get().spaceProgress(context.key().userId().equals("a") ? "b" : "a", "s1").total());
    ProgressTracker tracker = Fixtures.tracker().rule(peek).build();
    self.set(tracker);
    ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r);
      t.setDaemon(true); // a deadlock must fail this test, not keep the test JVM from exiting
      return t;
    });
    try {
      List<Future<List<TrackResult>>> runs = new ArrayList<>();
      for (String user : List.of("a", "b")) {
        runs.add(pool.submit(() -> {
          List<TrackResult> results = new ArrayList<>();
          for (int i = 0; i < 200; i++) {
            results.add(tracker.track(ProgressEvent.builder().id("t" + i).user(user).time("s1", 1).at(T).build()));
            results.add(tracker.trackAll(List.of(ProgressEvent.builder().id("r" + i).user(user)
                .type(EventType.PEER_REVIEW).value(80).skill("k").at(T).build())).results().get(0));
          }
          return results;
        }));
      }
      for (Future<List<TrackResult>> run : runs) {
        List<TrackResult> results = run.get(30, TimeUnit.SECONDS); // a deadlock times out here
        for (int i = 0; i < results.size(); i += 2) {
          assertThat(results.get(i).isAccepted()).isTrue();
          assertThat(results.get(i + 1).reason()).contains("was read inside a unit");
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(tracker.spaceProgress("a", "s1").component("time")).isEqualTo(100.0); // 200 of 60 minutes
    assertThat(tracker.skillProgress("b", "k").total()).as("no review applied").isZero();
  }

  /**
   * A figure's stamp is when this tracker computed it: a replay that finds the figure unchanged keeps the stamp
   * of the state it replaces; a user replayed with no state held gets the replay's time.
   */
  @Test
  void stamps_areTheUnitsThatComputedTheFigure_keptByAReplayThatChangesNothing() {
    AtomicReference<Instant> now = new AtomicReference<>(T.plusSeconds(3_600));
    ProgressTracker tracker = ProgressTracker.builder().clock(now::get).maxCachedUsers(1).build();
    Instant first = now.get();
    tracker.track(time("a", "s1", T));
    now.set(first.plusSeconds(60));
    Instant second = now.get();
    tracker.track(time("b", "s2", T));
    tracker.track(time("c", "s2", T.minusSeconds(2 * 86_400))); // an earlier day: s2's past days are inexact
    ProgressKey s1 = ProgressKey.space("u1", "s1");
    ProgressKey s2 = ProgressKey.space("u1", "s2");
    assertThat(tracker.history(s1)).extracting(snapshot -> snapshot.recordedAt()).containsExactly(first);
    assertThat(tracker.history(s2)).extracting(snapshot -> snapshot.recordedAt()).containsExactly(second);

    now.set(second.plusSeconds(60));
    assertThat(tracker.analytics("u1").analytics().timeSpent().daily()).isNotEmpty(); // replays in time order
    assertThat(tracker.history(s1).get(0).recordedAt()).as("unchanged by the replay").isEqualTo(first);
    assertThat(tracker.history(s2).get(0).recordedAt()).isEqualTo(second);

    tracker.track(ProgressEvent.builder().user("other").time("s1", 5).at(T).build()); // u1 is evicted
    assertThat(tracker.cachedUsers()).isLessThanOrEqualTo(1);
    Instant replayed = now.get().plusSeconds(60);
    now.set(replayed);
    assertThat(tracker.history(s1)).extracting(snapshot -> snapshot.recordedAt()).containsExactly(replayed);
    assertThat(tracker.history(s1).get(0).progress().component("time")).isEqualTo(50.0);
  }

  /** With nothing stored to recompute, a rebuild appends nothing: trackers sharing the store need not replay. */
  @Test
  void rebuild_withAStoreThatKeepsNoFigures_appendsNothing_andTheNextReadUsesTheCurrentRules() {
    InMemoryProgressStore store = InMemoryProgressStore.eventsOnly();
    ProgressTracker tracker = Fixtures.tracker().store(store).build();
    tracker.trackAll(List.of(time("a", "s1", T), time("b", "s1", T)));
    long version = store.version("u1");

    tracker.rebuild("u1");
    tracker.rebuildAll();

    assertThat(store.version("u1")).isEqualTo(version);
    ProgressTracker reweighted = Fixtures.tracker().store(store)
        .weights(Level.SPACE, java.util.Map.of("time", 0.6, "task", 0.0)).build();
    reweighted.rebuild("u1");
    assertThat(reweighted.spaceProgress("u1", "s1").total()).isEqualTo(60.0);
    assertThat(tracker.spaceProgress("u1", "s1").total()).isEqualTo(20.0);
  }
}
