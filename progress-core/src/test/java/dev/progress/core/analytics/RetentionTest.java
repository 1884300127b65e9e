package dev.progress.core.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.progress.core.ProgressEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Section 9 on hand-computed cases: FSRS-5's curve, which events make a practice day, the explanation. */
class RetentionTest {
  private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
  private final ActivityHistory history = ActivityHistory.create("ana", KOLKATA);

  private void practise(String day) {
    history.record(ProgressEvent.builder().user("ana").time("s1", 20).skill("coding")
        .at(LocalDate.parse(day).atTime(9, 0).atZone(KOLKATA).toInstant()).build());
  }

  private static Instant endOf(String day) {
    return LocalDate.parse(day).plusDays(1).atStartOfDay(KOLKATA).toInstant();
  }

  @Test
  void onePracticeDay_retentionIs90AfterTheInitialStabilityOf3Point173Days() {
    practise("2026-10-01");
    Instant t = endOf("2026-10-01").plus(Duration.ofMillis(274_147_200)); // 3.173 days

    Retention r = history.retention("coding", t).orElseThrow();

    assertThat(r.stability()).isEqualTo(3.173);
    assertThat(r.retention()).isCloseTo(90.0, within(1e-6));
    assertThat(r.practiceDays()).isEqualTo(1);
    assertThat(r.lastPractice()).isEqualTo(LocalDate.parse("2026-10-01"));
  }

  @Test
  void secondPracticeDay_growsStabilityByTheFsrs5Formula() {
    practise("2026-10-01");
    practise("2026-10-04");
    // R(3, 3.173) = (1 + 19/81 x 3 / 3.173)^-0.5; D = 7.1949 - e^(2 x 0.5345) + 1
    double r = Math.pow(1 + 19.0 / 81 * 3 / 3.173, -0.5);
    double d = 7.1949 - Math.exp(1.069) + 1;
    double expected = 3.173 * (1 + Math.exp(1.54575) * (11 - d) * Math.pow(3.173, -0.1192)
        * (Math.exp(1.01925 * (1 - r)) - 1));

    Retention after = history.retention("coding", endOf("2026-10-04")).orElseThrow();

    assertThat(after.stability()).isCloseTo(expected, within(1e-9)).isGreaterThan(3.173);
    assertThat(after.retention()).isEqualTo(100.0);
  }

  @Test
  void practiceDays_comeFromTaskAndTimeEventsOfTheSkill_upToTheDayOfT() {
    history.record(ProgressEvent.builder().user("ana").peerReview("coding", 90)
        .at(Instant.parse("2026-10-01T05:00:00Z")).build());
    history.record(ProgressEvent.builder().user("ana").interaction("s1", 90).skill("coding")
        .at(Instant.parse("2026-10-01T05:00:00Z")).build());
    assertThat(history.retention("coding", Instant.parse("2026-10-02T00:00:00Z"))).isEmpty();

    history.record(ProgressEvent.builder().user("ana").task("s1", "t1", 10).skill("coding")
        .at(Instant.parse("2026-10-03T05:00:00Z")).build());
    assertThat(history.retention("coding", Instant.parse("2026-10-02T00:00:00Z"))).isEmpty(); // after T's day
    assertThat(history.retention(Instant.parse("2026-10-03T06:00:00Z"))).extracting(Retention::skill)
        .containsExactly("coding");
    assertThat(history.retention("math", Instant.parse("2026-10-03T06:00:00Z"))).isEmpty();
  }

  @Test
  void explanationAndDecay() {
    practise("2026-10-01");
    Retention r = history.retention("coding", endOf("2026-10-01").plus(Duration.ofHours(36))).orElseThrow();

    assertThat(r.explanation()).isEqualTo("coding: practised on 1 day, the last on 2026-10-01; stability 3.2 days, "
        + "1.5 days later " + Texts.decimal(r.retention(), 1) + "% retained.");
    assertThat(r.decay(80)).isCloseTo(80 * r.retention() / 100, within(1e-12));
    assertThat(r.retention()).isBetween(94.0, 95.0); // (1 + 19/81 x 1.5 / 3.173)^-0.5 = 0.9459
  }

  @Test
  void practiceRecordedThroughASkillsDays_isThePracticeRecordedByName() {
    ActivityHistory byHandle = ActivityHistory.create("ana", KOLKATA);
    ActivityHistory.SkillDays coding = byHandle.skillDays("coding");
    for (String day : new String[] {"2026-10-01", "2026-10-03", "2026-10-08"}) {
      practise(day);
      byHandle.record(ProgressEvent.builder().user("ana").time("s1", 20).skill("coding")
          .at(LocalDate.parse(day).atTime(9, 0).atZone(KOLKATA).toInstant()).build(), coding);
    }
    Instant t = endOf("2026-10-10");

    assertThat(byHandle.retention(t)).isEqualTo(history.retention(t)).hasSize(1);
    assertThat(byHandle.retention("coding", t).orElseThrow().practiceDays()).isEqualTo(3);
  }

  @Test
  void aSkillsDaysOfAnotherHistory_areRefused() {
    ActivityHistory.SkillDays othersCoding = ActivityHistory.create("bo", KOLKATA).skillDays("coding");
    ProgressEvent event = ProgressEvent.builder().user("ana").time("s1", 20).skill("coding")
        .at(Instant.parse("2026-10-01T09:00:00Z")).build();

    assertThatThrownBy(() -> history.record(event, othersCoding))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("coding");
    assertThat(history.retention(endOf("2026-10-01"))).isEmpty();
  }
}
