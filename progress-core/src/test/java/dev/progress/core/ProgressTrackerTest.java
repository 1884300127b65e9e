package dev.progress.core;

import static dev.progress.core.Fixtures.NOW;
import static dev.progress.core.Fixtures.T;
import static dev.progress.core.Fixtures.ev;
import static dev.progress.core.Fixtures.tracker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.core.spi.ForwardingStore;
import dev.progress.core.spi.ProgressRule;
import dev.progress.core.spi.ProgressStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The tracker's contract: results, idempotency, batches, clock, listeners, custom rules, weights, rebuild. */
class ProgressTrackerTest {

  @Test
  void track_acceptsThenReportsADuplicate() {
    ProgressTracker tracker = tracker(Plan.empty());
    ProgressEvent e = ev().id("e1").task("s1", "t1", 100).build();
    assertThat(tracker.track(e)).isSameAs(TrackResult.accepted());
    assertThat(tracker.track(e)).isSameAs(TrackResult.duplicate());
    assertThat(tracker.spaceProgress("u1", "s1").component("task")).isEqualTo(100.0);
  }

  @Test
  void track_sameIdOtherContent_isAConflict() {
    ProgressTracker tracker = tracker(Plan.empty());
    tracker.track(ev().id("e1").task("s1", "t1", 100).build());
    TrackResult conflict = tracker.track(ev().id("e1").task("s1", "t1", 0).build());
    assertThat(conflict.isRejected()).isTrue();
    assertThat(conflict.reason())
        .isEqualTo("id 'e1' conflicts with an earlier event of user 'u1' that has the same id and other content");
    assertThat(tracker.spaceProgress("u1", "s1").component("task")).isEqualTo(100.0);
  }

  /**
   * Regression (API probe): a listener's AssertionError escaped track, after the event was stored, and the
   * listeners after it were never told. Any throwable but a VirtualMachineError is logged and skipped.
   */
  @Test
  void aListenerThrowingAnError_isSkipped_theOthersAreTold_butAVirtualMachineErrorIsNot() {
    List<String> heard = new ArrayList<>();
    ProgressListener failing = new ProgressListener() {
      @Override
      public void onProgressChanged(ProgressChange change) {
        throw new AssertionError("a listener's bug");
      }

      @Override
      public void onMilestoneReached(MilestoneReached milestone) {
        throw new StackOverflowError("a listener's recursion"); // a VirtualMachineError: not swallowed
      }
    };
    ProgressListener recording = new ProgressListener() {
      @Override
      public void onProgressChanged(ProgressChange change) {
        heard.add(change.key().id());
      }
    };
    ProgressTracker tracker = Fixtures.tracker().listener(failing).listener(recording).build();

    assertThat(tracker.track(ev().id("e1").time("s1", 6).build()).isAccepted()).isTrue();
    assertThat(heard).containsExactly("s1");
    assertThatThrownBy(() -> tracker.track(ev().id("e2").milestone("s1", "m1", 100).build()))
        .isInstanceOf(StackOverflowError.class);
    assertThat(tracker.spaceProgress("u1", "s1").component("milestone")).isEqualTo(100.0); // stored all the same
  }

  /** Regression (hostile-input probe): ids of 128 characters were quoted whole in conflict messages. */
  @Test
  void conflictMessages_abbreviateLongIds() {
    ProgressTracker tracker = tracker(Plan.empty());
    String id = "i".repeat(128);
    String user = "u".repeat(128);
    String space = "s".repeat(128);
    tracker.track(ProgressEvent.builder().id(id).user(user).at(T).time(space, 5).goal("g1").build());
    String shortId = "i".repeat(24) + "..." + "i".repeat(12);
    String shortUser = "u".repeat(24) + "..." + "u".repeat(12);
    assertThat(tracker.track(ProgressEvent.builder().id(id).user(user).at(T).time(space, 6).build()).reason())
        .isEqualTo("id '" + shortId + "' conflicts with an earlier event of user '" + shortUser
            + "' that has the same id and other content");
    String goal = "g".repeat(128);
    String shortGoal = "g".repeat(24) + "..." + "g".repeat(12);
    String shortSpace = "s".repeat(24) + "..." + "s".repeat(12);
    assertThat(tracker.track(ProgressEvent.builder().id("e2").user(user).at(T).time(space, 6).goal(goal).build())
        .reason()).isEqualTo("goalId '" + shortGoal + "' conflicts with goal 'g1' of space '" + shortSpace + "'");
  }

