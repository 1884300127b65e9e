package dev.progress.core.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The properties of sections 7-10 that hold for every input, on random small histories of one user in zones with
 * whole, half and quarter hour offsets, around a DST change, a year's end and a leap day:
 *
 * <ul>
 *   <li>any arrival order (late events included) gives exactly the same analytics, forecasts, retention and
 *       insights;
 *   <li>everything agrees with {@link AnalyticsReferenceModel}, a from-scratch restatement of the model;
 *   <li>a forecast's percentiles are ordered, p50 <= p85 <= p95, and a null one is followed by nulls only.
 * </ul>
 */
class AnalyticsPropertyTest {
  private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"),
      ZoneId.of("Asia/Kolkata"), ZoneId.of("Asia/Kathmandu"), ZoneId.of("America/New_York"));
  /** Clocks next to calendar edges: Berlin's spring and autumn DST changes, ISO week 53, a leap day. */
  private static final List<Instant> CLOCKS = List.of(Instant.parse("2026-03-29T20:00:00Z"),
      Instant.parse("2026-10-25T23:30:00Z"), Instant.parse("2027-01-03T12:00:00Z"),
      Instant.parse("2028-02-29T23:50:00Z"), Instant.parse("2026-11-01T00:10:00Z"));
  private static final int[] SECONDS = {0, 1, 3600, 43_200, 70_000, 86_399};
  private static final String[] SPACES = {"s1", "s2"};
  private static final String[] ITEMS = {null, "i1", "i2", "i3"};
  private static final double[] PERCENTS = {0, 30, 50, 100, 100, 99.5};
  private static final double[] MINUTES = {0.5, 15, 30, 45.25, 60, 120, 0.000001};
  private static final String[] SKILLS = {null, "coding", "math"};
  private static final double[] SKILL_TOTALS = {0, 23.5, 50, 50, 80, 100};
  private static final int[] DIVISORS = {5, 10, 25, 60};
  private static final Integer[] DEADLINES = {null, -2, 0, 1, 5, 20, 200};

  /** One user's events with distinct ids, the zone and clock, skill totals and what makes key totals. */
  record Scenario(ZoneId zone, Instant t, List<ProgressEvent> events, Map<String, Double> skillTotals,
      Map<String, Integer> deadlineDays, int divisor) {
    @Override
    public String toString() {
      return "\nzone " + zone + ", T " + t + ", skills " + skillTotals + ", deadlines " + deadlineDays + ", divisor "
          + divisor + "\n" + events.stream().map(e -> e.timestamp() + " " + e.type() + " " + e.spaceId() + " "
              + e.itemId() + " " + e.value() + " " + e.skill()).collect(Collectors.joining("\n"));
    }
  }

  private static Gen<Scenario> scenarios() {
    Gen<int[]> event = Generate.intArrays(Generate.constant(7), Generate.range(0, 1000));
    Gen<int[]> setting = Generate.intArrays(Generate.constant(9), Generate.range(0, 1000));
    return lists().of(event).ofSizeBetween(0, 40).zip(setting, AnalyticsPropertyTest::build)
        .describedAs(Scenario::toString);
  }

  private static Scenario build(List<int[]> specs, int[] s) {
    ZoneId zone = ZONES.get(s[0] % ZONES.size());
    Instant t = CLOCKS.get(s[1] % CLOCKS.size());
    LocalDate today = LocalDate.ofInstant(t, zone);
    List<ProgressEvent> events = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      int[] c = specs.get(i);
      Instant at = today.minusDays(c[0] % 45).atStartOfDay(zone).toInstant().plusSeconds(SECONDS[c[1] % 6]);
      if (at.isAfter(t)) {
        at = t;
      }
      String space = SPACES[c[3] % SPACES.length];
      String skill = SKILLS[c[6] % SKILLS.length];
      ProgressEvent.Builder b = ProgressEvent.builder().id("e" + i).user("ana").at(at);
      switch (c[2] % 5) {
        case 0, 1 -> b.task(space, ITEMS[c[4] % ITEMS.length], PERCENTS[c[5] % PERCENTS.length]);
        case 2 -> b.time(space, MINUTES[c[5] % MINUTES.length]);
        case 3 -> b.interaction(space, PERCENTS[c[5] % PERCENTS.length]);
        default -> b.peerReview(skill == null ? "coding" : skill, PERCENTS[c[5] % PERCENTS.length]);
      }
      if (skill != null) {
        b.skill(skill);
      }
      events.add(b.build());
    }
    Map<String, Double> skillTotals = new LinkedHashMap<>();
    for (int k = 0; k < s[2] % 4; k++) {
      skillTotals.put(new String[] {"coding", "math", "art"}[k], SKILL_TOTALS[s[3 + k] % SKILL_TOTALS.length]);
    }
    Map<String, Integer> deadlines = new LinkedHashMap<>();
    deadlines.put("s1", DEADLINES[s[6] % DEADLINES.length]);
    deadlines.put("s2", DEADLINES[s[7] % DEADLINES.length]);
    deadlines.put("g1", DEADLINES[(s[6] + s[7]) % DEADLINES.length]);
    return new Scenario(zone, t, events, skillTotals, deadlines, DIVISORS[s[8] % DIVISORS.length]);
  }

  // ------------------------------------------------------------------ what the engine would supply

  private static ToDoubleFunction<List<ProgressEvent>> total(int divisor) {
    // summed in one canonical order: a double sum in arrival order differs in its last bits between orders
    return events -> Math.min(100, events.stream().mapToDouble(ProgressEvent::value).sorted().sum() / divisor);
  }

  /** s1 and s2 see their own events; goal g1 sees both spaces'. */
  private static List<ProgressEvent> eventsOf(String key, List<ProgressEvent> events) {
    return key.equals("g1") ? events.stream().filter(e -> e.spaceId() != null).toList()
        : events.stream().filter(e -> key.equals(e.spaceId())).toList();
  }

  private static ProgressKey keyOf(String id) {
    return id.equals("g1") ? ProgressKey.goal("ana", id) : ProgressKey.space("ana", id);
  }

  private static @Nullable LocalDate deadline(Scenario s, String key) {
    Integer days = s.deadlineDays().get(key);
    return days == null ? null : LocalDate.ofInstant(s.t(), s.zone()).plusDays(days);
  }

  private static AnalyticsReport report(Scenario s, List<ProgressEvent> arrival) {
    ActivityHistory history = ActivityHistory.create("ana", s.zone());
    arrival.forEach(history::record);
    List<KeyHistory> keys = new ArrayList<>();
    for (String key : List.of("s1", "s2", "g1")) {
      DailyTotals totals = DailyTotals.fromEvents(eventsOf(key, arrival), total(s.divisor()), s.zone(), s.t());
      keys.add(new KeyHistory(keyOf(key), totals, deadline(s, key)));
    }
    return history.report(s.t(), s.skillTotals(), keys, InsightSettings.DEFAULTS);
  }

  // ------------------------------------------------------------------ properties

  @Test
  void anyArrivalOrder_lateEventsIncluded_givesIdenticalResults() {
    qt().withExamples(150).withShrinkCycles(500).forAll(scenarios(), longs().all()).checkAssert((s, seed) -> {
      List<ProgressEvent> shuffled = new ArrayList<>(s.events());
      Collections.shuffle(shuffled, new Random(seed));
      List<ProgressEvent> inOrder = new ArrayList<>(s.events());
      inOrder.sort((a, b) -> a.timestamp().compareTo(b.timestamp()));

      assertThat(report(s, shuffled)).isEqualTo(report(s, inOrder));
    });
  }

  @Test
  void agreesWithTheReferenceModel() {
    qt().withExamples(150).withShrinkCycles(500).forAll(scenarios()).checkAssert(s -> {
      AnalyticsReport report = report(s, s.events());
      AnalyticsReferenceModel model = new AnalyticsReferenceModel(s.zone(), s.events());
      Analytics a = report.analytics();

      assertThat(a.timeSpent().daily()).usingElementComparator(AnalyticsPropertyTest::close)
          .containsExactlyElementsOf(model.daily(s.t()));
      assertThat(a.timeSpent().weekly()).usingElementComparator(AnalyticsPropertyTest::close)
          .containsExactlyElementsOf(model.weekly(s.t()));
      assertThat(a.timeSpent().monthly()).usingElementComparator(AnalyticsPropertyTest::close)
          .containsExactlyElementsOf(model.monthly(s.t()));
      assertThat(a.completionRate()).isCloseTo(model.completionRate(s.t()), within(1e-9));
      assertThat(a.strongestAreas()).isEqualTo(model.strongest(s.skillTotals()));
      assertThat(a.improvementAreas()).isEqualTo(model.improvement(s.skillTotals()));
      assertThat(a.streak().current()).isEqualTo(model.currentStreak(s.t()));
      assertThat(a.streak().longest()).isEqualTo(model.longestStreak(s.t()));

      for (String skill : List.of("coding", "math")) {
        Double expected = model.retention(skill, s.t());
        Retention actual = report.retention().stream().filter(r -> r.skill().equals(skill)).findFirst()
            .orElse(null);
        if (expected == null) {
          assertThat(actual).isNull();
        } else {
          assertThat(actual).isNotNull();
          assertThat(actual.retention()).isCloseTo(expected, within(1e-9));
        }
      }

      List<AnalyticsReferenceModel.Key> keys = new ArrayList<>();
      for (String key : List.of("s1", "s2", "g1")) {
        String level = keyOf(key).level().jsonName();
        AnalyticsReferenceModel.Expected expected = model.forecast("ana", level, key, eventsOf(key, s.events()),
            total(s.divisor()), s.t(), deadline(s, key));
        Forecast actual = report.forecasts().stream().filter(f -> f.key().id().equals(key)).findFirst()
            .orElse(null);
        if (expected == null) {
          assertThat(actual).as("forecast of %s", key).isNull();
        } else {
          assertThat(actual).as("forecast of %s", key).isNotNull();
          assertThat(List.of(String.valueOf(actual.p50()), String.valueOf(actual.p85()),
              String.valueOf(actual.p95()), String.valueOf(actual.onTrack()))).as("forecast of %s", key)
              .containsExactly(String.valueOf(expected.p50()), String.valueOf(expected.p85()),
                  String.valueOf(expected.p95()), String.valueOf(expected.onTrack()));
          if (expected.expectedAtDeadline() != null) {
            assertThat(actual.expectedAtDeadline()).isCloseTo(expected.expectedAtDeadline(), within(1e-9));
          }
        }
        keys.add(new AnalyticsReferenceModel.Key(level, key, eventsOf(key, s.events()), total(s.divisor()),
            deadline(s, key)));
      }

      assertThat(report.insights()).extracting(i -> new AnalyticsReferenceModel.Expectation(i.kind().jsonName(),
          i.level() == null ? null : i.level().jsonName(), i.subject()))
          .containsExactlyElementsOf(model.insights("ana", s.t(), s.skillTotals(), keys));
    });
  }

  @Test
  void forecastPercentiles_areOrdered_nullsLast() {
    Gen<int[]> walks = Generate.intArrays(Generate.range(1, 28), Generate.range(-20, 40));
    qt().withExamples(300).forAll(walks, longs().between(0, 1000)).checkAssert((steps, id) -> {
      List<Double> endOfDay = new ArrayList<>();
      double total = 0;
      for (int step : steps) {
        total = Math.max(0, Math.min(99, total + step / 4.0));
        endOfDay.add(total);
      }
      LocalDate day = LocalDate.parse("2026-11-01");
      DailyTotals totals = new DailyTotals(day.minusDays(steps.length - 1L), day, 0, endOfDay, total);

      Forecast f = Forecast.of(ProgressKey.space("u" + id, "s"), totals, day.plusDays(30)).orElseThrow();

      if (f.p85() != null) {
        assertThat(f.p50()).isNotNull().isBeforeOrEqualTo(f.p85());
      }
      if (f.p95() != null) {
        assertThat(f.p85()).isNotNull().isBeforeOrEqualTo(f.p95());
      }
      assertThat(f.p50() == null || f.gainingDays() >= 3).isTrue();
      assertThat(Forecast.of(ProgressKey.space("u" + id, "s"), totals, day.plusDays(30))).contains(f);
    });
  }

  private static int close(Double a, Double b) {
    return Math.abs(a - b) <= 1e-9 ? 0 : Double.compare(a, b);
  }
}
