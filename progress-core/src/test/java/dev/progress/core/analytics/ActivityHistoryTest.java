package dev.progress.core.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.core.ProgressEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Section 7 on hand-made cases, above all the calendar: zones, midnight, DST, ISO weeks, month ends, leap days. */
class ActivityHistoryTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
  private static final ZoneId KATHMANDU = ZoneId.of("Asia/Kathmandu");

  private static ProgressEvent time(String at, double minutes) {
    return ProgressEvent.builder().user("ana").time("s1", minutes).at(Instant.parse(at)).build();
  }

  private static ProgressEvent task(String space, String item, double value, String at) {
    return ProgressEvent.builder().user("ana").task(space, item, value).at(Instant.parse(at)).build();
  }

  private static ActivityHistory history(ZoneId zone, ProgressEvent... events) {
    ActivityHistory history = ActivityHistory.create("ana", zone);
    for (ProgressEvent e : events) {
      history.record(e);
    }
    return history;
  }

  private static Analytics analytics(ActivityHistory history, String asOf) {
    return history.analytics(Instant.parse(asOf), Map.of());
  }

  @Test
  void daily_midnightInBerlin_splitsDaysAtLocalMidnightNotUtc() {
    // 2026-10-14 23:59:59 and 2026-10-15 00:00:00 in Berlin (CEST, +02:00)
    ActivityHistory h = history(BERLIN, time("2026-10-14T21:59:59Z", 10), time("2026-10-14T22:00:00Z", 20));

    Analytics a = analytics(h, "2026-10-15T12:00:00Z");

    assertThat(a.day()).isEqualTo(LocalDate.parse("2026-10-15"));
    assertThat(a.timeSpent().daily()).containsExactly(0.0, 0.0, 0.0, 0.0, 0.0, 10.0, 20.0);
    assertThat(history(ZoneOffset.UTC, time("2026-10-14T21:59:59Z", 10), time("2026-10-14T22:00:00Z", 20))
        .analytics(Instant.parse("2026-10-15T12:00:00Z"), Map.of()).timeSpent().daily())
        .containsExactly(0.0, 0.0, 0.0, 0.0, 0.0, 30.0, 0.0);
  }

  @Test
  void daily_halfHourOffset_kolkataDayStartsAt1830Utc() {
    ActivityHistory h = history(KOLKATA, time("2026-10-14T18:29:59Z", 10), time("2026-10-14T18:30:00Z", 20));

    assertThat(analytics(h, "2026-10-15T06:00:00Z").timeSpent().daily()).endsWith(10.0, 20.0);
    assertThat(h.dayOf(Instant.parse("2026-10-14T18:30:00Z"))).isEqualTo(LocalDate.parse("2026-10-15"));
  }

  @Test
  void daily_quarterHourOffset_kathmanduDayStartsAt1815Utc() {
    ActivityHistory h = history(KATHMANDU, time("2026-10-14T18:14:59Z", 10), time("2026-10-14T18:15:00Z", 20));

    assertThat(analytics(h, "2026-10-15T06:00:00Z").timeSpent().daily()).endsWith(10.0, 20.0);
    // T itself is placed in the zone too: 18:15Z on the 15th is already the 16th in Kathmandu
    assertThat(analytics(h, "2026-10-15T18:15:00Z").timeSpent().daily()).endsWith(10.0, 20.0, 0.0);
  }

  @Test
  void daily_springForwardInBerlin_theShortDayEndsAt2200Utc() {
    // 2026-03-29 has 23 hours in Berlin: from 2026-03-28T23:00Z to 2026-03-29T22:00Z
    ActivityHistory h = history(BERLIN,
        time("2026-03-28T22:59:59Z", 1), // 28th, 23:59:59 CET
        time("2026-03-28T23:00:00Z", 2), // 29th, 00:00 CET
        time("2026-03-29T01:00:00Z", 4), // 29th, 03:00 CEST (02:00 CET does not exist)
        time("2026-03-29T21:59:59Z", 8), // 29th, 23:59:59 CEST
        time("2026-03-29T22:00:00Z", 16)); // 30th, 00:00 CEST

    assertThat(analytics(h, "2026-03-30T10:00:00Z").timeSpent().daily()).endsWith(1.0, 14.0, 16.0);
  }

  @Test
  void daily_fallBackInBerlin_theLongDayEndsAt2300Utc() {
    // 2026-10-25 has 25 hours in Berlin: from 2026-10-24T22:00Z to 2026-10-25T23:00Z
    ActivityHistory h = history(BERLIN,
        time("2026-10-24T21:59:59Z", 1), // 24th, 23:59:59 CEST
        time("2026-10-25T00:30:00Z", 2), // 25th, 02:30 CEST
        time("2026-10-25T01:30:00Z", 4), // 25th, 02:30 CET (the same wall time again)
        time("2026-10-25T22:59:59Z", 8), // 25th, 23:59:59 CET
        time("2026-10-25T23:00:00Z", 16)); // 26th, 00:00 CET

    assertThat(analytics(h, "2026-10-26T10:00:00Z").timeSpent().daily()).endsWith(1.0, 14.0, 16.0);
  }

  @Test
  void weekly_isoWeek53_2026HasOneAndTheYearAfterStartsWithWeek1() {
    // 2026-12-28 (Monday) .. 2027-01-03 (Sunday) is ISO week 53 of 2026; 2027-01-04 starts week 1 of 2027
    ActivityHistory h = history(ZoneOffset.UTC,
        time("2026-12-13T12:00:00Z", 1), // week 50: outside the 4 weeks
        time("2026-12-14T12:00:00Z", 2), // week 51
        time("2026-12-27T23:59:59Z", 4), // week 52, its Sunday
        time("2026-12-28T00:00:00Z", 8), // week 53, its Monday
        time("2027-01-03T23:59:59Z", 16), // week 53, its Sunday, in the next year
        time("2027-01-04T00:00:00Z", 32)); // week 1 of 2027

    Analytics a = analytics(h, "2027-01-05T09:00:00Z");

    assertThat(a.timeSpent().weekly()).containsExactly(2.0, 4.0, 24.0, 32.0);
    assertThat(a.timeSpent().weekStarts()).containsExactly(LocalDate.parse("2026-12-14"),
        LocalDate.parse("2026-12-21"), LocalDate.parse("2026-12-28"), LocalDate.parse("2027-01-04"));
    assertThat(analytics(h, "2027-01-03T09:00:00Z").timeSpent().weekly()).containsExactly(1.0, 2.0, 4.0, 24.0);
  }

  @Test
  void weekly_isoWeek1BeginsInTheOldYear() {
    // 2024-12-30 (Monday) is in ISO week 1 of 2025; T is New Year's Day
    ActivityHistory h = history(ZoneOffset.UTC, time("2024-12-29T12:00:00Z", 5), time("2024-12-30T12:00:00Z", 7));

    Analytics a = analytics(h, "2025-01-01T12:00:00Z");

    assertThat(a.timeSpent().weekly()).containsExactly(0.0, 0.0, 5.0, 7.0);
    assertThat(a.timeSpent().monthly()).containsExactly(0.0, 0.0, 0.0, 0.0, 12.0, 0.0);
  }

  @Test
  void monthly_monthEnds_eachDayInItsOwnMonth() {
    ActivityHistory h = history(BERLIN,
        time("2025-09-30T12:00:00Z", 1), // September: outside the 6 months
        time("2025-09-30T22:30:00Z", 2), // 2025-10-01 00:30 in Berlin: October
        time("2026-02-28T22:59:59Z", 4), // 2026-02-28 23:59:59 CET: February
        time("2026-02-28T23:00:00Z", 8), // 2026-03-01 00:00 CET: March
        time("2026-03-31T21:59:59Z", 16)); // 2026-03-31 23:59:59 CEST: March

    Analytics a = analytics(h, "2026-03-31T21:59:59Z");

    assertThat(a.timeSpent().months()).containsExactly(YearMonth.parse("2025-10"), YearMonth.parse("2025-11"),
        YearMonth.parse("2025-12"), YearMonth.parse("2026-01"), YearMonth.parse("2026-02"),
        YearMonth.parse("2026-03"));
    assertThat(a.timeSpent().monthly()).containsExactly(2.0, 0.0, 0.0, 0.0, 4.0, 24.0);
  }

  @Test
  void leapDay_countsInDaysWeeksAndFebruary() {
    ActivityHistory h = history(ZoneOffset.UTC, time("2028-02-28T12:00:00Z", 1), time("2028-02-29T12:00:00Z", 2),
        time("2028-03-01T12:00:00Z", 4));

    Analytics a = analytics(h, "2028-03-01T18:00:00Z");

    assertThat(a.timeSpent().daily()).endsWith(1.0, 2.0, 4.0);
    assertThat(a.timeSpent().days()).endsWith(LocalDate.parse("2028-02-28"), LocalDate.parse("2028-02-29"),
        LocalDate.parse("2028-03-01"));
    // 2028-02-28 is a Monday: all three in T's week
    assertThat(a.timeSpent().weekly()).containsExactly(0.0, 0.0, 0.0, 7.0);
    assertThat(a.timeSpent().monthly()).endsWith(3.0, 4.0);
  }

  @Test
  void timeSpent_sumsExactlyInAnyOrder_minutesWithSixDecimals() {
    ProgressEvent a = time("2026-10-15T10:00:00Z", 0.1);
    ProgressEvent b = time("2026-10-15T11:00:00Z", 0.2);
    ProgressEvent c = time("2026-10-15T12:00:00Z", 1439.999999);

    double forward = analytics(history(ZoneOffset.UTC, a, b, c), "2026-10-15T23:00:00Z").timeSpent().daily().get(6);
    double backward = analytics(history(ZoneOffset.UTC, c, b, a), "2026-10-15T23:00:00Z").timeSpent().daily()
        .get(6);

    assertThat(forward).isEqualTo(backward).isEqualTo(1440.299999);
  }

  @Test
  void daysAfterTheDayOfT_areNotShown() {
    ActivityHistory h = history(ZoneOffset.UTC, time("2026-10-15T23:59:00Z", 5), time("2026-10-16T00:01:00Z", 7));

    Analytics a = analytics(h, "2026-10-15T23:59:30Z");

    assertThat(a.timeSpent().daily()).endsWith(5.0);
    assertThat(a.timeSpent().weekly().get(3)).isEqualTo(5.0);
    assertThat(a.streak()).isEqualTo(new Analytics.Streak(1, 1));
  }

  @Test
  void completionRate_judgesEachItemByItsLatestEvent_tiesByGreaterValue() {
    ActivityHistory h = history(ZoneOffset.UTC,
        task("s1", "t1", 100, "2026-10-01T10:00:00Z"),
        task("s1", "t1", 50, "2026-10-02T10:00:00Z"), // t1 reopened: not completed
        task("s1", "t2", 50, "2026-10-02T10:00:00Z"),
        task("s1", "t2", 100, "2026-10-02T10:00:00Z"), // same instant: the greater value wins
        task("s2", "t1", 100, "2026-10-01T10:00:00Z")); // another space: another item

    Analytics a = analytics(h, "2026-10-03T10:00:00Z");

    assertThat(a.taskItems()).isEqualTo(3);
    assertThat(a.completedItems()).isEqualTo(2);
    assertThat(a.completionRate()).isEqualTo(100 * 2 / 3.0);
    assertThat(a.completionExplanation()).isEqualTo("2 of 3 task items completed: 66.7%");
  }

  @Test
  void completionRate_anEventWithoutItemIdIsAnItemOfItsOwn_noneIsZero() {
    ProgressEvent anonymous = ProgressEvent.builder().user("ana").type("task").space("s1").value(100)
        .at(Instant.parse("2026-10-01T10:00:00Z")).build();
    ProgressEvent anonymous2 = ProgressEvent.builder().user("ana").type("task").space("s1").value(30)
        .at(Instant.parse("2026-10-01T10:00:00Z")).build();

    assertThat(analytics(history(ZoneOffset.UTC, anonymous, anonymous2), "2026-10-01T12:00:00Z").completionRate())
        .isEqualTo(50.0);
    assertThat(analytics(history(ZoneOffset.UTC), "2026-10-01T12:00:00Z").completionRate()).isZero();
  }

  @Test
  void areas_rankByTotalThenName_strongestCeilHalfImprovementFloorHalfWeakestFirst() {
    ActivityHistory h = history(ZoneOffset.UTC);
    Instant t = Instant.parse("2026-10-01T12:00:00Z");
    Map<String, Double> seven = Map.of("a", 10.0, "b", 80.0, "c", 80.0, "d", 5.0, "e", 50.0, "f", 60.0, "g", 0.0);
    Map<String, Double> three = Map.of("x", 10.0, "y", 20.0, "z", 30.0);

    assertThat(h.analytics(t, seven).strongestAreas()).containsExactly("b", "c", "f");
    assertThat(h.analytics(t, seven).improvementAreas()).containsExactly("g", "d", "a");
    assertThat(h.analytics(t, three).strongestAreas()).containsExactly("z", "y");
    assertThat(h.analytics(t, three).improvementAreas()).containsExactly("x");
    assertThat(h.analytics(t, Map.of("only", 50.0)).strongestAreas()).containsExactly("only");
    assertThat(h.analytics(t, Map.of("only", 50.0)).improvementAreas()).isEmpty();
  }

  @Test
  void streak_currentEndsTodayOrYesterday_longestIsTheLongestRunUpToToday() {
    ActivityHistory h = history(BERLIN,
        time("2026-10-01T10:00:00Z", 1), time("2026-10-02T10:00:00Z", 1), time("2026-10-03T10:00:00Z", 1),
        time("2026-10-04T10:00:00Z", 1), // a run of 4
        time("2026-10-07T10:00:00Z", 1), time("2026-10-08T21:59:00Z", 1)); // a run of 2, the last 23:59 local

    assertThat(analytics(h, "2026-10-08T22:30:00Z").streak()).isEqualTo(new Analytics.Streak(2, 4)); // the 9th
    assertThat(analytics(h, "2026-10-08T12:00:00Z").streak()).isEqualTo(new Analytics.Streak(2, 4));
    assertThat(analytics(h, "2026-10-09T22:30:00Z").streak()).isEqualTo(new Analytics.Streak(0, 4)); // the 10th
    assertThat(analytics(h, "2026-10-02T12:00:00Z").streak()).isEqualTo(new Analytics.Streak(2, 2));
  }

  @Test
  void anyEventTypeMakesADayActive() {
    ProgressEvent review = ProgressEvent.builder().user("ana").peerReview("coding", 80)
        .at(Instant.parse("2026-10-01T10:00:00Z")).build();

    assertThat(analytics(history(ZoneOffset.UTC, review), "2026-10-01T12:00:00Z").streak().current()).isEqualTo(1);
  }

  @Test
  void record_anotherUsersEvent_isRefusedNamingBoth() {
    ProgressEvent bob = ProgressEvent.builder().id("e1").user("bob").time("s1", 5)
        .at(Instant.parse("2026-10-01T10:00:00Z")).build();

    assertThatThrownBy(() -> history(ZoneOffset.UTC).record(bob))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event e1 of user bob does not belong to the history of ana");
  }

  @Test
  void analytics_skillTotalOutOfRange_isRefusedNamingTheSkill() {
    assertThatThrownBy(() -> history(ZoneOffset.UTC).analytics(Instant.EPOCH, Map.of("coding", 140.0)))
        .hasMessage("total 140.0 of skill coding is out of range 0..100");
  }

  @Test
  void timeSpent_wrongLength_isRefused() {
    assertThatThrownBy(() -> new Analytics.TimeSpent(LocalDate.EPOCH, List.of(1.0), List.of(), List.of()))
        .hasMessage("daily has 1 entries, not 7");
  }
}