  @Test
  void track_sameIdForAnotherUser_isNoConflict() {
    ProgressTracker tracker = tracker(Plan.empty());
    tracker.track(ev().id("e1").time("s1", 6).build());
    TrackResult other = tracker.track(ProgressEvent.builder().id("e1").user("u2").at(T).time("s1", 6).build());
    assertThat(other.isAccepted()).isTrue();
  }

  @Test
  void track_timestampBeyondClockPlusSkew_isRejected() {
    ProgressTracker tracker = tracker(Plan.empty());
    assertThat(tracker.track(ProgressEvent.builder().user("u1").at(NOW.plusSeconds(300)).time("s1", 5).build())
        .isAccepted()).isTrue();
    TrackResult late = tracker.track(ProgressEvent.builder().user("u1").at(NOW.plusSeconds(301)).time("s1", 5)
        .build());
    assertThat(late.reason()).isEqualTo("timestamp 2026-10-02T10:05:01Z is later than the clock "
        + "2026-10-02T10:00:00Z plus the allowed skew PT5M");

    ProgressTracker strict = Fixtures.tracker().maxClockSkew(Duration.ZERO).build();
    assertThat(strict.track(ProgressEvent.builder().user("u1").at(NOW.plusMillis(1)).time("s1", 5).build())
        .isRejected()).isTrue();
  }

  @Test
  void track_unknownCustomType_isRejectedUntilARuleIsRegistered() {
    ProgressEvent quiz = ev().type("quiz").space("s1").value(70).build();
    assertThat(tracker(Plan.empty()).track(quiz).reason()).isEqualTo("type 'quiz' is not known; register a rule for it");

    ProgressRule quizRule = ProgressRule.of(Level.SPACE, "quiz", EventType.of("quiz"), 0.1, "v1",
        (events, ctx) -> events.stream().mapToDouble(ProgressEvent::value).max().orElse(0));
    ProgressTracker tracker = Fixtures.tracker()
        .rule(quizRule)
        .weights(Level.SPACE, Map.of("task", 0.4, "time", 0.2, "milestone", 0.2, "interaction", 0.1, "quiz", 0.1))
        .build();
    assertThat(tracker.track(quiz).isAccepted()).isTrue();
    tracker.track(ev().type("quiz").space("s1").value(90).build());
    Progress s1 = tracker.spaceProgress("u1", "s1");
    assertThat(s1.component("quiz")).isEqualTo(90.0);
    assertThat(s1.total()).isEqualTo(9.0);
  }

  @Test
  void customRule_replacesTheBuiltInOfTheSameName() {
    ProgressRule anyTask = ProgressRule.of(Level.SPACE, "task", EventType.TASK, 0.4, "v1",
        (events, ctx) -> events.isEmpty() ? 0 : 100);
    ProgressTracker tracker = Fixtures.tracker().rule(anyTask).build();
    tracker.track(ev().task("s1", "t1", 10).build());
    assertThat(tracker.spaceProgress("u1", "s1").component("task")).isEqualTo(100.0);
  }

