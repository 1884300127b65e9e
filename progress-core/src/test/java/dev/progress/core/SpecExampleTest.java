package dev.progress.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report example of section 6 of the model, computed by hand. */
class SpecExampleTest {
  static final Instant T = Instant.parse("2026-10-01T10:00:00Z");

  @Test
  void sectionSixExample() {
    Plan plan = Plan.builder()
        .space(new Plan.SpacePlan("s1", "g1", 4, 3, 60.0))
        .goal("g1", List.of("s1"), 2)
        .skill("coding", 600)
        .build();
    ProgressTracker tracker = ProgressTracker.builder().plan(plan).clock(() -> T.plusSeconds(3600)).build();
    var e = List.of(
        ev().task("s1", "t1", 100).skill("coding").build(),
        ev().task("s1", "t2", 100).skill("coding").build(),
        ev().task("s1", "t3", 50).skill("coding").build(),
        ev().task("s1", "t4", 40).skill("coding").build(),
        ev().time("s1", 60).skill("coding").build(),
        ev().milestone("s1", "m1", 100).build(),
        ev().interaction("s1", 80).build(),
        ev().goalMilestone("g1", "gm1", 100).build(),
        ev().extra("g1", 3).build());
    BatchResult result = tracker.trackAll(e);
    assertThat(result.accepted()).isEqualTo(9);

    Progress s1 = tracker.spaceProgress("u1", "s1");
    assertThat(s1.component("task")).isEqualTo(50.0);
    assertThat(s1.component("time")).isEqualTo(100.0);
    assertThat(s1.component("milestone")).isCloseTo(33.3333, within(1e-4));
    assertThat(s1.component("interaction")).isEqualTo(80.0);
    assertThat(s1.total()).isCloseTo(58.0, within(1e-9));
    assertThat(s1.goalId()).isEqualTo("g1");

    Progress g1 = tracker.goalProgress("u1", "g1");
    assertThat(g1.total()).isCloseTo(52.8, within(1e-9));

    Progress coding = tracker.skillProgress("u1", "coding");
    assertThat(coding.component("practice")).isEqualTo(10.0);
    assertThat(coding.component("mastery")).isEqualTo(50.0);
    assertThat(coding.total()).isCloseTo(24.0, within(1e-9));
    System.out.println(s1.explanation());
  }

  private static ProgressEvent.Builder ev() {
    return ProgressEvent.builder().user("u1").at(T);
  }
}
