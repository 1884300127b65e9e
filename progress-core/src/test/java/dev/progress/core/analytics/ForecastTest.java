package dev.progress.core.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Section 8 on hand-computed cases. */
class ForecastTest {
  private static final LocalDate DAY = LocalDate.parse("2026-11-01");
  private static final ProgressKey S1 = ProgressKey.space("ana", "s1");

  /** Totals for consecutive days ending with {@link #DAY}, from the first event's day; the last is the total at T. */
  private static DailyTotals totals(double... endOfDay) {
    List<Double> list = new ArrayList<>();
    for (double d : endOfDay) {
      list.add(d);
    }
    return new DailyTotals(DAY.minusDays(endOfDay.length - 1L), DAY, 0, list, endOfDay[endOfDay.length - 1]);
  }

  private static Forecast forecast(DailyTotals totals, LocalDate deadline) {
    return Forecast.of(S1, totals, deadline).orElseThrow();
  }

  @Test
  void steadyGain_givesTheDayTheStraightLineReaches100() {
    // +9 a day from 36: 99 after 7 days, 108 after 8
    Forecast f = forecast(totals(9, 18, 27, 36), null);

    assertThat(f.p50()).isEqualTo(DAY.plusDays(8));
    assertThat(f.p85()).isEqualTo(DAY.plusDays(8));
    assertThat(f.p95()).isEqualTo(DAY.plusDays(8));
    assertThat(f.gains()).containsExactly(9.0, 9.0, 9.0, 9.0);
  }

  @Test
  void steadyGain_reachingExactly100_isThatDay() {
    Forecast f = forecast(totals(10, 20, 30, 40), null);

    assertThat(f.p50()).isEqualTo(DAY.plusDays(6));
    assertThat(f.p95()).isEqualTo(DAY.plusDays(6));
  }

  @Test
  void steadyGainWithDecimals_isExactInFixedPoint() {
    // +0.1 a day from 30 reaches exactly 100 on day 700; summing 0.1 in binary floating point would miss it
    List<Double> endOfDay = new ArrayList<>();
    for (int i = 1; i <= 28; i++) {
      endOfDay.add(27.2 + 0.1 * i);
    }
    Forecast f = forecast(new DailyTotals(DAY.minusDays(100), DAY, 27.2, endOfDay, 30.0), null);

    assertThat(f.gains()).hasSize(28).allSatisfy(g -> assertThat(g).isEqualTo(0.1));
    assertThat(f.p50()).isEqualTo(DAY.plusDays(700));
    assertThat(f.p95()).isEqualTo(DAY.plusDays(700));
  }

  @Test
  void fewerThan3GainingDays_givesNullDates() {
    Forecast two = forecast(totals(0, 10, 10, 20), null); // gains 0, 10, 0, 10

    assertThat(two.gainingDays()).isEqualTo(2);
    assertThat(two.p50()).isNull();
    assertThat(two.p85()).isNull();
    assertThat(two.p95()).isNull();
    assertThat(two.explanation()).contains("no dates, since a forecast needs at least 3 days with a gain");
    assertThat(forecast(totals(0, 10, 20, 30), null).p50()).isNotNull(); // three gaining days
  }

  @Test
  void sameInput_sameDates_otherKey_otherDraws() {
    DailyTotals totals = totals(0, 5, 5, 12, 12, 12, 20, 21, 30);

    Forecast once = forecast(totals, LocalDate.parse("2026-11-20"));
    Forecast again = forecast(totals, LocalDate.parse("2026-11-20"));

    assertThat(again).isEqualTo(once);
    assertThat(once.p50()).isBeforeOrEqualTo(once.p85());
    assertThat(once.p85()).isBeforeOrEqualTo(once.p95());
    assertThat(MonteCarlo.seed(S1)).isNotEqualTo(MonteCarlo.seed(ProgressKey.goal("ana", "s1")));
  }

  @Test
  void seed_isFnv1a64OfUserLevelAndId() {
    // FNV-1a 64 of "a\0space\0b", computed by hand from the published offset basis and prime
    long hash = 0xcbf29ce484222325L;
    for (byte b : "a\0space\0b".getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
    }
    assertThat(MonteCarlo.seed(ProgressKey.space("a", "b"))).isEqualTo(hash);
  }

