package dev.progress.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.progress.core.analytics.ActivityHistory;
import dev.progress.core.spi.ProgressRule;
import dev.progress.core.analytics.AnalyticsReport;
import dev.progress.core.analytics.DailyTotals;
import dev.progress.core.analytics.Forecast;
import dev.progress.core.analytics.InsightSettings;
import dev.progress.core.analytics.KeyHistory;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * {@link ProgressTracker#analytics}: the engine's incremental daily totals against the slow restatement (a
 * fresh tracker per day over the events up to that day's end), in order and out of order.
 */
class TrackerAnalyticsTest {
  private static final Instant START = Instant.parse("2026-09-01T06:00:00Z");
  private static final Plan PLAN = Plan.builder()
      .goal("g1", List.of("s1", "s2"), null)
      .deadline(Level.SPACE, "s1", LocalDate.parse("2026-10-20"))
      .deadline(Level.GOAL, "g1", LocalDate.parse("2026-12-01"))
      .build();

  /** Events over {@code days} days: tasks, time and milestones in two spaces, a goal milestone, skills. */
  private static List<ProgressEvent> history(long seed, int days) {
    Random random = new Random(seed);
    List<ProgressEvent> events = new ArrayList<>();
    int n = 0;
    for (int d = 0; d < days; d++) {
      int today = random.nextInt(4);
      for (int k = 0; k < today; k++) {
        String space = random.nextBoolean() ? "s1" : "s2";
        ProgressEvent.Builder b = ProgressEvent.builder().id("e" + n++).user("ana")
            .at(START.plusSeconds(d * 86_400L + random.nextInt(20 * 3600)));
        if (random.nextInt(4) == 0) {
          b.goal("g1"); // binds the space to g1 when no plan does
        }
        events.add(switch (random.nextInt(5)) {
          case 0, 1 -> b.task(space, "t" + random.nextInt(12), random.nextBoolean() ? 100 : 50)
              .skill(random.nextBoolean() ? "coding" : "math").build();
          case 2 -> b.time(space, 5 + random.nextInt(60)).skill("coding").build();
          case 3 -> b.milestone(space, "m" + random.nextInt(3), 100).build();
          default -> ProgressEvent.builder().id("e" + (n - 1)).user("ana")
              .at(START.plusSeconds(d * 86_400L + random.nextInt(20 * 3600)))
              .goalMilestone("g1", "gm" + random.nextInt(2), 100).build();
        });
      }
    }
    return events;
  }

  private static ProgressTracker tracker(Instant now, ZoneId zone, boolean keepEvents) {
    return tracker(now, zone, keepEvents, PLAN);
  }

  private static ProgressTracker tracker(Instant now, ZoneId zone, boolean keepEvents, Plan plan) {
    return ProgressTracker.builder()
        .plan(plan)
        .clock(() -> now)
        .zone(zone)
        .store(keepEvents ? InMemoryProgressStore.create() : InMemoryProgressStore.snapshotsOnly())
        .build();
  }

  /** The slow way: each day's total from a fresh tracker over the key's events up to that day's end. */
  private static AnalyticsReport reference(List<ProgressEvent> events, Instant now, ZoneId zone, Plan plan) {
    ProgressTracker all = tracker(now, zone, true, plan);
    all.trackAll(events);
    ActivityHistory activity = ActivityHistory.create("ana", zone);
    events.forEach(activity::record);
    Map<String, Double> skills = new TreeMap<>();
    all.userProgress("ana").skills().forEach(p -> skills.put(p.key().id(), p.total()));
    List<KeyHistory> keys = new ArrayList<>();
    UserProgress has = all.userProgress("ana"); // the user's keys: without a plan, g1 only once events name it
    List<ProgressKey> keysOfUser = new ArrayList<>();
    has.spaces().forEach(p -> keysOfUser.add(p.key()));
    has.goals().forEach(p -> keysOfUser.add(p.key()));
    for (ProgressKey key : keysOfUser) {
      // a goal's events: its own, and its spaces' from the first event binding the space to it (the plan binds
      // planned spaces from the start)
      Map<String, Instant> joined = new TreeMap<>();
      for (ProgressEvent e : events) {
        if ("g1".equals(e.goalId()) && e.spaceId() != null) {
          joined.merge(e.spaceId(), e.timestamp(), (a, b) -> a.isBefore(b) ? a : b);
        }
      }
      if (plan == PLAN) {
        joined.put("s1", Instant.MIN);
        joined.put("s2", Instant.MIN);
      }
      List<ProgressEvent> touching = events.stream().filter(e -> key.level() == Level.GOAL
          ? "g1".equals(e.goalId()) || e.spaceId() != null && joined.containsKey(e.spaceId())
              && !LocalDate.ofInstant(e.timestamp(), zone).isBefore(
                  LocalDate.ofInstant(joined.get(e.spaceId()).equals(Instant.MIN) ? START : joined.get(e.spaceId()),
                      zone))
          : key.id().equals(e.spaceId())).toList();
      ToDoubleFunction<List<ProgressEvent>> total = upTo -> {
        ProgressTracker fresh = tracker(now, zone, true, plan);
        fresh.trackAll(key.level() == Level.GOAL ? events.stream()
            .filter(e -> !e.timestamp().isAfter(latest(upTo))).toList() : upTo);
        return fresh.progress(key).total();
      };
      keys.add(new KeyHistory(key, touching.isEmpty() ? DailyTotals.withoutEvents(activity.dayOf(now),
          all.progress(key).total()) : DailyTotals.fromEvents(touching, total, zone, now), plan.deadlineOf(key)));
    }
    return activity.report(now, skills, keys, InsightSettings.DEFAULTS);
  }

  private static Instant latest(List<ProgressEvent> events) {
    return events.stream().map(ProgressEvent::timestamp).max(Instant::compareTo).orElse(Instant.MIN);
  }

  @Test
  void analytics_inAnyArrivalOrder_equalTheSlowRestatement() {
    qt().withExamples(30).forAll(longs().all(), integers().between(3, 45), integers().between(0, 5))
        .checkAssert((seed, days, variant) -> {
          ZoneId zone = List.of(ZoneOffset.UTC, ZoneId.of("Europe/Berlin"), ZoneId.of("Asia/Kathmandu"))
              .get(variant % 3);
          Plan plan = variant < 3 ? PLAN : Plan.empty(); // the plan's goal, or one bound by events
          List<ProgressEvent> events = history(seed, days);
          if (events.isEmpty()) {
            return; // a user without events has no keys: analytics_ofAUserWithoutEvents_isEmpty
          }
          Instant now = START.plusSeconds(days * 86_400L);
          AnalyticsReport expected = reference(events, now, zone, plan);

          ProgressTracker inOrder = tracker(now, zone, false, plan); // in timestamp order: exact without replay
          events.stream().sorted(java.util.Comparator.comparing(ProgressEvent::timestamp)).forEach(inOrder::track);
          List<ProgressEvent> shuffled = new ArrayList<>(events);
          Collections.shuffle(shuffled, new Random(seed));
          ProgressTracker outOfOrder = tracker(now, zone, true, plan);
          for (int i = 0; i < shuffled.size(); i += 7) {
            outOfOrder.trackAll(shuffled.subList(i, Math.min(shuffled.size(), i + 7)));
          }

          assertThat(inOrder.analytics("ana")).isEqualTo(expected);
          assertThat(outOfOrder.analytics("ana")).isEqualTo(expected);
        });
  }

  /**
   * The analytics count task items through the spaces' built-in task components, and keep items of their own
   * only when a custom rule replaced that component: the rate is the model's either way (section 7). Items: t1
   * completed then reopened later (open), t2 reopened then completed at the same instant (ties: the greater
   * value, completed), t1 of another space (completed), and a completed event without itemId: 3 of 4.
   */
  @Test
  void completionRate_isTheModels_whetherTheSpacesTaskRuleIsBuiltInOrReplaced() {
    Instant now = START.plusSeconds(86_400);
    List<ProgressEvent> events = List.of(
        task("a", "s1", "t1", 100, 0), task("b", "s1", "t1", 50, 60),
        task("c", "s1", "t2", 50, 120), task("d", "s1", "t2", 100, 120),
        task("e", "s2", "t1", 100, 0), task("f", "s2", null, 100, 30));
    ProgressRule replaced = ProgressRule.of(Level.SPACE, "task", EventType.TASK, 0.4, "mine-1",
        (matching, ctx) -> matching.isEmpty() ? 0 : 100);
    ProgressTracker builtIn = tracker(now, ZoneOffset.UTC, true);
    ProgressTracker custom = ProgressTracker.builder().plan(PLAN).clock(() -> now).rule(replaced).build();

    builtIn.trackAll(events);
    custom.trackAll(events);

    assertThat(builtIn.analytics("ana").analytics().completionRate()).isEqualTo(75.0);
    assertThat(custom.analytics("ana").analytics().completionRate()).isEqualTo(75.0);
    assertThat(custom.analytics("ana").analytics().taskItems()).isEqualTo(4);
  }

  private static ProgressEvent task(String id, String space, @Nullable String item, double value, int second) {
    ProgressEvent.Builder b = ProgressEvent.builder().id(id).user("ana").at(START.plusSeconds(second));
    return item == null ? b.space(space).type(EventType.TASK).value(value).build() : b.task(space, item, value).build();
  }

  @Test
  void analytics_lateEventsWithAStoreKeepingNoEvents_sayWhatToDo() {
    Instant now = START.plusSeconds(10 * 86_400L);
    ProgressTracker tracker = tracker(now, ZoneOffset.UTC, false);
    tracker.track(ProgressEvent.builder().user("ana").at(START.plusSeconds(5 * 86_400L)).time("s1", 10).build());
    tracker.track(ProgressEvent.builder().user("ana").at(START).time("s1", 10).build());

    assertThatThrownBy(() -> tracker.analytics("ana"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("came out of timestamp order");
  }

  @Test
  void analytics_steadyDailyGain_forecastsTheExactDay_andMeasuresTheDeadline() {
    // s1 has 10 planned tasks... here: 10 task items seen in total, one completed each day
    Plan plan = Plan.builder().space("s1", 10, 0).deadline(Level.SPACE, "s1", LocalDate.parse("2026-09-08"))
        .build();
    Instant now = START.plusSeconds(4 * 86_400L);
    ProgressTracker tracker = ProgressTracker.builder().plan(plan).clock(() -> now).build();
    for (int d = 0; d <= 4; d++) {
      tracker.track(ProgressEvent.builder().id("e" + d).user("ana").at(START.plusSeconds(d * 86_400L))
          .task("s1", "t" + d, 100).build());
    }
    // 5 of 10 tasks: task component 50, total 20 after 5 days, +4 a day; 100 needs 20 more days
    Forecast s1 = tracker.analytics("ana").forecasts().get(0);
    assertThat(s1.key()).isEqualTo(ProgressKey.space("ana", "s1"));
    assertThat(s1.total()).isEqualTo(20.0);
    assertThat(s1.p50()).isEqualTo(s1.p95()).isEqualTo(LocalDate.parse("2026-09-25"));
    assertThat(s1.deadline()).isEqualTo(LocalDate.parse("2026-09-08"));
    assertThat(s1.expectedAtDeadline()).isEqualTo(32.0); // 20 + 4 a day x 3 days (Sep 5 to Sep 8)
    assertThat(s1.onTrack()).isEqualTo(0.0);
  }
  /** Analytics only read: they take no write lock in the store, so a writer holding the user never blocks them. */
  @Test
  void analytics_whileAWriterHoldsTheUser_readWithoutWaiting() throws Exception {
    Instant now = START.plusSeconds(3 * 86_400L);
    InMemoryProgressStore store = InMemoryProgressStore.create();
    ProgressTracker writer = ProgressTracker.builder().clock(() -> now).store(store).build();
    writer.track(ProgressEvent.builder().id("e1").user("ana").at(START).time("s1", 30).build());
    ProgressTracker reader = ProgressTracker.builder().clock(() -> now).store(store).build();
    java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      pool.submit(() -> store.inTransaction("ana", tx -> {
        inside.countDown();
        release.await(30, java.util.concurrent.TimeUnit.SECONDS);
        return null;
      }));
      assertThat(inside.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      AnalyticsReport report = pool.submit(() -> reader.analytics("ana"))
          .get(20, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(report.analytics().timeSpent().daily()).contains(30.0);
    } finally {
      release.countDown();
      pool.shutdown();
    }
  }

  @Test
  void forecasts_areTheAnalyticsForecasts() {
    List<ProgressEvent> events = history(7, 20);
    Instant now = START.plusSeconds(20 * 86_400L);
    ProgressTracker tracker = tracker(now, ZoneOffset.UTC, true);
    tracker.trackAll(events);

    assertThat(tracker.forecasts("ana")).isEqualTo(tracker.analytics("ana").forecasts()).isNotEmpty();
  }

  /** Section 9's opt-in: mastery decays with retention when asked; by default section 4 is unchanged. */
  @Test
  void masteryDecays_optIn_multipliesMasteryByRetention_defaultLeavesItAlone() {
    Instant now = START.plusSeconds(30 * 86_400L);
    ProgressEvent task = ProgressEvent.builder().id("t").user("ana").at(START).task("s1", "t1", 100)
        .skill("coding").build();
    ProgressTracker plain = ProgressTracker.builder().clock(() -> now).build();
    ProgressTracker decaying = ProgressTracker.builder().clock(() -> now).masteryDecays(true).build();
    plain.track(task);
    decaying.track(task);

    double retention = decaying.analytics("ana").retention().get(0).retention();
    Progress fresh = plain.skillProgress("ana", "coding");
    Progress faded = decaying.skillProgress("ana", "coding");
    assertThat(retention).isBetween(1.0, 99.0);
    assertThat(fresh.component("mastery")).isEqualTo(100.0);
    assertThat(faded.component("mastery")).isCloseTo(retention, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(faded.total()).isCloseTo(fresh.total() - 0.4 * (100 - retention),
        org.assertj.core.api.Assertions.within(1e-9));
    assertThat(decaying.userProgress("ana").skills()).containsExactly(faded);
    assertThat(decaying.spaceProgress("ana", "s1")).isEqualTo(plain.spaceProgress("ana", "s1"));
  }

  /** The defect's repro: events within the clock skew after T count towards no analytics (model section 7). */
  private static void trackTheSkewRepro(ProgressTracker t, Instant clock, boolean inTimestampOrder) {
    ProgressEvent c = ProgressEvent.builder().id("c").user("u").task("s", "t2", 50)
        .at(clock.minusSeconds(3 * 86_400L)).build();
    if (inTimestampOrder) {
      t.track(c);
    }
    t.track(ProgressEvent.builder().id("a").user("u").time("s", 30).at(clock.plusSeconds(120)).build());
    t.track(ProgressEvent.builder().id("b").user("u").task("s", "t1", 100).at(clock.plusSeconds(120)).build());
    if (!inTimestampOrder) {
      t.track(c);
    }
  }

  @Test
  void analytics_eventsWithinTheSkewAfterTheClock_countNowhere() {
    Instant clock = Instant.parse("2026-10-26T10:00:00Z");
    ProgressTracker t = ProgressTracker.builder().clock(java.time.InstantSource.fixed(clock)).build();
    trackTheSkewRepro(t, clock, false);

    dev.progress.core.analytics.Analytics a = t.analytics("u").analytics();
    assertThat(a.timeSpent().daily()).containsExactly(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    assertThat(a.timeSpent().weekly()).containsExactly(0.0, 0.0, 0.0, 0.0);
    assertThat(a.timeSpent().monthly()).containsExactly(0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    assertThat(a.completionRate()).isEqualTo(0.0); // only t2, at 50, is up to T
    assertThat(a.taskItems()).isEqualTo(1);
    assertThat(a.streak().current()).isZero(); // T's day and the day before have nothing up to T
    assertThat(a.streak().longest()).isEqualTo(1);
  }

  /**
   * Through a store that keeps events, cached or replayed, the whole report (forecasts, retention, insights too)
   * is that of the events up to T, while the figures (sections 2-4) count every accepted event; the state read
   * as of T is not kept, so once the clock passes the events they count.
   */
  @Test
  void analytics_eventsAfterTheClock_reportIsThatOfTheEventsUpToIt_figuresCountThemAll() {
    for (InMemoryProgressStore store : List.of(InMemoryProgressStore.create(), InMemoryProgressStore.eventsOnly())) {
      List<ProgressEvent> events = history(11, 10);
      Instant clock = START.plusSeconds(9 * 86_400L + 22 * 3600L);
      List<ProgressEvent> late = List.of(
          ProgressEvent.builder().id("late1").user("ana").at(clock.plusSeconds(60)).task("s1", "t-late", 100)
              .skill("coding").build(),
          ProgressEvent.builder().id("late2").user("ana").at(clock.plusSeconds(240)).time("s2", 45).skill("math")
              .build(),
          ProgressEvent.builder().id("late3").user("ana").at(clock.plusSeconds(299)).milestone("s1", "m9", 100)
              .build());
      java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(
          clock);
      ProgressTracker tracker = ProgressTracker.builder().plan(PLAN).clock(now::get).store(store).build();
      assertThat(tracker.trackAll(events).accepted()).isEqualTo(events.size());
      for (ProgressEvent e : late) {
        assertThat(tracker.track(e).status()).isEqualTo(TrackResult.Status.ACCEPTED);
      }
      ProgressTracker upToT = tracker(clock, ZoneOffset.UTC, true);
      upToT.trackAll(events);
      List<ProgressEvent> all = new ArrayList<>(events);
      all.addAll(late);
      ProgressTracker everything = tracker(clock.plusSeconds(300), ZoneOffset.UTC, true);
      everything.trackAll(all);

      assertThat(tracker.analytics("ana")).isEqualTo(upToT.analytics("ana"));
      assertThat(tracker.forecasts("ana")).isEqualTo(upToT.forecasts("ana"))
          .isNotEqualTo(everything.forecasts("ana")); // the late task raises s1 and g1 on T's day
      assertThat(tracker.userProgress("ana")).isEqualTo(everything.userProgress("ana"))
          .isNotEqualTo(upToT.userProgress("ana"));
      assertThat(tracker.analytics("ana")).isEqualTo(upToT.analytics("ana")); // read again: still as of T

      now.set(clock.plusSeconds(300));
      assertThat(tracker.analytics("ana")).isEqualTo(everything.analytics("ana"));
      assertThat(tracker.userProgress("ana")).isEqualTo(everything.userProgress("ana"));
    }
  }

  /** As with events out of timestamp order: a store keeping no events cannot leave the later events out. */
  @Test
  void analytics_eventsAfterTheClockWithAStoreKeepingNoEvents_sayWhatToDo() {
    Instant clock = Instant.parse("2026-10-26T10:00:00Z");
    ProgressTracker t = ProgressTracker.builder().clock(java.time.InstantSource.fixed(clock))
        .store(InMemoryProgressStore.countsOnly()).build();
    trackTheSkewRepro(t, clock, true); // in timestamp order: only the events after the clock are in the way

    assertThatThrownBy(() -> t.analytics("u"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("later than the clock 2026-10-26T10:00:00Z");
    assertThat(t.spaceProgress("u", "s").component("task")).isEqualTo(50.0); // figures: t1 done, t2 half
  }

  /** A user nothing was accepted for has no spaces, goals or skills, so nothing to forecast. */
  @Test
  void analytics_ofAUserWithoutEvents_isEmpty() {
    for (boolean keepEvents : new boolean[] {true, false}) {
      AnalyticsReport report = tracker(START, ZoneOffset.UTC, keepEvents).analytics("nobody");
      assertThat(report.forecasts()).isEmpty();
      assertThat(report.insights()).isEmpty();
      assertThat(report.analytics().streak().longest()).isZero();
    }
  }
}