  @Test
  void customRule_resultsOutside0To100AreClamped_NaNIs0() {
    ProgressRule wild = ProgressRule.of(Level.SKILL, "peerReview", EventType.PEER_REVIEW, 0.2, "v1",
        (events, ctx) -> events.size() == 1 ? 250 : Double.NaN);
    ProgressTracker tracker = Fixtures.tracker().rule(wild).build();
    tracker.track(ev().peerReview("k", 10).build());
    assertThat(tracker.skillProgress("u1", "k").component("peerReview")).isEqualTo(100.0);
    tracker.track(ev().peerReview("k", 10).build());
    assertThat(tracker.skillProgress("u1", "k").component("peerReview")).isZero();
  }

  @Test
  void aThrowingCustomRule_failsItsUnitNamingTheRule_andTheUserRecovers() {
    ProgressRule fragile = ProgressRule.of(Level.SKILL, "peerReview", EventType.PEER_REVIEW, 0.2, "v1", (events, ctx) -> {
      if (events.stream().anyMatch(e -> e.value() == 13)) {
        throw new IllegalArgumentException("unlucky");
      }
      return events.isEmpty() ? 0 : 100;
    });
    ProgressTracker tracker = Fixtures.tracker().rule(fragile).build();
    tracker.track(ev().peerReview("k", 50).build());

    assertThatThrownBy(() -> tracker.track(ev().peerReview("k", 13).build()))
        .isInstanceOfSatisfying(RuleException.class, e -> {
          assertThat(e.key()).isEqualTo(ProgressKey.skill("u1", "k"));
          assertThat(e.rule()).isEqualTo("skill.peerReview");
        })
        .hasMessageStartingWith("rule skill.peerReview failed on computing the value of u1/skill/k: "
            + "java.lang.IllegalArgumentException: unlucky");
    BatchResult batch = tracker.trackAll(List.of(ev().peerReview("k", 13).build()));
    assertThat(batch.failed()).isEqualTo(1);

    assertThat(tracker.track(ev().time("s1", 6).skill("k").build()).isAccepted()).isTrue();
    assertThat(tracker.skillProgress("u1", "k").component("peerReview")).isEqualTo(100.0);
    assertThat(tracker.skillProgress("u1", "k").component("practice")).isEqualTo(1.0);
  }

  /**
   * A custom rule's calculate is also called with no events (a space with only time events still has a quiz
   * component). A rule that throws on an empty list used to fail with a bare message; now only the unit of that
   * user fails, with a message that says why, and other users' events are applied.
   */
  @Test
  void aCustomRuleThrowingOnNoEvents_failsOnlyItsUsersUnit_sayingWhy() {
    ProgressRule quizMax = ProgressRule.of(Level.SPACE, "quiz", EventType.of("quiz"), 0.1, "v1",
        (events, ctx) -> events.stream().mapToDouble(ProgressEvent::value).max().getAsDouble());
    ProgressTracker tracker = Fixtures.tracker()
        .rule(quizMax)
        .weights(Level.SPACE, Map.of("task", 0.4, "time", 0.2, "milestone", 0.2, "interaction", 0.1, "quiz", 0.1))
        .build();
    BatchResult result = tracker.trackAll(List.of(
        ev().time("s1", 10).build(),
        ProgressEvent.builder().user("u2").at(T).type("quiz").space("s1").value(80).build()));

    assertThat(result.results()).extracting(TrackResult::status)
        .containsExactly(TrackResult.Status.FAILED, TrackResult.Status.ACCEPTED);
    assertThat(result.results().get(0).reason())
        .startsWith("rule space.quiz failed on computing the value of u1/space/s1")
        .contains("calculate threw on an empty list of events");
    assertThat(tracker.spaceProgress("u2", "s1").component("quiz")).isEqualTo(80.0);
  }

