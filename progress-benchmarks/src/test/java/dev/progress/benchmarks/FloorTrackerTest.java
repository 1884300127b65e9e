package dev.progress.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.progress.core.EventType;
import dev.progress.core.Progress;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import dev.progress.core.ProgressTracker;
import dev.progress.core.UserProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The floor is a fair baseline only if it does the real tracker's work: the same keys, the same totals. */
class FloorTrackerTest {

  @Test
  void track_workloadOfManyUsers_sameKeysAndTotalsAsProgressTracker() {
    ProgressTracker tracker = ProgressTracker.inMemory();
    FloorTracker floor = new FloorTracker();
    int users = 20;
    for (ProgressEvent e : Workload.manyUsers(users, users * 1_500)) {
      assertThat(floor.track(e)).isEqualTo(tracker.track(e).isAccepted());
    }
    assertSameTotals(tracker, floor, users, 20 + 4 + 3);
  }

  /**
   * Every type, events without item, difficulties, goal milestones, spaces without goalId, repeated ids and
   * timestamps out of order (ties included): what the workload does not exercise.
   */
  @Test
  void track_mixedTypesOutOfOrder_sameTotalsAsProgressTracker() {
    Random random = new Random(42);
    List<ProgressEvent> events = new ArrayList<>();
    String[] skills = {"coding", "math"};
    String[] difficulties = {"easy", "medium", "hard"};
    for (int n = 0; n < 4_000; n++) {
      String user = "u" + random.nextInt(3);
      int space = random.nextInt(6);
      String goal = "g" + space / 3;
      ProgressEvent.Builder b = ProgressEvent.builder().id("e" + n).user(user)
          .at(Workload.START.plusSeconds(random.nextInt(500))); // many equal timestamps
      switch (random.nextInt(8)) {
        case 0, 1 -> {
          b.type(EventType.TASK).space("s" + space).value(random.nextInt(3) * 50)
              .skill(skills[random.nextInt(2)]).difficulty(difficulties[random.nextInt(3)]);
          if (random.nextInt(10) > 0) {
            b.item("t" + random.nextInt(15));
          }
        }
        case 2 -> b.type(EventType.TIME).space("s" + space).value(1 + random.nextInt(30))
            .skill(skills[random.nextInt(2)]);
        case 3 -> b.type(EventType.MILESTONE).space("s" + space).item("m" + random.nextInt(4))
            .value(random.nextBoolean() ? 100 : 30);
        case 4 -> b.type(EventType.MILESTONE).goal(goal).item("gm" + random.nextInt(3))
            .value(random.nextBoolean() ? 100 : 30);
        case 5 -> b.type(EventType.INTERACTION).space("s" + space).value(random.nextInt(101));
        case 6 -> b.type(EventType.EXTRA).goal(goal).value(1);
        default -> b.type(EventType.PEER_REVIEW).skill(skills[random.nextInt(2)]).value(random.nextInt(101));
      }
      if (random.nextInt(3) == 0 && events.size() > 0) {
        events.add(events.get(random.nextInt(events.size()))); // a duplicate
      }
      if (random.nextBoolean()) {
        b.goal(goal); // tasks, time, milestones and interactions name the space's goal half of the time
      }
      events.add(b.build());
    }
    ProgressTracker tracker = ProgressTracker.inMemory();
    FloorTracker floor = new FloorTracker();
    for (ProgressEvent e : events) {
      assertThat(floor.track(e)).as("%s", e).isEqualTo(tracker.track(e).isAccepted());
    }
    assertSameTotals(tracker, floor, 3, 6 + 2 + 2);
  }

  @Test
  void track_repeatedIdOrOtherGoal_ignored() {
    FloorTracker floor = new FloorTracker();
    ProgressEvent first = ProgressEvent.builder().id("e1").user("u").task("s1", "t1", 100).goal("g1")
        .at(Workload.START).build();
    assertThat(floor.track(first)).isTrue();
    assertThat(floor.track(first)).isFalse();
    assertThat(floor.track(ProgressEvent.builder().id("e2").user("u").task("s1", "t2", 100).goal("g2")
        .at(Workload.START).build())).isFalse();
    assertThat(floor.total(ProgressKey.space("u", "s1"))).isEqualTo(40.0);
    assertThat(floor.total(ProgressKey.goal("u", "g1"))).isEqualTo(24.0);
    assertThat(floor.total(ProgressKey.goal("u", "g2"))).isNaN();
  }

  private static void assertSameTotals(ProgressTracker tracker, FloorTracker floor, int users, int keysPerUser) {
    for (int u = 0; u < users; u++) {
      String user = "u" + u;
      UserProgress all = tracker.userProgress(user);
      List<Progress> progress = Stream.of(all.spaces(), all.goals(), all.skills()).flatMap(List::stream).toList();
      assertThat(floor.keys(user)).as(user).hasSize(keysPerUser)
          .containsExactlyInAnyOrderElementsOf(progress.stream().map(Progress::key).toList());
      for (Progress p : progress) {
        assertThat(floor.total(p.key())).as("%s", p.key()).isCloseTo(p.total(), within(1e-9));
      }
      assertThat(progress).anySatisfy(p -> assertThat(p.total()).isGreaterThan(0));
    }
  }
}
