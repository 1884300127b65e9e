package dev.progress.core.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.core.Level;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import dev.progress.core.analytics.Insight.Kind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Section 10: each kind on a case that triggers it and on one just below its threshold; order; messages. */
class InsightsTest {
  private static final LocalDate DAY = LocalDate.parse("2026-11-20");
  private static final Instant T = Instant.parse("2026-11-20T18:00:00Z");
  private static final InsightSettings DEFAULTS = InsightSettings.DEFAULTS;

  private final ActivityHistory history = ActivityHistory.create("ana", ZoneOffset.UTC);

  private InsightsTest minutes(int daysBeforeT, double minutes) {
    history.record(ProgressEvent.builder().user("ana").time("s1", minutes)
        .at(DAY.minusDays(daysBeforeT).atTime(9, 0).toInstant(ZoneOffset.UTC)).build());
    return this;
  }

  private InsightsTest activeOn(int... daysBeforeT) {
    for (int d : daysBeforeT) {
      history.record(ProgressEvent.builder().user("ana").interaction("s1", 50)
          .at(DAY.minusDays(d).atTime(9, 0).toInstant(ZoneOffset.UTC)).build());
    }
    return this;
  }

  private List<Insight> insights(Map<String, Double> skills, List<KeyHistory> keys, InsightSettings settings) {
    return history.report(T, skills, keys, settings).insights();
  }

  private List<Insight> insights() {
    return insights(Map.of(), List.of(), DEFAULTS);
  }

  private static List<Insight> of(List<Insight> insights, Kind kind) {
    return insights.stream().filter(i -> i.kind() == kind).toList();
  }

  /** A space whose total has been {@code total} since long ago, and at T. */
  private static KeyHistory space(String id, double total) {
    return key(ProgressKey.space("ana", id), total, total, null);
  }

  /** A key whose total was {@code weekAgo} up to 7 days before T's day and is {@code now} since. */
  private static KeyHistory key(ProgressKey key, double weekAgo, double now, @Nullable LocalDate deadline) {
    List<Double> endOfDay = new ArrayList<>();
    for (int d = 27; d >= 0; d--) {
      endOfDay.add(d >= 7 ? weekAgo : now);
    }
    return new KeyHistory(key, new DailyTotals(DAY.minusDays(40), DAY, weekAgo, endOfDay, now), deadline);
  }

  @Test
  void nearCompletion_from90_below100() {
    List<Insight> at90 = insights(Map.of(), List.of(space("algebra", 90)), DEFAULTS);

    assertThat(of(at90, Kind.NEAR_COMPLETION)).containsExactly(
        new Insight(Kind.NEAR_COMPLETION, Level.SPACE, "algebra", "algebra is at 90%: 10 points to go"));
    assertThat(of(insights(Map.of(), List.of(space("algebra", 89.999)), DEFAULTS), Kind.NEAR_COMPLETION)).isEmpty();
    assertThat(of(insights(Map.of(), List.of(space("algebra", 100)), DEFAULTS), Kind.NEAR_COMPLETION)).isEmpty();
  }

  @Test
  void nearCompletion_roundsDown_soTheNumbersAddUpTo100() {
    List<Insight> insights = insights(Map.of(), List.of(space("algebra", 99.6)), DEFAULTS);

    assertThat(of(insights, Kind.NEAR_COMPLETION).get(0).message()).isEqualTo("algebra is at 99%: 1 point to go");
  }

  @Test
  void completed_reached100_belowAtTheEndOfTheDay7DaysBefore() {
    KeyHistory goal = key(ProgressKey.goal("ana", "math-101"), 99.9, 100, null);

    assertThat(of(insights(Map.of(), List.of(goal), DEFAULTS), Kind.COMPLETED)).containsExactly(
        new Insight(Kind.COMPLETED, Level.GOAL, "math-101", "math-101 reached 100% in the last 7 days"));
    KeyHistory earlier = key(ProgressKey.goal("ana", "math-101"), 100, 100, null);
    assertThat(of(insights(Map.of(), List.of(earlier), DEFAULTS), Kind.COMPLETED)).isEmpty();
  }

