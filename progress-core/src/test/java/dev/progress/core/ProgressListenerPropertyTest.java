package dev.progress.core;

import static dev.progress.core.Scenarios.NOW;
import static dev.progress.core.Scenarios.scenarios;
import static dev.progress.core.Scenarios.shuffledWithDuplicates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What listeners are told, on random event sets: for each key, the changes form one chain from 0 to the final
 * total (each change's previous total is the last one told, and it really changed), and each milestone item is
 * reported reached exactly once, when an event of value 100 first arrives for it.
 */
class ProgressListenerPropertyTest {

  @Test
  void changesOfEachKey_chainFrom0ToTheFinalTotal_andMilestonesAreToldOnce() {
    qt().withExamples(400).withShrinkCycles(2000).forAll(scenarios(30), longs().all())
        .checkAssert((scenario, seed) -> {
          Random random = new Random(seed);
          Recorder recorder = new Recorder();
          ProgressTracker tracker =
              ProgressTracker.builder().plan(scenario.plan()).clock(() -> NOW).listener(recorder).build();
          List<ProgressEvent> arrivals = shuffledWithDuplicates(scenario.events(), random);
          Set<String> expectedMilestones = new HashSet<>();
          for (List<ProgressEvent> batch : OrderIndependencePropertyTest.batches(arrivals, random)) {
            List<TrackResult> results = random.nextBoolean()
                ? tracker.trackAll(batch).results()
                : batch.stream().map(tracker::track).toList();
            for (int i = 0; i < batch.size(); i++) {
              ProgressEvent e = batch.get(i);
              if (results.get(i).isAccepted() && e.type().equals(EventType.MILESTONE) && e.value() == 100) {
                ProgressKey key = e.spaceId() != null
                    ? ProgressKey.space(e.userId(), e.spaceId())
                    : ProgressKey.goal(e.userId(), e.goalId());
                // an event without itemId is an item of its own, even when its id names another item
                expectedMilestones.add(key + (e.itemId() != null ? "#item " + e.itemId() : "#own item " + e.id()));
              }
            }
          }

          assertThat(recorder.milestones).as("milestones reached, once per item").hasSize(expectedMilestones.size())
              .containsExactlyInAnyOrderElementsOf(
                  expectedMilestones.stream().map(m -> m.replaceFirst("#(own )?item ", "#")).toList());
          Map<ProgressKey, Double> last = new HashMap<>();
          for (ProgressChange c : recorder.changes) {
            double previous = last.getOrDefault(c.key(), 0.0);
            assertThat(c.previousTotal()).as("previous total of %s", c.key()).isEqualTo(previous);
            assertThat(c.current().total()).as("a change of %s changes the total", c.key()).isNotEqualTo(previous);
            last.put(c.key(), c.current().total());
          }
          for (String user : tracker.users()) {
            UserProgress up = tracker.userProgress(user);
            for (List<Progress> level : List.of(up.spaces(), up.goals(), up.skills())) {
              for (Progress p : level) {
                assertThat(last.getOrDefault(p.key(), 0.0)).as("last total told for %s", p.key())
                    .isEqualTo(p.total());
              }
            }
          }
        });
  }

  /**
   * Regression, found by the property above: a milestone event without itemId is an item of its own, but the
   * tracker remembered reached milestones by (key, itemId or else event id), so an anonymous event whose id
   * happened to equal a named item of the same key was taken for that item. The goal's milestones component
   * counted two achieved items, while listeners were told of one.
   */
  @Test
  void milestoneWithoutItemId_whoseIdEqualsANamedItem_isReachedOnItsOwn() {
    Recorder recorder = new Recorder();
    Plan plan = Plan.builder().goal("g1", List.of(), 4).build();
    ProgressTracker tracker = ProgressTracker.builder().plan(plan).clock(() -> NOW).listener(recorder).build();
    ProgressEvent ownItem = ProgressEvent.builder().id("m1").user("u1").at(Scenarios.T)
        .type(EventType.MILESTONE).goal("g1").value(100).build();
    ProgressEvent namedItem = ProgressEvent.builder().id("m2").user("u1").at(Scenarios.T)
        .goalMilestone("g1", "m1", 100).build();

    assertThat(tracker.trackAll(List.of(ownItem, namedItem)).accepted()).isEqualTo(2);

    assertThat(tracker.goalProgress("u1", "g1").component("milestones")).as("2 of 4 achieved").isEqualTo(50.0);
    assertThat(recorder.milestones).containsExactly("u1/goal/g1#m1", "u1/goal/g1#m1");
  }

  /**
   * Regression: reached milestones were remembered as one string, level + NUL + key id + NUL + item, while ids
   * could then contain NUL: space "a\0b" with item "c" and space "a" with item "b\0c" made the same string, so
   * the second was never told. Ids may no longer hold U+0000, and the key is now structured; this keeps ids
   * with other control characters apart.
   */
  @Test
  void milestonesOfDifferentKeys_whoseIdsJoinToTheSameText_areEachReached() {
    Recorder recorder = new Recorder();
    ProgressTracker tracker = ProgressTracker.builder().clock(() -> NOW).listener(recorder).build();
    ProgressEvent.Builder ev = ProgressEvent.builder().user("u1").at(Scenarios.T);

    tracker.track(ev.id("m1").milestone("a\u0001b", "c", 100).build());
    tracker.track(ev.id("m2").milestone("a", "b\u0001c", 100).build());

    assertThat(recorder.milestones).containsExactly("u1/space/a\u0001b#c", "u1/space/a#b\u0001c");
  }

  /** Records what it is told, in order. Not thread-safe; these trackers are used from one thread. */
  private static final class Recorder implements ProgressListener {
    final List<ProgressChange> changes = new ArrayList<>();
    final List<String> milestones = new ArrayList<>();

    @Override
    public void onProgressChanged(ProgressChange change) {
      changes.add(change);
    }

    @Override
    public void onMilestoneReached(MilestoneReached m) {
      milestones.add(m.key() + "#" + m.itemId());
    }
  }
}
