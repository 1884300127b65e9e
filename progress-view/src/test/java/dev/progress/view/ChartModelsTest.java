package dev.progress.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.core.InMemoryProgressStore;
import dev.progress.core.Level;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import dev.progress.core.ProgressTracker;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The chart records: labels named from dates, filled from a real tracker's history, validated with the field. */
class ChartModelsTest {
  @Test
  void daily_labelsTheDaysEndingWithTheLastOne() {
    TimeSpentChart chart = TimeSpentChart.daily(LocalDate.parse("2026-03-01"), List.of(1.0, 2.0, 3.0));

    assertThat(chart.labels()).containsExactly("Fri 27", "Sat 28", "Sun 1");
    assertThat(chart.descriptions()).containsExactly("Friday 27 February 2026", "Saturday 28 February 2026",
        "Sunday 1 March 2026");
    assertThat(chart.total()).isEqualTo(6);
  }

  @Test
  void weekly_isoWeeksFromMonday_endingWithTheWeekOfTheLastDay() {
    TimeSpentChart chart = TimeSpentChart.weekly(LocalDate.parse("2027-01-03"), List.of(10.0, 20.0));

    assertThat(chart.labels()).containsExactly("from 21 Dec", "from 28 Dec");
    assertThat(chart.descriptions()).containsExactly("week from Monday 21 December 2026 to Sunday 27 December 2026",
        "week from Monday 28 December 2026 to Sunday 3 January 2027");
  }

  @Test
  void monthly_acrossAYearEnd() {
    TimeSpentChart chart = TimeSpentChart.monthly(YearMonth.parse("2027-01"), List.of(0.0, 5.0));

    assertThat(chart.labels()).containsExactly("Dec 2026", "Jan 2027");
    assertThat(chart.descriptions()).containsExactly("December 2026", "January 2027");
  }

  @Test
  void timeSpent_validation() {
    assertThatThrownBy(() -> TimeSpentChart.daily(LocalDate.parse("2026-03-01"), List.of(1.0, -2.0)))
        .hasMessage("minutes[1] -2.0 of chart 'Time spent per day' must be a finite number >= 0");
    assertThatThrownBy(() -> new TimeSpentChart("t", List.of("a"), List.of(), List.of(1.0)))
        .hasMessageContaining("has 1 labels, 0 descriptions and 1 values");
  }

  /** Snapshots are recorded at the tracker's clock: the last of each day is that day's point. */
  @Test
  void fromHistory_lastSnapshotOfEachDay_inTheZone() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-10-01T10:00:00Z"));
    ProgressTracker tracker =
        ProgressTracker.builder().clock(now::get).store(InMemoryProgressStore.withHistory()).build();
    track(tracker, now, "2026-10-01T10:00:00Z", "t1", 50);
    track(tracker, now, "2026-10-01T22:30:00Z", "t2", 100);
    track(tracker, now, "2026-10-03T09:00:00Z", "t1", 100);

    ProgressOverTime utc = ProgressOverTime.fromHistory("algebra",
        tracker.history(ProgressKey.space("ana", "algebra")), ZoneId.of("UTC"));
    ProgressOverTime tokyo = ProgressOverTime.fromHistory("algebra",
        tracker.history(ProgressKey.space("ana", "algebra")), ZoneId.of("Asia/Tokyo"));

    double afterFirst = tracker.history(ProgressKey.space("ana", "algebra")).get(0).progress().total();
    double afterSecond = tracker.history(ProgressKey.space("ana", "algebra")).get(1).progress().total();
    double last = tracker.spaceProgress("ana", "algebra").total();
    assertThat(afterSecond).isGreaterThan(afterFirst);
    assertThat(utc.points()).containsExactly(
        new ProgressOverTime.Point(LocalDate.parse("2026-10-01"), afterSecond),
        new ProgressOverTime.Point(LocalDate.parse("2026-10-03"), last));
    assertThat(tokyo.points()).as("22:30 UTC is the next day in Tokyo").containsExactly(
        new ProgressOverTime.Point(LocalDate.parse("2026-10-01"), afterFirst),
        new ProgressOverTime.Point(LocalDate.parse("2026-10-02"), afterSecond),
        new ProgressOverTime.Point(LocalDate.parse("2026-10-03"), last));
  }

  private static void track(ProgressTracker tracker, AtomicReference<Instant> clock, String at, String item,
      double value) {
    clock.set(Instant.parse(at));
    tracker.track(ProgressEvent.builder().user("ana").task("algebra", item, value).at(clock.get()).build());
  }

  @Test
  void progressOverTime_validation() {
    assertThatThrownBy(() -> ProgressOverTime.fromDailyTotals("a", LocalDate.parse("2026-10-01"), List.of()))
        .hasMessage("progress over time of 'a' needs at least one point");
    assertThatThrownBy(() -> new ProgressOverTime("a", List.of(
        new ProgressOverTime.Point(LocalDate.parse("2026-10-02"), 1),
        new ProgressOverTime.Point(LocalDate.parse("2026-10-02"), 2))))
        .hasMessage("points[1] day 2026-10-02 of 'a' is not after the day before it, 2026-10-02");
    assertThatThrownBy(() -> new ProgressOverTime.Point(LocalDate.parse("2026-10-02"), 101))
        .hasMessage("total 101.0 of point 2026-10-02 is out of range 0..100");
  }

  @Test
  void forecast_validation() {
    LocalDate today = LocalDate.parse("2026-10-30");
    assertThatThrownBy(() -> ForecastView.of("s1", Level.SPACE, today, 50, today.plusDays(5), today.plusDays(3), null))
        .hasMessage("p85 2026-11-02 of forecast s1 is before p50 2026-11-04");
    assertThatThrownBy(() -> ForecastView.of("s1", Level.SKILL, today, 50, null, null, null))
        .hasMessageContaining("level SKILL");
    assertThatThrownBy(() -> ForecastView.of("s1", Level.SPACE, today, 50, null, null, null)
        .withDeadline(today, 1.5, 50)).hasMessage("onTrack 1.5 of forecast s1 is out of range 0..1");
    assertThatThrownBy(() -> new ForecastView("s1", Level.SPACE, today, 50, null, null, null, null, 0.5, null))
        .hasMessageContaining("without a deadline");
    assertThat(ForecastView.of("s1", Level.GOAL, today, 50, null, null, null).hasDates()).isFalse();
  }

  @Test
  void retention_validation() {
    assertThatThrownBy(() -> SkillRetention.of("coding", 100.5))
        .hasMessage("retention 100.5 of skill coding is out of range 0..100");
  }
}
