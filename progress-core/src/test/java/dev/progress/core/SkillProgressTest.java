package dev.progress.core;

import static dev.progress.core.Fixtures.ev;
import static dev.progress.core.Fixtures.tracker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Section 4 of the model. */
class SkillProgressTest {

  private static Progress coding(ProgressTracker tracker, ProgressEvent... events) {
    assertThat(tracker.trackAll(List.of(events)).rejected()).isZero();
    return tracker.skillProgress("u1", "coding");
  }

  private static Progress coding(ProgressEvent... events) {
    return coding(tracker(Plan.empty()), events);
  }

  @Test
  void practice_isMinutesOverTarget_default600() {
    Progress p = coding(ev().time("s1", 60).skill("coding").build(), ev().time("s2", 90).skill("coding").build());
    assertThat(p.component("practice")).isEqualTo(25.0);
    Plan plan = Plan.builder().skill("coding", 1200).build();
    assertThat(coding(tracker(plan), ev().time("s1", 600).skill("coding").build()).component("practice"))
        .isEqualTo(50.0);
  }

  @Test
  void mastery_weighsCompletedItemsByDifficulty() {
    // easy done (1), medium done (2), hard half-way (3): 3 / 6
    Progress p = coding(ev().task("s1", "a", 100).skill("coding").difficulty("easy").build(),
        ev().task("s1", "b", 100).skill("coding").build(),
        ev().task("s2", "c", 50).skill("coding").difficulty("hard").build());
    assertThat(p.component("mastery")).isEqualTo(50.0);
  }

  @Test
  void mastery_itemsAreSpaceAndItemPairs_latestEventCounts() {
    Progress p = coding(ev(0).task("s1", "a", 100).skill("coding").build(),
        ev(60).task("s1", "a", 50).skill("coding").build(), // s1/a no longer complete
        ev().task("s2", "a", 100).skill("coding").build()); // another item
    assertThat(p.component("mastery")).isEqualTo(50.0);
  }

  /** Regression: ids holding U+001E, the old end-of-string marker, made these two pairs one item. */
  @Test
  void mastery_pairsThatOnlyASeparatorWouldTellApart_areTwoItems() {
    Progress p = coding(
        ev().task("a", "\u001Eb", 100).skill("coding").build(),
        ev().task("a\u001E", "b", 0).skill("coding").build());
    assertThat(p.component("mastery")).isEqualTo(50.0);
  }

  @Test
  void mastery_withoutTaskItems_is0() {
    assertThat(coding(ev().time("s1", 60).skill("coding").build()).component("mastery")).isZero();
  }

  @Test
  void peerReview_isTheMeanOfReviewScores() {
    Progress p = coding(ev().peerReview("coding", 90).build(), ev().peerReview("coding", 60).build());
    assertThat(p.component("peerReview")).isEqualTo(75.0);
    assertThat(p.total()).isEqualTo(15.0);
  }

  @Test
  void taskType_isTheSkillWhenSkillIsAbsent() {
    Progress p = coding(ev().task("s1", "a", 100).meta("taskType", "coding").build());
    assertThat(p.component("mastery")).isEqualTo(100.0);
  }

  @Test
  void skills_comeOnlyFromTaskTimeAndPeerReviewEvents() {
    ProgressTracker tracker = tracker(Plan.empty());
    tracker.trackAll(List.of(ev().milestone("s1", "m1", 100).skill("art").build(),
        ev().interaction("s1", 80).skill("art").build(), ev().time("s1", 60).skill("coding").build()));
    assertThat(tracker.userProgress("u1").skills()).extracting(p -> p.key().id()).containsExactly("coding");
  }

  @Test
  void total_isTheWeightedSum() {
    Progress p = coding(ev().time("s1", 60).skill("coding").build(),
        ev().task("s1", "a", 100).skill("coding").build(), ev().peerReview("coding", 50).build());
    assertThat(p.total()).isCloseTo(0.4 * 10 + 0.4 * 100 + 0.2 * 50, within(1e-9));
  }
}
