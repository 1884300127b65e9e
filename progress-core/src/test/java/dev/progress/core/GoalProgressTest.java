package dev.progress.core;

import static dev.progress.core.Fixtures.ev;
import static dev.progress.core.Fixtures.tracker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Section 3 of the model, and the space-to-goal binding of section 1. */
class GoalProgressTest {

  @Test
  void spaces_isTheMeanOfThePlansSpaces_aListedSpaceWithoutEventsCounts0() {
    Plan plan = Plan.builder().goal("g1", List.of("s1", "s2"), null).build();
    ProgressTracker tracker = tracker(plan);
    tracker.track(ev().task("s1", "t1", 100).build()); // s1 total 40

    Progress g1 = tracker.goalProgress("u1", "g1");
    assertThat(g1.component("spaces")).isEqualTo(20.0);
    assertThat(g1.total()).isEqualTo(12.0);
    assertThat(tracker.userProgress("u1").spaces()).extracting(p -> p.key().id()).containsExactly("s1", "s2");
    assertThat(tracker.spaceProgress("u1", "s2").goalId()).isEqualTo("g1");
  }

  @Test
  void spaces_withoutAPlan_areTheSpacesBoundByEvents() {
    ProgressTracker tracker = tracker(Plan.empty());
    tracker.trackAll(List.of(
        ev().task("s1", "t1", 100).goal("g1").build(), // binds s1 to g1; s1 = 40
        ev().time("s2", 60).goal("g1").build(), // binds s2 to g1; s2 = 20
        ev().time("s3", 60).build())); // not bound
    Progress g1 = tracker.goalProgress("u1", "g1");
    assertThat(g1.component("spaces")).isEqualTo(30.0);
    assertThat(tracker.spaceProgress("u1", "s3").goalId()).isNull();
  }

  @Test
  void spaceEventWithoutGoal_belongsToTheBoundGoal() {
    ProgressTracker tracker = tracker(Plan.empty());
    tracker.track(ev().time("s1", 6).goal("g1").build()); // binds; time 10
    tracker.track(ev().time("s1", 54).build()); // no goalId: still s1 of g1; time 100
    assertThat(tracker.spaceProgress("u1", "s1").total()).isEqualTo(20.0);
    assertThat(tracker.goalProgress("u1", "g1").component("spaces")).isEqualTo(20.0);
  }

  @Test
  void eventNamingAnotherGoalForABoundSpace_isRejected() {
    ProgressTracker tracker = tracker(Plan.empty());
    tracker.track(ev().time("s1", 6).goal("g1").build());
    TrackResult result = tracker.track(ev().time("s1", 6).goal("g2").build());
    assertThat(result.isRejected()).isTrue();
    assertThat(result.reason()).isEqualTo("goalId 'g2' conflicts with goal 'g1' of space 's1'");
    assertThat(tracker.userProgress("u1").goals()).extracting(p -> p.key().id()).containsExactly("g1");
  }

  @Test
  void thePlansBinding_winsOverEvents() {
    Plan plan = Plan.builder().space(new Plan.SpacePlan("s1", "g1", null, null, null)).build();
    ProgressTracker tracker = tracker(plan);
    assertThat(tracker.track(ev().time("s1", 6).goal("g2").build()).reason())
        .isEqualTo("goalId 'g2' conflicts with goal 'g1' of space 's1'");
    assertThat(tracker.track(ev().time("s1", 6).build()).isAccepted()).isTrue();
    assertThat(tracker.goalProgress("u1", "g1").component("spaces")).isEqualTo(2.0);
  }

  @Test
  void milestones_areGoalMilestonesWithoutASpace_overThePlannedCount() {
    Plan plan = Plan.builder().goal("g1", List.of(), 4).build();
    ProgressTracker tracker = tracker(plan);
    tracker.trackAll(List.of(ev().goalMilestone("g1", "gm1", 100).build(),
        ev().goalMilestone("g1", "gm2", 50).build(),
        ev().milestone("s1", "m1", 100).goal("g1").build())); // a space milestone: not a goal milestone
    assertThat(tracker.goalProgress("u1", "g1").component("milestones")).isEqualTo(25.0);
  }

  @Test
  void milestones_withoutAPlan_overDistinctGoalMilestoneItemsSeen() {
    ProgressTracker tracker = tracker(Plan.empty());
    tracker.trackAll(List.of(ev().goalMilestone("g1", "gm1", 100).build(),
        ev().goalMilestone("g1", "gm2", 50).build()));
    assertThat(tracker.goalProgress("u1", "g1").component("milestones")).isEqualTo(50.0);
  }

  @Test
  void extra_isTenPerActivity_cappedAt100() {
    ProgressTracker tracker = tracker(Plan.empty());
    tracker.trackAll(List.of(ev().extra("g1", 1).build(), ev().extra("g1", 2).build()));
    assertThat(tracker.goalProgress("u1", "g1").component("extra")).isEqualTo(30.0);
    tracker.track(ev().extra("g1", 8).build());
    assertThat(tracker.goalProgress("u1", "g1").component("extra")).isEqualTo(100.0);
  }

  @Test
  void goalWithoutSpaces_hasSpaces0() {
    ProgressTracker tracker = tracker(Plan.empty());
    tracker.track(ev().extra("g1", 1).build());
    Progress g1 = tracker.goalProgress("u1", "g1");
    assertThat(g1.component("spaces")).isZero();
    assertThat(g1.total()).isEqualTo(1.0);
  }

  @Test
  void goalTotal_followsItsSpaces() {
    ProgressTracker tracker = tracker(Plan.empty());
    tracker.track(ev().task("s1", "t1", 0).goal("g1").build());
    assertThat(tracker.goalProgress("u1", "g1").total()).isZero();
    tracker.track(ev(60).task("s1", "t1", 100).build());
    assertThat(tracker.goalProgress("u1", "g1").total()).isEqualTo(0.6 * 40);
  }

  /**
   * A goal keeps its spaces' totals in id order; a space bound later but sorted earlier moves the others'
   * places, and each must still update its own total (regression guard for the goal's array of totals).
   */
  @Test
  void spaces_boundOutOfIdOrder_eachKeepsUpdatingItsOwnTotal() {
    ProgressTracker tracker = tracker(Plan.empty());
    tracker.track(ev().task("s3", "t1", 100).goal("g1").build()); // s3 = 40
    tracker.track(ev().time("s1", 60).goal("g1").build()); // s1 = 20, sorted before s3
    tracker.track(ev().time("s3", 60).build()); // s3 = 60
    tracker.track(ev().time("s2", 30).goal("g1").build()); // s2 = 10, between them
    tracker.track(ev().task("s1", "t1", 100).build()); // s1 = 60

    assertThat(tracker.goalProgress("u1", "g1").component("spaces")).isCloseTo((60 + 10 + 60) / 3.0, within(1e-9));
  }
}