  @Test
  void deadline_steadyGain_onTrackIsAllOrNothing_expectedFollowsTheMeanGain() {
    DailyTotals totals = totals(10, 20, 30, 40); // reaches 100 on day 6

    Forecast inTime = forecast(totals, DAY.plusDays(6));
    Forecast late = forecast(totals, DAY.plusDays(5));

    assertThat(inTime.onTrack()).isEqualTo(1.0);
    assertThat(inTime.expectedAtDeadline()).isEqualTo(100.0); // min(100, 40 + 10 x 6)
    assertThat(late.onTrack()).isEqualTo(0.0);
    assertThat(late.expectedAtDeadline()).isEqualTo(90.0); // 40 + 10 x 5
  }

  @Test
  void deadline_coinFlipGains_halfTheRunsMakeIt_expectedIsTheMean() {
    // gains 0 and 50 from 50: a run makes a deadline 1 day ahead iff it draws 50 (probability 1/2)
    Forecast f = forecast(totals(0, 50), DAY.plusDays(1));

    assertThat(f.onTrack()).isBetween(0.46, 0.54);
    assertThat(Math.abs(f.onTrack() * Forecast.RUNS - Math.rint(f.onTrack() * Forecast.RUNS))).isLessThan(1e-9);
    assertThat(f.expectedAtDeadline()).isEqualTo(75.0); // 50 + 25 x 1
    assertThat(f.p50()).isNull(); // only one gaining day
  }

  @Test
  void deadline_onOrBeforeTheDayOfT_nobodyMakesIt_expectedIsTheTotal() {
    DailyTotals totals = totals(10, 20, 30, 40);

    assertThat(forecast(totals, DAY).onTrack()).isEqualTo(0.0);
    assertThat(forecast(totals, DAY).expectedAtDeadline()).isEqualTo(40.0);
    assertThat(forecast(totals, DAY.minusDays(3)).expectedAtDeadline()).isEqualTo(40.0);
  }

  @Test
  void deadline_fallingTotals_expectedNeverBelow0() {
    List<Double> endOfDay = new ArrayList<>();
    for (int i = 1; i <= 28; i++) {
      endOfDay.add(40.0 - i); // -1 a day
    }
    Forecast f = forecast(new DailyTotals(DAY.minusDays(50), DAY, 40, endOfDay, 12), DAY.plusDays(100));

    assertThat(f.expectedAtDeadline()).isEqualTo(0.0);
    assertThat(f.onTrack()).isEqualTo(0.0);
  }

  @Test
  void keyWithoutEvents_noDates_deadlineFiguresFromTheTotal() {
    Forecast f = Forecast.of(S1, DailyTotals.withoutEvents(DAY, 0), DAY.plusDays(30)).orElseThrow();

    assertThat(f.gains()).isEmpty();
    assertThat(f.p50()).isNull();
    assertThat(f.onTrack()).isEqualTo(0.0);
    assertThat(f.expectedAtDeadline()).isEqualTo(0.0);
    assertThat(f.deadline()).isEqualTo(DAY.plusDays(30));
  }

  @Test
  void complete_hasNoForecast() {
    assertThat(Forecast.of(S1, totals(50, 100), null)).isEmpty();
  }

  @Test
  void tooSlowForTheHorizon_highPercentilesAreNull() {
    // gains of 0.01 on 3 of 28 days: about 2.6 points a year, far from 100 in 10 years
    double[] days = new double[28];
    days[5] = 0.01;
    days[15] = 0.02;
    days[25] = 0.03;
    for (int i = 26; i < 28; i++) {
      days[i] = 0.03;
    }
    for (int i = 1; i < 28; i++) {
      days[i] = Math.max(days[i], days[i - 1]);
    }
    Forecast f = forecast(totals(days), null);

    assertThat(f.gainingDays()).isEqualTo(3);
    assertThat(f.p50()).isNull();
    assertThat(f.p95()).isNull();
    assertThat(f.explanation()).contains("fewer than half of 2000 runs reach 100 within 3650 days");
  }