  /** An event of a custom space-level type without spaceId used to be accepted and count towards nothing. */
  @Test
  void track_customSpaceTypeWithoutSpaceId_isRejectedNamingTheField() {
    ProgressRule quiz = ProgressRule.of(Level.SPACE, "quiz", EventType.of("quiz"), 0.1, "v1", (events, ctx) -> 0);
    ProgressTracker tracker = Fixtures.tracker()
        .rule(quiz)
        .weights(Level.SPACE, Map.of("task", 0.4, "time", 0.2, "milestone", 0.2, "interaction", 0.1, "quiz", 0.1))
        .build();
    TrackResult result = tracker.track(ev().type("quiz").value(50).meta("skill", "k").build());

    assertThat(result.isRejected()).isTrue();
    assertThat(result.reason()).startsWith("spaceId is required: type 'quiz' is read by [space] rules only");
    assertThat(tracker.users()).isEmpty();
  }

  /** Stale figures must never look current: a custom rule's version is part of the rules version. */
  @Test
  void rulesVersion_changesWithACustomRulesVersion_andACustomRuleNeedsOne() {
    Map<String, Double> w = Map.of("task", 0.4, "time", 0.2, "milestone", 0.2, "interaction", 0.1, "quiz", 0.1);
    ProgressRule v1 = ProgressRule.of(Level.SPACE, "quiz", EventType.of("quiz"), 0.1, "v1", (events, ctx) -> 0);
    ProgressRule v2 = ProgressRule.of(Level.SPACE, "quiz", EventType.of("quiz"), 0.1, "v2", (events, ctx) -> 100);
    String a = Fixtures.tracker().rule(v1).weights(Level.SPACE, w).build().rulesVersion();
    String b = Fixtures.tracker().rule(v2).weights(Level.SPACE, w).build().rulesVersion();
    assertThat(a).isNotEqualTo(b);

    ProgressRule blank = ProgressRule.of(Level.SPACE, "quiz", EventType.of("quiz"), 0.1, " ", (events, ctx) -> 0);
    assertThatThrownBy(() -> Fixtures.tracker().rule(blank).weights(Level.SPACE, w).build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("rule space.quiz: version ' ' must be 1..64 characters");
  }

  @Test
  void trackAll_appliesValidEventsAndReportsEachInOrder() {
    ProgressTracker tracker = tracker(Plan.empty());
    ProgressEvent good = ev().id("a").task("s1", "t1", 100).build();
    BatchResult result = tracker.trackAll(List.of(
        good,
        ev().id("b").type("nonsense").space("s1").value(1).build(),
        good,
        ProgressEvent.builder().id("c").user("u2").at(T).time("s9", 30).build(),
        ev().id("a").task("s1", "t1", 5).build()));

    assertThat(result.results()).extracting(TrackResult::status).containsExactly(
        TrackResult.Status.ACCEPTED, TrackResult.Status.REJECTED, TrackResult.Status.DUPLICATE,
        TrackResult.Status.ACCEPTED, TrackResult.Status.REJECTED);
    assertThat(result.accepted()).isEqualTo(2);
    assertThat(result.duplicates()).isEqualTo(1);
    assertThat(result.rejected()).isEqualTo(2);
    assertThat(tracker.spaceProgress("u1", "s1").component("task")).isEqualTo(100.0);
    assertThat(tracker.users()).containsExactly("u1", "u2");
  }

  @Test
  void trackAll_writesEachChangedKeyOnce() {
    InMemoryProgressStore store = InMemoryProgressStore.withHistory();
    ProgressTracker tracker = Fixtures.tracker().store(store).build();
    tracker.trackAll(List.of(ev().time("s1", 10).build(), ev().time("s1", 10).build(), ev().time("s1", 10).build()));
    assertThat(store.history(ProgressKey.space("u1", "s1"))).hasSize(1);
  }

  @Test
  void trackAll_storeFailureForOneUser_failsOnlyThatUsersEvents() {
    InMemoryProgressStore healthy = InMemoryProgressStore.create();
    ProgressStore failingForBob = new ForwardingStore(healthy) {
      @Override
      public <R, X extends Exception> R inTransaction(String userId, UserCallback<R, X> work) throws X {
        if (userId.equals("bob")) {
          throw new StoreException("disk on fire", new RuntimeException("disk on fire"));
        }
        return super.inTransaction(userId, work);
      }
    };
    ProgressTracker tracker = Fixtures.tracker().store(failingForBob).build();
    BatchResult result = tracker.trackAll(List.of(
        ProgressEvent.builder().user("bob").at(T).time("s1", 30).build(),
        ev().time("s1", 30).build()));
    assertThat(result.results()).extracting(TrackResult::status)
        .containsExactly(TrackResult.Status.FAILED, TrackResult.Status.ACCEPTED);
    assertThat(result.results().get(0).reason()).contains("disk on fire");
    assertThat(tracker.users()).containsExactly("u1");
  }

  @Test
  void listeners_hearChangesWithOldAndNewValues_andMilestonesOnce() {
    List<ProgressChange> changes = new ArrayList<>();
    List<MilestoneReached> milestones = new ArrayList<>();
    ProgressTracker tracker = Fixtures.tracker().listener(new ProgressListener() {
      @Override
      public void onProgressChanged(ProgressChange change) {
        changes.add(change);
      }

      @Override
      public void onMilestoneReached(MilestoneReached milestone) {
        milestones.add(milestone);
      }
    }).build();

    tracker.track(ev().milestone("s1", "m1", 100).goal("g1").build());
    tracker.track(ev(60).milestone("s1", "m1", 100).build());

    assertThat(changes).extracting(c -> c.key().toString(), ProgressChange::previousTotal, c -> c.current().total())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("u1/space/s1", 0.0, 30.0),
            org.assertj.core.groups.Tuple.tuple("u1/goal/g1", 0.0, 18.0));
    assertThat(milestones).containsExactly(new MilestoneReached(ProgressKey.space("u1", "s1"), "m1", T));
  }

