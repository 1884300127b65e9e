package dev.progress.core;

import static dev.progress.core.Fixtures.ev;
import static dev.progress.core.Fixtures.tracker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Section 2 of the model: space components and total, on hand-computed cases. */
class SpaceProgressTest {

  private static Progress space(ProgressTracker tracker, ProgressEvent... events) {
    BatchResult result = tracker.trackAll(List.of(events));
    assertThat(result.rejected()).as(result.toString()).isZero();
    return tracker.spaceProgress("u1", "s1");
  }

  private static Progress space(ProgressEvent... events) {
    return space(tracker(Plan.empty()), events);
  }

  @Test
  void nothingTracked_isAllZero() {
    Progress p = tracker(Plan.empty()).spaceProgress("u1", "s1");
    assertThat(p.total()).isZero();
    assertThat(p.components()).extracting(Component::name).containsExactly("task", "time", "milestone", "interaction");
    assertThat(p.components()).extracting(Component::weight).containsExactly(0.4, 0.2, 0.3, 0.1);
  }

  @Test
  void task_isCompletedItemsOverItemsSeen_withoutAPlan() {
    Progress p = space(ev().task("s1", "t1", 100).build(), ev().task("s1", "t2", 50).build(),
        ev().task("s1", "t3", 0).build(), ev().task("s1", "t4", 100).build());
    assertThat(p.component("task")).isEqualTo(50.0);
    assertThat(p.total()).isEqualTo(20.0);
  }

  @Test
  void task_itemCompletionIsItsLatestEvent() {
    Progress p = space(ev(60).task("s1", "t1", 50).build(), ev(0).task("s1", "t1", 100).build());
    assertThat(p.component("task")).as("the 100 is older than the 50").isZero();
  }

  @Test
  void task_equalTimestamps_theGreaterValueWins() {
    Progress p = space(ev(0).task("s1", "t1", 100).build(), ev(0).task("s1", "t1", 40).build());
    assertThat(p.component("task")).isEqualTo(100.0);
  }

  @Test
  void task_eventWithoutItemId_isItsOwnItem() {
    Progress p = space(ev().type("task").space("s1").value(100).build(),
        ev().type("task").space("s1").value(100).build(), ev().type("task").space("s1").value(10).build());
    assertThat(p.component("task")).isCloseTo(66.6667, within(1e-4));
  }

  @Test
  void task_totalFromThePlan_andMoreItemsThanPlannedCapAt100() {
    Plan plan = Plan.builder().space("s1", 4, null).build();
    assertThat(space(tracker(plan), ev().task("s1", "t1", 100).build()).component("task")).isEqualTo(25.0);

    Plan two = Plan.builder().space("s1", 2, null).build();
    Progress over = space(tracker(two), ev().task("s1", "a", 100).build(), ev().task("s1", "b", 100).build(),
        ev().task("s1", "c", 100).build());
    assertThat(over.component("task")).isEqualTo(100.0);
  }

  @Test
  void task_plannedZeroTasks_isZero() {
    Plan plan = Plan.builder().space("s1", 0, null).build();
    assertThat(space(tracker(plan), ev().task("s1", "t1", 100).build()).component("task")).isZero();
  }

  @Test
  void time_isMinutesOverTarget_default60_cappedAt100() {
    assertThat(space(ev().time("s1", 15).build()).component("time")).isEqualTo(25.0);
    assertThat(space(ev().time("s1", 50).build(), ev().time("s1", 50).build()).component("time")).isEqualTo(100.0);

    Plan plan = Plan.builder().space(new Plan.SpacePlan("s1", null, null, null, 600.0)).build();
    assertThat(space(tracker(plan), ev().time("s1", 90).build()).component("time")).isEqualTo(15.0);
  }

  @Test
  void time_planDefaultsApplyToUnlistedSpaces() {
    Plan plan = Plan.builder().defaults(new Plan.Defaults(120, 600)).build();
    assertThat(space(tracker(plan), ev().time("s1", 30).build()).component("time")).isEqualTo(25.0);
  }

  @Test
  void milestone_achievedOnceAnyEventIs100_andStaysAchieved() {
    Progress p = space(ev(0).milestone("s1", "m1", 100).build(), ev(60).milestone("s1", "m1", 20).build(),
        ev().milestone("s1", "m2", 80).build());
    assertThat(p.component("milestone")).isEqualTo(50.0);
  }

  @Test
  void milestone_totalFromThePlan() {
    Plan plan = Plan.builder().space("s1", null, 3).build();
    Progress p = space(tracker(plan), ev().milestone("s1", "m1", 100).build());
    assertThat(p.component("milestone")).isCloseTo(33.3333, within(1e-4));
  }

  @Test
  void interaction_isTheMeanOfItsValues() {
    Progress p = space(ev().interaction("s1", 80).build(), ev().interaction("s1", 70).build(),
        ev().interaction("s1", 30).build());
    assertThat(p.component("interaction")).isEqualTo(60.0);
    assertThat(p.total()).isEqualTo(6.0);
  }

  @Test
  void total_isTheWeightedSum_andCompleteAt100() {
    Progress p = space(ev().task("s1", "t1", 100).build(), ev().time("s1", 60).build(),
        ev().milestone("s1", "m1", 100).build(), ev().interaction("s1", 100).build());
    assertThat(p.total()).isEqualTo(100.0);
    assertThat(p.isComplete()).isTrue();
  }

  @Test
  void explanation_showsEachComponentTimesItsWeight() {
    Progress p = space(ev().task("s1", "t1", 100).build(), ev().task("s1", "t2", 0).build(),
        ev().time("s1", 60).build());
    assertThat(p.explanation()).isEqualTo("""
        task 50.0 x 0.40 = 20.00
        time 100.0 x 0.20 = 20.00
        milestone 0.0 x 0.30 = 0.00
        interaction 0.0 x 0.10 = 0.00
        total = 40.00""");
  }

  @Test
  void eventsOfOtherSpacesAndUsers_doNotCount() {
    ProgressTracker tracker = tracker(Plan.empty());
    tracker.trackAll(List.of(ev().task("s2", "t1", 100).build(),
        ProgressEvent.builder().user("u2").at(Fixtures.T).task("s1", "t1", 100).build(),
        ev().task("s1", "t1", 0).build()));
    assertThat(tracker.spaceProgress("u1", "s1").component("task")).isZero();
    assertThat(tracker.spaceProgress("u2", "s1").component("task")).isEqualTo(100.0);
  }
}
