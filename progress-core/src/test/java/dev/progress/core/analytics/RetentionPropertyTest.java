package dev.progress.core.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.progress.core.ProgressEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The four required properties of section 9, each checked on random practice histories in zones with whole,
 * half and quarter hour offsets and with DST:
 *
 * <ol>
 *   <li>100 at the end of a practice day with no gap;
 *   <li>strictly decreasing while the skill is not practised;
 *   <li>higher right after practice than right before it;
 *   <li>for the same number of practice days, practice spread over more days decays slower afterwards than
 *       practice on consecutive days.
 * </ol>
 */
class RetentionPropertyTest {
  private static final LocalDate START = LocalDate.parse("2026-01-05");
  private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"),
      ZoneId.of("Asia/Kolkata"), ZoneId.of("Asia/Kathmandu"), ZoneId.of("America/New_York"));
  private static final int EXAMPLES = 300;

  /** Gaps in days between practice days (the first is the first day's offset from {@link #START}). */
  private static Gen<List<Integer>> gaps(int min) {
    return lists().of(integers().between(1, 60)).ofSizeBetween(min, 25);
  }

  private static Gen<ZoneId> zones() {
    return integers().between(0, ZONES.size() - 1).map(ZONES::get);
  }

  private static List<LocalDate> days(List<Integer> gaps) {
    List<LocalDate> out = new ArrayList<>();
    LocalDate d = START;
    for (int g : gaps) {
      d = d.plusDays(g);
      out.add(d);
    }
    return out;
  }

  /** A history with one practice event of skill "coding" on each day, at {@code secondOfDay} local time. */
  private static ActivityHistory practised(ZoneId zone, List<LocalDate> days, int secondOfDay) {
    ActivityHistory history = ActivityHistory.create("ana", zone);
    for (int i = 0; i < days.size(); i++) {
      Instant at = during(days.get(i), zone, secondOfDay);
      ProgressEvent event = i % 2 == 0
          ? ProgressEvent.builder().user("ana").time("s1", 20).skill("coding").at(at).build()
          : ProgressEvent.builder().user("ana").task("s1", "t" + i, 50).skill("coding").at(at).build();
      history.record(event);
    }
    return history;
  }

  /**
   * The instant at {@code secondOfDay} local wall time on {@code day}, always on that day. Adding seconds to the
   * start of the day would not be: on a 23-hour day (Berlin, 29 March 2026) 82,802 s after midnight is already
   * the next day.
   */
  private static Instant during(LocalDate day, ZoneId zone, int secondOfDay) {
    return day.atTime(LocalTime.ofSecondOfDay(secondOfDay)).atZone(zone).toInstant();
  }

  private static double retention(ActivityHistory history, Instant at) {
    return history.retention("coding", at).orElseThrow().retention();
  }

  private static Instant endOf(LocalDate day, ZoneId zone) {
    return day.plusDays(1).atStartOfDay(zone).toInstant();
  }

  @Test
  void property1_isExactly100AtTheEndOfAPracticeDay() {
    qt().withExamples(EXAMPLES).forAll(gaps(1), zones(), integers().between(0, 86_399))
        .checkAssert((gaps, zone, second) -> {
          List<LocalDate> days = days(gaps);
          ActivityHistory history = practised(zone, days, second);
          LocalDate last = days.get(days.size() - 1);

          assertThat(retention(history, endOf(last, zone))).isEqualTo(100.0);
          assertThat(retention(history, endOf(last, zone).minusNanos(1))).isEqualTo(100.0);
        });
  }

  /** The case that once falsified property 1: the last practice late on the day clocks spring forward. */
  @Test
  void property1_holdsForLatePracticeOnADaylightSavingDay() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    LocalDate springForward = LocalDate.parse("2026-03-29");
    ActivityHistory history = practised(berlin, List.of(springForward.minusDays(54), springForward.minusDays(40),
        springForward), 82_802);

    assertThat(retention(history, endOf(springForward, berlin))).isEqualTo(100.0);
    assertThat(retention(history, endOf(springForward, berlin).minusNanos(1))).isEqualTo(100.0);
  }

  @Test
  void property2_decreasesStrictlyWhileNotPractised() {
    qt().withExamples(EXAMPLES).forAll(gaps(1), zones(), integers().between(1, 1_000_000),
        integers().between(1, 1_000_000)).checkAssert((gaps, zone, a, b) -> {
          List<LocalDate> days = days(gaps);
          ActivityHistory history = practised(zone, days, 3600);
          Instant end = endOf(days.get(days.size() - 1), zone);
          Instant earlier = end.plus(Duration.ofMinutes(Math.min(a, b)));
          Instant later = end.plus(Duration.ofMinutes(Math.max(a, b))).plusSeconds(1);

          assertThat(retention(history, earlier)).isLessThan(100.0);
          assertThat(retention(history, later)).isLessThan(retention(history, earlier)).isGreaterThan(0.0);
        });
  }

  @Test
  void property3_isHigherRightAfterPracticeThanRightBefore() {
    qt().withExamples(EXAMPLES).forAll(gaps(1), zones(), integers().between(1, 60), integers().between(1, 86_399))
        .checkAssert((gaps, zone, gap, second) -> {
          List<LocalDate> days = days(gaps);
          LocalDate next = days.get(days.size() - 1).plusDays(gap);
          Instant practiceAt = during(next, zone, second);
          double before = retention(practised(zone, days, 0), practiceAt);
          List<LocalDate> more = new ArrayList<>(days);
          more.add(next);

          double after = retention(practised(zone, more, second), practiceAt);

          assertThat(after).isGreaterThan(before);
        });
  }

  @Test
  void property4_spreadPracticeDecaysSlowerThanConsecutiveDays() {
    qt().withExamples(EXAMPLES).forAll(gaps(2), zones(), integers().between(1, 2_000_000))
        .assuming((gaps, zone, minutes) -> gaps.stream().skip(1).anyMatch(g -> g > 1))
        .checkAssert((gaps, zone, minutes) -> {
          List<LocalDate> spread = days(gaps);
          LocalDate last = spread.get(spread.size() - 1);
          List<LocalDate> consecutive = new ArrayList<>();
          for (int k = spread.size() - 1; k >= 0; k--) {
            consecutive.add(last.minusDays(k));
          }
          Instant at = endOf(last, zone).plus(Duration.ofMinutes(minutes));

          double spreadRetention = retention(practised(zone, spread, 600), at);
          double consecutiveRetention = retention(practised(zone, consecutive, 600), at);

          assertThat(spreadRetention).isGreaterThan(consecutiveRetention);
        });
  }
}