  @Test
  void aThrowingListener_isIsolated() {
    AtomicReference<ProgressChange> seen = new AtomicReference<>();
    ProgressTracker tracker = Fixtures.tracker()
        .listener(new ProgressListener() {
          @Override
          public void onProgressChanged(ProgressChange change) {
            throw new IllegalStateException("listener bug");
          }
        })
        .listener(new ProgressListener() {
          @Override
          public void onProgressChanged(ProgressChange change) {
            seen.set(change);
          }
        })
        .build();
    assertThat(tracker.track(ev().time("s1", 30).build()).isAccepted()).isTrue();
    assertThat(seen.get().current().total()).isEqualTo(10.0);
    assertThat(tracker.track(ev().time("s1", 30).build()).isAccepted()).isTrue();
    assertThat(tracker.spaceProgress("u1", "s1").total()).isEqualTo(20.0);
  }

  @Test
  void weights_areConfigurablePerLevel() {
    ProgressTracker tracker = Fixtures.tracker()
        .weights(Level.SPACE, Map.of("task", 1.0, "time", 0.0, "milestone", 0.0, "interaction", 0.0))
        .build();
    tracker.track(ev().task("s1", "t1", 100).build());
    assertThat(tracker.spaceProgress("u1", "s1").total()).isEqualTo(100.0);
  }

  @Test
  void weights_fromThePlan_andTheBuilderOverridesThePlan() {
    Plan plan = Plan.builder()
        .weights(Level.SKILL, Map.of("practice", 1.0, "mastery", 0.0, "peerReview", 0.0))
        .build();
    ProgressTracker fromPlan = Fixtures.tracker().plan(plan).build();
    fromPlan.track(ev().time("s1", 60).skill("k").build());
    assertThat(fromPlan.skillProgress("u1", "k").total()).isEqualTo(10.0);

    ProgressTracker overridden = Fixtures.tracker().plan(plan)
        .weights(Level.SKILL, Map.of("practice", 0.5, "peerReview", 0.5))
        .build();
    overridden.track(ev().time("s1", 60).skill("k").build());
    assertThat(overridden.skillProgress("u1", "k").total()).isEqualTo(5.0);
  }