  @Test
  void completed_readsTheEndOfTheDay7DaysBefore_notTheDayAfter() {
    // reached 100 on the 6th day before T's day: the 7th day before still had 50
    List<Double> endOfDay = new ArrayList<>();
    for (int d = 27; d >= 0; d--) {
      endOfDay.add(d >= 7 ? 50.0 : 100.0);
    }
    KeyHistory space = new KeyHistory(ProgressKey.space("ana", "s1"),
        new DailyTotals(DAY.minusDays(27), DAY, 0, endOfDay, 100), null);
    List<Double> shifted = new ArrayList<>(endOfDay);
    shifted.set(20, 100.0); // now 100 already at the end of the 7th day before
    KeyHistory earlier = new KeyHistory(ProgressKey.space("ana", "s1"),
        new DailyTotals(DAY.minusDays(27), DAY, 0, shifted, 100), null);

    assertThat(of(insights(Map.of(), List.of(space), DEFAULTS), Kind.COMPLETED)).hasSize(1);
    assertThat(of(insights(Map.of(), List.of(earlier), DEFAULTS), Kind.COMPLETED)).isEmpty();
  }

  @Test
  void paceDropped_belowHalfOfAtLeastAnHour() {
    minutes(10, 60).minutes(2, 29.99);

    assertThat(of(insights(), Kind.PACE_DROPPED)).containsExactly(new Insight(Kind.PACE_DROPPED, null, null,
        "Your time dropped to 30 minutes in the last 7 days, from 1 hour in the 7 days before"));
  }

  @Test
  void paceDropped_exactlyHalf_isNot() {
    minutes(10, 60).minutes(2, 30);

    assertThat(of(insights(), Kind.PACE_DROPPED)).isEmpty();
  }

  @Test
  void paceDropped_previousWeekUnderAnHour_isNot() {
    minutes(7, 59.99); // the 7th day before T's day: the previous 7 days

    assertThat(of(insights(), Kind.PACE_DROPPED)).isEmpty();
    assertThat(history.minutesBetween((int) DAY.toEpochDay() - 13, (int) DAY.toEpochDay() - 7)).isEqualTo(59.99);
  }

  @Test
  void paceUp_aboveOneAndAHalfTimes_andAtLeastAnHour() {
    minutes(13, 40).minutes(0, 60.000001);

    assertThat(of(insights(), Kind.PACE_UP)).containsExactly(new Insight(Kind.PACE_UP, null, null,
        "Your time rose to 1 hour in the last 7 days, from 40 minutes in the 7 days before"));
  }

  @Test
  void paceUp_exactlyOneAndAHalfTimes_isNot() {
    minutes(13, 40).minutes(0, 60);

    assertThat(of(insights(), Kind.PACE_UP)).isEmpty();
  }

  @Test
  void paceUp_fromNothing_needsAnHour() {
    minutes(6, 59.999999);
    assertThat(of(insights(), Kind.PACE_UP)).isEmpty();

    minutes(6, 0.000001);
    assertThat(of(insights(), Kind.PACE_UP)).hasSize(1);
  }

  @Test
  void streakAlive_threeDays() {
    activeOn(3, 2, 1); // T's day not yet: the streak ends yesterday

    assertThat(of(insights(), Kind.STREAK_ALIVE)).containsExactly(
        new Insight(Kind.STREAK_ALIVE, null, null, "You have been active 3 days in a row"));
  }

  @Test
  void streakAlive_twoDays_isNot() {
    activeOn(1, 0);

    assertThat(of(insights(), Kind.STREAK_ALIVE)).isEmpty();
  }

  @Test
  void streakBroken_aRunOfThreeEndedTheDayBeforeYesterday() {
    activeOn(4, 3, 2);

    assertThat(of(insights(), Kind.STREAK_BROKEN)).containsExactly(new Insight(Kind.STREAK_BROKEN, null, null,
        "Your 3-day streak ended yesterday; any activity today starts a new one"));
  }