  @Test
  void window_clippedTo28Days_firstGainComesFromTheTotalBefore() {
    List<Double> endOfDay = new ArrayList<>();
    for (int i = 1; i <= 28; i++) {
      endOfDay.add(10.0 + i);
    }
    DailyTotals totals = new DailyTotals(DAY.minusDays(40), DAY, 10, endOfDay, 38);

    Forecast f = forecast(totals, null);

    assertThat(f.gains()).hasSize(28).containsOnly(1.0);
    assertThat(f.windowStart()).isEqualTo(DAY.minusDays(27));
    assertThat(f.p50()).isEqualTo(DAY.plusDays(62));
  }

  @Test
  void explanation_namesTheGainsAndDates() {
    Forecast f = forecast(totals(10, 20, 30, 40), DAY.plusDays(10));

    assertThat(f.explanation()).isEqualTo("From 4 daily gains, 2026-10-29 to 2026-11-01 (4 positive, mean 10 points"
        + " a day), starting at 40 on 2026-11-01: half of 2000 runs reach 100 by 2026-11-07, 85% by 2026-11-07, 95%"
        + " by 2026-11-07. Deadline 2026-11-11: 100% of runs make it, and the mean gain gives 100 by then.");
  }

  @Test
  void dailyTotals_wrongLength_isRefusedSayingWhy() {
    assertThatThrownBy(() -> new DailyTotals(DAY.minusDays(2), DAY, 0, List.of(1.0, 2.0), 2))
        .hasMessage("endOfDay has 2 totals, not 3 (one per day from 2026-10-30 but at most 28 ending with 2026-11-01)");
    assertThatThrownBy(() -> new DailyTotals(DAY, DAY, 5, List.of(1.0), 1))
        .hasMessage("before 5.0 must be 0: the window starts with the first event");
    assertThatThrownBy(() -> new DailyTotals(DAY.plusDays(1), DAY, 0, List.of(), 1))
        .hasMessage("firstEventDay 2026-11-02 is after day 2026-11-01");
    assertThatThrownBy(() -> new DailyTotals(DAY.minusDays(2), DAY, 0, List.of(1.0, 140.0, 3.0), 3))
        .hasMessage("endOfDay[1] 140.0 is out of range 0..100");
  }

  @Test
  void dailyTotals_endOf_readsTheWindowAndZeroBeforeTheFirstEvent() {
    DailyTotals totals = totals(10, 20, 30);

    assertThat(totals.endOf(DAY)).isEqualTo(30.0);
    assertThat(totals.endOf(DAY.minusDays(2))).isEqualTo(10.0);
    assertThat(totals.endOf(DAY.minusDays(3))).isZero();
    assertThatThrownBy(() -> totals.endOf(DAY.plusDays(1))).hasMessage("day 2026-11-02 is after T's day 2026-11-01");
  }

  @Test
  void dailyTotals_fromEvents_endOfDayInTheZone_lateEventsCountForTheirDay() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    List<ProgressEvent> events = List.of(
        event("2026-10-30T22:30:00Z", 10), // 2026-10-30 23:30 CET
        event("2026-10-30T23:30:00Z", 20), // 2026-10-31 00:30 CET
        event("2026-11-01T08:00:00Z", 5),
        event("2026-11-01T13:00:00Z", 40)); // after T: ignored
    Instant asOf = Instant.parse("2026-11-01T12:00:00Z");

    DailyTotals totals = DailyTotals.fromEvents(events, ForecastTest::sum, berlin, asOf);

    assertThat(totals.firstEventDay()).isEqualTo(LocalDate.parse("2026-10-30"));
    assertThat(totals.endOfDay()).containsExactly(10.0, 30.0, 35.0);
    assertThat(totals.atT()).isEqualTo(35.0);
    assertThat(DailyTotals.fromEvents(List.of(events.get(3), events.get(1), events.get(2), events.get(0)),
        ForecastTest::sum, berlin, asOf)).isEqualTo(totals);
  }

  private static ProgressEvent event(String at, double minutes) {
    return ProgressEvent.builder().user("ana").time("s1", minutes).at(Instant.parse(at)).build();
  }

  private static double sum(List<ProgressEvent> events) {
    return Math.min(100, events.stream().mapToDouble(ProgressEvent::value).sum());
  }
}