  @Test
  void weights_invalidAreRefusedWithAClearMessage() {
    assertThatThrownBy(() -> Fixtures.tracker()
            .weights(Level.SPACE, Map.of("task", -0.1, "time", 0.3, "milestone", 0.7, "interaction", 0.1)).build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("weights.space.task -0.1 must be a finite number >= 0");
    assertThatThrownBy(() -> Fixtures.tracker().weights(Level.GOAL, Map.of("spaces", 0.7)).build())
        .hasMessageContaining("must sum to 1");
    assertThatThrownBy(() -> Fixtures.tracker().weights(Level.GOAL, Map.of("bogus", 0.1)).build())
        .hasMessage("weights.goal.bogus: level goal has no component 'bogus'; it has [spaces, milestones, extra]");
    ProgressRule extraRule = ProgressRule.of(Level.GOAL, "bonus", EventType.EXTRA, 0.1, "v1", (e, c) -> 0);
    assertThatThrownBy(() -> Fixtures.tracker().rule(extraRule).build())
        .as("a new rule's weight must be balanced by the others")
        .hasMessageContaining("sum to 1.1");
  }

  @Test
  void rulesVersion_changesWithWeightsAndPlan() {
    String base = tracker(Plan.empty()).rulesVersion();
    assertThat(tracker(Plan.empty()).rulesVersion()).isEqualTo(base);
    assertThat(tracker(Plan.builder().space("s1", 3, null).build()).rulesVersion()).isNotEqualTo(base);
    assertThat(Fixtures.tracker()
        .weights(Level.SPACE, Map.of("task", 0.5, "time", 0.1, "milestone", 0.3, "interaction", 0.1))
        .build().rulesVersion()).isNotEqualTo(base);
    assertThat(Fixtures.tracker().rulesVersion("2026-11").build().rulesVersion()).isEqualTo("2026-11");
  }

  @Test
  void rebuild_recomputesSnapshotsWithNewWeightsAndStampsTheVersion() {
    InMemoryProgressStore store = InMemoryProgressStore.create();
    ProgressTracker before = Fixtures.tracker().store(store).build();
    before.track(ev().task("s1", "t1", 100).build());
    assertThat(before.spaceProgress("u1", "s1").total()).isEqualTo(40.0);

    ProgressTracker after = Fixtures.tracker().store(store)
        .weights(Level.SPACE, Map.of("task", 1.0, "time", 0.0, "milestone", 0.0, "interaction", 0.0))
        .build();
    assertThat(after.spaceProgress("u1", "s1").total()).as("stale until rebuilt").isEqualTo(40.0);
    after.rebuildAll();
    assertThat(after.spaceProgress("u1", "s1").total()).isEqualTo(100.0);
    assertThat(store.snapshot(ProgressKey.space("u1", "s1")).orElseThrow().rulesVersion())
        .isEqualTo(after.rulesVersion())
        .isNotEqualTo(before.rulesVersion());
  }

  @Test
  void userProgress_listsSpacesGoalsAndSkillsSortedById() {
    ProgressTracker tracker = tracker(Plan.empty());
    tracker.trackAll(List.of(ev().time("zeta", 6).goal("g2").skill("b").build(),
        ev().time("alpha", 6).goal("g1").skill("a").build(), ev().extra("g0", 1).build()));
    UserProgress u1 = tracker.userProgress("u1");
    assertThat(u1.spaces()).extracting(p -> p.key().id()).containsExactly("alpha", "zeta");
    assertThat(u1.goals()).extracting(p -> p.key().id()).containsExactly("g0", "g1", "g2");
    assertThat(u1.skills()).extracting(p -> p.key().id()).containsExactly("a", "b");
    assertThat(tracker.userProgress("nobody").spaces()).isEmpty();
  }

  @Test
  void progressOfUnknownKey_isZeroWithThePlansGoal() {
    Plan plan = Plan.builder().goal("g1", List.of("s1"), null).build();
    Progress p = tracker(plan).spaceProgress("u1", "s1");
    assertThat(p.total()).isZero();
    assertThat(p.goalId()).isEqualTo("g1");
  }

  /**
   * A custom goal-only type on an event with a space bound to a goal, but no goalId, used to be accepted and
   * count towards nothing (goal rules read only the events naming their goal), and whether it was accepted
   * depended on whether the binding event had arrived first. It is rejected, naming the field.
   */
  @Test
  void track_customGoalTypeWithoutGoalId_isRejectedEvenWhenItsSpaceIsBound() {
    ProgressRule bonus = ProgressRule.of(Level.GOAL, "bonus", EventType.of("bonus"), 0.1, "v1", (events, ctx) -> 0);
    ProgressTracker tracker = Fixtures.tracker()
        .rule(bonus)
        .weights(Level.GOAL, Map.of("spaces", 0.5, "milestones", 0.3, "extra", 0.1, "bonus", 0.1))
        .build();
    tracker.track(ev().id("bind").space("s1").goal("g1").time("s1", 5).build());

    TrackResult result = tracker.track(ev().id("b").type("bonus").space("s1").value(50).build());

    assertThat(result.isRejected()).isTrue();
    assertThat(result.reason()).startsWith("goalId is required: type 'bonus' is read by [goal] rules only");
  }

  /**
   * With a store that keeps no events, a user whose unit failed cannot be rebuilt; a batch used to fail whole
   * on that user (the error was not a ProgressException). Now only that user's events fail, saying why.
   */
  @Test
  void trackAll_aUserThatCannotBeRebuilt_failsAlone() {
    ProgressRule fragile = ProgressRule.of(Level.SKILL, "peerReview", EventType.PEER_REVIEW, 0.2, "v1",
        (events, ctx) -> {
          if (events.stream().anyMatch(e -> e.value() == 13)) {
            throw new IllegalArgumentException("unlucky");
          }
          return 0;
        });
    ProgressTracker tracker = Fixtures.tracker().rule(fragile).store(InMemoryProgressStore.snapshotsOnly()).build();
    tracker.track(ev().peerReview("k", 50).build());
    assertThatThrownBy(() -> tracker.track(ev().peerReview("k", 13).build())).isInstanceOf(RuleException.class);

    BatchResult batch = tracker.trackAll(List.of(
        ev().time("s1", 5).build(),
        ProgressEvent.builder().user("u2").at(T).time("s1", 5).build()));

    assertThat(batch.results()).extracting(TrackResult::status)
        .containsExactly(TrackResult.Status.FAILED, TrackResult.Status.ACCEPTED);
    assertThat(batch.results().get(0).reason()).contains("keeps none to replay");
  }

  /**
   * Issue 12, item 7: with a clock near the end of time, the clock plus the allowed skew overflowed and trackAll
   * threw a DateTimeException. The library's clock arithmetic saturates instead.
   */
  @Test
  void track_clockNearTheEndOfTime_neverOverflows() {
    java.time.Instant end = java.time.Instant.MAX.minusSeconds(60);
    ProgressTracker tracker = ProgressTracker.builder().clock(() -> end).build();
    ProgressEvent event = ev().time("s1", 5).build();

    assertThat(tracker.track(event).isAccepted()).isTrue();
    assertThat(tracker.trackAll(List.of(ev().time("s1", 5).build())).accepted()).isEqualTo(1);
    ProgressTracker longSkew = ProgressTracker.builder().clock(() -> T).maxClockSkew(Duration.ofSeconds(Long.MAX_VALUE))
        .build();
    assertThat(longSkew.track(ev().time("s1", 5).build()).isAccepted()).isTrue();
  }
}