  @Test
  void streakBroken_aRunOfTwo_orActivityToday_isNot() {
    activeOn(3, 2);
    assertThat(of(insights(), Kind.STREAK_BROKEN)).isEmpty();

    activeOn(10, 4, 0); // a run of 3 ending 2 days ago, but active today
    assertThat(of(insights(), Kind.STREAK_BROKEN)).isEmpty();
  }

  @Test
  void inactive_nothingInTheLast7Days_somethingBefore() {
    activeOn(7);

    assertThat(of(insights(), Kind.INACTIVE)).containsExactly(new Insight(Kind.INACTIVE, null, null,
        "Nothing in the last 7 days; your last activity was on 2026-11-13"));
  }

  @Test
  void inactive_somethingOnThe7thDay_orNothingEver_isNot() {
    assertThat(of(insights(), Kind.INACTIVE)).isEmpty();

    activeOn(6, 20);
    assertThat(of(insights(), Kind.INACTIVE)).isEmpty();
  }

  @Test
  void strongestAndWeakestArea_withTwoSkills() {
    List<Insight> insights = insights(Map.of("coding", 82.9, "math", 23.0), List.of(), DEFAULTS);

    assertThat(of(insights, Kind.STRONGEST_AREA)).containsExactly(
        new Insight(Kind.STRONGEST_AREA, Level.SKILL, "coding", "coding is your strongest area, at 82%"));
    assertThat(of(insights, Kind.WEAKEST_AREA)).containsExactly(
        new Insight(Kind.WEAKEST_AREA, Level.SKILL, "math", "math needs the most work, at 23%"));
  }

  @Test
  void strongestAndWeakestArea_withOneSkill_areNot() {
    List<Insight> insights = insights(Map.of("coding", 82.0), List.of(), DEFAULTS);

    assertThat(of(insights, Kind.STRONGEST_AREA)).isEmpty();
    assertThat(of(insights, Kind.WEAKEST_AREA)).isEmpty();
  }

  @Test
  void deadlineAtRisk_onTrackBelowTheThreshold() {
    // gains 0 and 50 from 50: a run makes a deadline 1 day ahead iff it draws 50 first
    KeyHistory coinFlip = new KeyHistory(ProgressKey.space("ana", "algebra"),
        new DailyTotals(DAY.minusDays(1), DAY, 0, List.of(0.0, 50.0), 50), DAY.plusDays(1));
    double onTrack = Forecast.of(coinFlip.key(), coinFlip.totals(), coinFlip.deadline()).orElseThrow().onTrack();

    InsightSettings atOnTrack = InsightSettings.builder().deadlineAtRiskBelow(onTrack).build();
    InsightSettings justAbove = InsightSettings.builder().deadlineAtRiskBelow(onTrack + 0.0005).build();

    assertThat(of(insights(Map.of(), List.of(coinFlip), atOnTrack), Kind.DEADLINE_AT_RISK)).isEmpty();
    assertThat(of(insights(Map.of(), List.of(coinFlip), justAbove), Kind.DEADLINE_AT_RISK)).containsExactly(
        new Insight(Kind.DEADLINE_AT_RISK, Level.SPACE, "algebra", "algebra may miss its deadline of 2026-11-21: "
            + (long) Math.floor(100 * onTrack) + "% of forecast runs make it"));
  }

  @Test
  void deadlineAtRisk_defaultHalf_steadyButTooSlow() {
    List<Double> endOfDay = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      endOfDay.add(10.0 * i);
    }
    DailyTotals totals = new DailyTotals(DAY.minusDays(3), DAY, 0, endOfDay, 40); // reaches 100 on day 6
    KeyHistory late = new KeyHistory(ProgressKey.goal("ana", "g1"), totals, DAY.plusDays(5));
    KeyHistory inTime = new KeyHistory(ProgressKey.goal("ana", "g1"), totals, DAY.plusDays(6));

