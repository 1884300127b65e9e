package dev.progress.core;

import static dev.progress.core.Fixtures.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bounded cache of user states ({@link ProgressTracker.Builder#maxCachedUsers}). */
class StateCacheTest {

  private static List<ProgressEvent> events(int users, int perUser, long seed) {
    Random random = new Random(seed);
    List<ProgressEvent> events = new ArrayList<>();
    for (int i = 0; i < perUser; i++) {
      for (int u = 0; u < users; u++) {
        String user = "u" + u;
        String space = "s" + random.nextInt(3);
        ProgressEvent.Builder b = ProgressEvent.builder().id("e" + i).user(user).goal("g" + space.charAt(1))
            .space(space).at(T.plusSeconds(i));
        events.add(switch (random.nextInt(3)) {
          case 0 -> b.task(space, "t" + random.nextInt(5), random.nextBoolean() ? 100 : 50).skill("k").build();
          case 1 -> b.time(space, 1 + random.nextInt(30)).skill("k").build();
          default -> b.milestone(space, "m" + random.nextInt(3), 100).build();
        });
      }
    }
    java.util.Collections.shuffle(events, random);
    return events;
  }

  @Test
  void aBoundedTracker_keepsAtMostItsBound_andGivesTheSameFiguresAsAnUnboundedOne() {
    InMemoryProgressStore store = InMemoryProgressStore.create();
    ProgressTracker bounded = Fixtures.tracker().store(store).maxCachedUsers(16).build();
    ProgressTracker unbounded = Fixtures.tracker().build();
    List<ProgressEvent> events = events(200, 12, 7);
    int maxCached = 0;
    for (int i = 0; i < events.size(); i++) {
      ProgressEvent e = events.get(i);
      // singles and small batches, duplicates included, so evicted users come back through both paths
      if (i % 5 == 0) {
        bounded.trackAll(List.of(e, e));
        unbounded.trackAll(List.of(e, e));
      } else {
        assertThat(bounded.track(e).status()).isEqualTo(unbounded.track(e).status());
      }
      maxCached = Math.max(maxCached, bounded.cachedUsers());
    }

    assertThat(maxCached).as("states held at once").isLessThanOrEqualTo(16);
    assertThat(unbounded.cachedUsers()).isEqualTo(200);
    for (int u = 0; u < 200; u++) {
      assertThat(bounded.userProgress("u" + u)).isEqualTo(unbounded.userProgress("u" + u));
    }
  }

  @Test
  void anEvictedUser_isReplayed_soADuplicateIsStillADuplicate() {
    ProgressTracker tracker = Fixtures.tracker().maxCachedUsers(1).build();
    ProgressEvent first = ProgressEvent.builder().id("x").user("ana").at(T).task("s1", "t1", 100).build();
    tracker.track(first);
    for (int u = 0; u < 10; u++) {
      tracker.track(ProgressEvent.builder().id("x").user("other" + u).at(T).time("s1", 5).build());
    }
    assertThat(tracker.track(first).isDuplicate()).isTrue();
    assertThat(tracker.track(first.withId("y")).isAccepted()).isTrue();
    assertThat(tracker.spaceProgress("ana", "s1").component("task")).isEqualTo(100.0);
  }

  @Test
  void aStoreWithoutEvents_keepsEveryState_sinceNoneCouldBeRebuilt() {
    ProgressTracker tracker = Fixtures.tracker()
        .store(InMemoryProgressStore.snapshotsOnly())
        .maxCachedUsers(2)
        .build();
    for (int u = 0; u < 10; u++) {
      tracker.track(ProgressEvent.builder().user("u" + u).at(T).time("s1", 5).build());
    }
    assertThat(tracker.cachedUsers()).isEqualTo(10);
  }

  @Test
  void maxCachedUsers_belowOne_isRefused() {
    assertThatThrownBy(() -> ProgressTracker.builder().maxCachedUsers(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxCachedUsers 0 must be at least 1");
  }

  /** Analytics read states too (replaying users they find stale); they used to cache every user they read. */
  @Test
  void analytics_keepTheBound() {
    InMemoryProgressStore store = InMemoryProgressStore.create();
    ProgressTracker writer = Fixtures.tracker().store(store).build();
    for (int u = 0; u < 50; u++) {
      writer.track(ProgressEvent.builder().user("u" + u).at(T).time("s1", 5).build());
    }
    ProgressTracker reader = Fixtures.tracker().store(store).maxCachedUsers(4).build();
    for (int u = 0; u < 50; u++) {
      assertThat(reader.analytics("u" + u).analytics().timeSpent().monthly()).contains(5.0);
    }
    assertThat(reader.cachedUsers()).isLessThanOrEqualTo(4);
  }

  /**
   * The default store keeps events and no figures, so figures come from the tracker's states: a user whose state
   * was dropped is replayed when read (reads used to find nothing for such a user), and reads keep the bound.
   */
  @Test
  void withAnEventsOnlyStore_evictedUsersAreReadByReplay_andReadsKeepTheBound() {
    ProgressTracker bounded = Fixtures.tracker().store(InMemoryProgressStore.eventsOnly()).maxCachedUsers(8).build();
    ProgressTracker reference = Fixtures.tracker().store(InMemoryProgressStore.create()).build();
    List<ProgressEvent> events = events(100, 12, 11);
    bounded.trackAll(events);
    for (ProgressEvent e : events) {
      reference.track(e);
    }

    for (int u = 0; u < 100; u++) {
      String user = "u" + u;
      assertThat(bounded.userProgress(user)).isEqualTo(reference.userProgress(user));
      assertThat(bounded.spaceProgress(user, "s1")).isEqualTo(reference.spaceProgress(user, "s1"));
      assertThat(bounded.cachedUsers()).isLessThanOrEqualTo(8);
    }
    int cached = bounded.cachedUsers();
    assertThat(bounded.userProgress("nobody").spaces()).isEmpty();
    assertThat(bounded.analytics("nobody").analytics().completionRate()).isZero();
    assertThat(bounded.cachedUsers()).as("reads of an unknown user hold no state").isEqualTo(cached);
  }

  /** Reads of a stranger make no slot; decay used to make one (and cache an empty state) for any user read. */
  @Test
  void readsOfAnUnknownUser_cacheNothing() {
    ProgressTracker tracker = Fixtures.tracker().masteryDecays(true).build();
    assertThat(tracker.skillProgress("nobody", "k").total()).isZero();
    assertThat(tracker.forecasts("nobody")).isEmpty();
    assertThat(tracker.history(ProgressKey.space("nobody", "s1"))).isEmpty();
    assertThat(tracker.cachedUsers()).isZero();
  }
}