    assertThat(of(insights(Map.of(), List.of(late), DEFAULTS), Kind.DEADLINE_AT_RISK)).extracting(Insight::message)
        .containsExactly("g1 may miss its deadline of 2026-11-25: 0% of forecast runs make it");
    assertThat(of(insights(Map.of(), List.of(inTime), DEFAULTS), Kind.DEADLINE_AT_RISK)).isEmpty();
  }

  @Test
  void skillFading_retentionBelow50() {
    // one practice day: stability 3.173 days, so retention falls to 50 after 3 x 3.173 x 81/19 = 40.6 days
    history.record(ProgressEvent.builder().user("ana").time("s1", 30).skill("coding")
        .at(DAY.minusDays(42).atTime(10, 0).toInstant(ZoneOffset.UTC)).build());
    Instant endOfPractice = DAY.minusDays(41).atStartOfDay().toInstant(ZoneOffset.UTC);

    List<Insight> after41 = history.report(endOfPractice.plus(java.time.Duration.ofDays(41)), Map.of(), List.of(),
        DEFAULTS).insights();
    List<Insight> after40 = history.report(endOfPractice.plus(java.time.Duration.ofDays(40)), Map.of(), List.of(),
        DEFAULTS).insights();

    assertThat(of(after41, Kind.SKILL_FADING)).containsExactly(new Insight(Kind.SKILL_FADING, Level.SKILL, "coding",
        "You retain about 49% of coding, last practised on 2026-10-09"));
    assertThat(of(after40, Kind.SKILL_FADING)).isEmpty();
  }

  @Test
  void skillFading_thresholdIsStrict() {
    history.record(ProgressEvent.builder().user("ana").time("s1", 30).skill("coding")
        .at(DAY.minusDays(3).atTime(10, 0).toInstant(ZoneOffset.UTC)).build());
    double retention = history.retention("coding", T).orElseThrow().retention();

    InsightSettings at = InsightSettings.builder().skillFadingBelow(retention).build();
    InsightSettings above = InsightSettings.builder().skillFadingBelow(Math.nextUp(retention)).build();

    assertThat(of(insights(Map.of(), List.of(), at), Kind.SKILL_FADING)).isEmpty();
    assertThat(of(insights(Map.of(), List.of(), above), Kind.SKILL_FADING)).hasSize(1);
  }

  @Test
  void settings_changeThresholds() {
    activeOn(1, 0);
    InsightSettings twoDays = InsightSettings.builder().streakAliveDays(2).nearCompletion(80).build();

    List<Insight> insights = insights(Map.of(), List.of(space("s1", 85)), twoDays);

    assertThat(insights).extracting(Insight::kind).containsExactly(Kind.NEAR_COMPLETION, Kind.STREAK_ALIVE);
  }

  @Test
  void settings_outOfRange_areRefusedNamingTheThreshold() {
    assertThatThrownBy(() -> InsightSettings.builder().nearCompletion(140).build())
        .hasMessage("nearCompletion 140 is out of range 0..100");
    assertThatThrownBy(() -> InsightSettings.builder().completedWithinDays(28).build())
        .hasMessage("completedWithinDays 28 is out of range 1..27");
  }

  @Test
  void insights_sortedByKindLevelSubject_nullsFirst() {
    activeOn(2, 1, 0);
    List<KeyHistory> keys = List.of(space("s2", 95), space("s1", 92), key(ProgressKey.goal("ana", "g9"), 91, 91,
        null));

    List<Insight> insights = insights(Map.of("coding", 80.0, "math", 20.0), keys, DEFAULTS);

    assertThat(insights).extracting(Insight::kind, Insight::level, Insight::subject).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Kind.NEAR_COMPLETION, Level.GOAL, "g9"),
        org.assertj.core.groups.Tuple.tuple(Kind.NEAR_COMPLETION, Level.SPACE, "s1"),
        org.assertj.core.groups.Tuple.tuple(Kind.NEAR_COMPLETION, Level.SPACE, "s2"),
        org.assertj.core.groups.Tuple.tuple(Kind.STREAK_ALIVE, null, null),
        org.assertj.core.groups.Tuple.tuple(Kind.STRONGEST_AREA, Level.SKILL, "coding"),
        org.assertj.core.groups.Tuple.tuple(Kind.WEAKEST_AREA, Level.SKILL, "math"));
  }
}
