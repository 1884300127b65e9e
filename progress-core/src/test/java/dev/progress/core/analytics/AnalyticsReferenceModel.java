package dev.progress.core.analytics;

import dev.progress.core.ProgressEvent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Sections 7-10 of the progress model restated as plainly as possible, so that tests can hold
 * {@code dev.progress.core.analytics} against it. Written from the text of the model and of
 * {@code docs/semantics.md}, not from the implementation: it shares no code with it, keeps every event, and
 * recomputes every figure from scratch each time it is asked, walking the calendar day by day with
 * {@link ZonedDateTime} and summing minutes in {@link BigDecimal}. Slow on purpose. Not thread-safe.
 */
final class AnalyticsReferenceModel {
  private final ZoneId zone;
  private final List<ProgressEvent> events;

  /** The model of one user's accepted events (each once) in {@code zone}. */
  AnalyticsReferenceModel(ZoneId zone, List<ProgressEvent> events) {
    this.zone = zone;
    this.events = List.copyOf(events);
  }

  private LocalDate dayOf(Instant instant) {
    return ZonedDateTime.ofInstant(instant, zone).toLocalDate();
  }

  /** The events with timestamp <= T: the only ones that count. */
  private List<ProgressEvent> upTo(Instant t) {
    return events.stream().filter(e -> !e.timestamp().isAfter(t)).toList();
  }

  // ------------------------------------------------------------------ section 7

  /** Minutes of time events whose day in the zone satisfies {@code inPeriod}, counting events up to T. */
  private double minutes(Instant t, java.util.function.Predicate<LocalDate> inPeriod) {
    BigDecimal sum = BigDecimal.ZERO;
    for (ProgressEvent e : upTo(t)) {
      if (e.type().name().equals("time") && inPeriod.test(dayOf(e.timestamp()))) {
        sum = sum.add(new BigDecimal(e.value()).setScale(6, java.math.RoundingMode.HALF_UP));
      }
    }
    return sum.doubleValue();
  }

  List<Double> daily(Instant t) {
    LocalDate today = dayOf(t);
    List<Double> out = new ArrayList<>();
    for (int back = 6; back >= 0; back--) {
      LocalDate day = today.minusDays(back);
      out.add(minutes(t, d -> d.equals(day)));
    }
    return out;
  }

  List<Double> weekly(Instant t) {
    LocalDate today = dayOf(t);
    List<Double> out = new ArrayList<>();
    for (int back = 3; back >= 0; back--) {
      LocalDate inWeek = today.minusWeeks(back);
      int year = inWeek.get(IsoFields.WEEK_BASED_YEAR);
      int week = inWeek.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
      out.add(minutes(t, d -> d.get(IsoFields.WEEK_BASED_YEAR) == year
          && d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) == week));
    }
    return out;
  }

  List<Double> monthly(Instant t) {
    LocalDate today = dayOf(t);
    List<Double> out = new ArrayList<>();
    for (int back = 5; back >= 0; back--) {
      LocalDate inMonth = today.withDayOfMonth(1).minusMonths(back);
      out.add(minutes(t, d -> d.getYear() == inMonth.getYear() && d.getMonth() == inMonth.getMonth()));
    }
    return out;
  }

  /** 100 x completed task items / task items; each (spaceId, itemId) judged by its latest event. */
  double completionRate(Instant t) {
    Map<List<String>, ProgressEvent> latest = new HashMap<>();
    int anonymous = 0;
    int anonymousDone = 0;
    for (ProgressEvent e : upTo(t)) {
      if (!e.type().name().equals("task")) {
        continue;
      }
      if (e.itemId() == null) {
        anonymous++;
        anonymousDone += e.value() == 100 ? 1 : 0;
        continue;
      }
      List<String> item = List.of(e.spaceId(), e.itemId());
      ProgressEvent current = latest.get(item);
      if (current == null || e.timestamp().isAfter(current.timestamp())
          || e.timestamp().equals(current.timestamp()) && e.value() > current.value()) {
        latest.put(item, e);
      }
    }
    int items = latest.size() + anonymous;
    long done = anonymousDone + latest.values().stream().filter(e -> e.value() == 100).count();
    return items == 0 ? 0 : 100.0 * done / items;
  }

  private static List<String> ranked(Map<String, Double> skillTotals) {
    List<String> names = new ArrayList<>(skillTotals.keySet());
    names.sort(Comparator.comparing((String s) -> -skillTotals.get(s)).thenComparing(s -> s));
    return names;
  }

  List<String> strongest(Map<String, Double> skillTotals) {
    List<String> ranked = ranked(skillTotals);
    int n = ranked.size();
    return ranked.subList(0, Math.min(3, (int) Math.ceil(n / 2.0)));
  }

  List<String> improvement(Map<String, Double> skillTotals) {
    List<String> ranked = ranked(skillTotals);
    int n = ranked.size();
    List<String> weakestFirst = new ArrayList<>();
    for (int i = n - 1; i >= n - Math.min(3, n / 2); i--) {
      weakestFirst.add(ranked.get(i));
    }
    return weakestFirst;
  }

  private TreeSet<LocalDate> activeDays(Instant t) {
    TreeSet<LocalDate> days = new TreeSet<>();
    upTo(t).forEach(e -> days.add(dayOf(e.timestamp())));
    return days;
  }

  private static int runEndingAt(TreeSet<LocalDate> days, LocalDate day) {
    int run = 0;
    while (days.contains(day.minusDays(run))) {
      run++;
    }
    return run;
  }

  int currentStreak(Instant t) {
    TreeSet<LocalDate> days = activeDays(t);
    LocalDate today = dayOf(t);
    return days.contains(today) ? runEndingAt(days, today) : runEndingAt(days, today.minusDays(1));
  }

  int longestStreak(Instant t) {
    TreeSet<LocalDate> days = activeDays(t);
    int longest = 0;
    for (LocalDate d : days) {
      longest = Math.max(longest, runEndingAt(days, d));
    }
    return longest;
  }

  // ------------------------------------------------------------------ section 9: FSRS-5, as documented

  /** Retention of {@code skill} at T, or null when it has no practice day up to T. */
  @Nullable Double retention(String skill, Instant t) {
    TreeSet<LocalDate> practice = new TreeSet<>();
    for (ProgressEvent e : upTo(t)) {
      String type = e.type().name();
      if ((type.equals("task") || type.equals("time")) && skill.equals(e.skill())) {
        practice.add(dayOf(e.timestamp()));
      }
    }
    if (practice.isEmpty()) {
      return null;
    }
    double goodDifficulty = 7.1949 - Math.exp(0.5345 * 2) + 1;
    double easyDifficulty = 7.1949 - Math.exp(0.5345 * 3) + 1;
    double stability = 3.173;
    double difficulty = goodDifficulty;
    LocalDate previous = null;
    for (LocalDate day : practice) {
      if (previous != null) {
        long gap = ChronoUnit.DAYS.between(previous, day);
        double r = Math.pow(1 + 19.0 / 81.0 * gap / stability, -0.5);
        double increase = Math.exp(1.54575) * (11 - difficulty) * Math.pow(stability, -0.1192)
            * (Math.exp(1.01925 * (1 - r)) - 1);
        stability = Math.min(36500, stability * (1 + increase));
        difficulty = 0.0046 * easyDifficulty + (1 - 0.0046) * difficulty;
      }
      previous = day;
    }
    ZonedDateTime endOfLast = practice.last().plusDays(1).atStartOfDay(zone);
    Duration since = Duration.between(endOfLast.toInstant(), t);
    double days = since.isNegative() ? 0 : (since.getSeconds() + since.getNano() / 1e9) / 86400.0;
    return 100 * Math.pow(1 + 19.0 / 81.0 * days / stability, -0.5);
  }

  // ------------------------------------------------------------------ section 8

  /** A forecast's figures. */
  record Expected(@Nullable LocalDate p50, @Nullable LocalDate p85, @Nullable LocalDate p95,
      @Nullable Double onTrack, @Nullable Double expectedAtDeadline) {}

  /**
   * The forecast of a key whose total over a list of its events is {@code total}, null when the total at T
   * is 100: end-of-day totals walked day by day, then 2000 runs with the draws docs/semantics.md specifies.
   */
  @Nullable Expected forecast(String userId, String level, String id, List<ProgressEvent> keyEvents,
      ToDoubleFunction<List<ProgressEvent>> total, Instant t, @Nullable LocalDate deadline) {
    List<ProgressEvent> counted = keyEvents.stream().filter(e -> !e.timestamp().isAfter(t))
        .sorted(Comparator.comparing(ProgressEvent::timestamp)).toList();
    double atT = total.applyAsDouble(counted);
    if (Math.round(atT * 1e6) >= 100_000_000L) {
      return null;
    }
    LocalDate today = dayOf(t);
    List<Long> gains = new ArrayList<>();
    if (!counted.isEmpty()) {
      LocalDate first = dayOf(counted.get(0).timestamp());
      LocalDate from = first.isBefore(today.minusDays(27)) ? today.minusDays(27) : first;
      for (LocalDate d = from; !d.isAfter(today); d = d.plusDays(1)) {
        gains.add(micros(endOfDay(counted, total, d)) - micros(endOfDay(counted, total, d.minusDays(1))));
      }
    }
    long positive = gains.stream().filter(g -> g > 0).count();
    long start = micros(atT);
    List<Integer> runDays = new ArrayList<>();
    SplitMix master = new SplitMix(fnv(userId + "\0" + level + "\0" + id));
    for (int run = 0; run < 2000; run++) {
      SplitMix draws = new SplitMix(master.next());
      long sum = start;
      Integer reached = null;
      for (int day = 1; day <= 3650 && !gains.isEmpty(); day++) {
        long x = draws.next();
        sum += gains.get((int) (((x >>> 32) * gains.size()) >>> 32));
        if (sum >= 100_000_000L) {
          reached = day;
          break;
        }
      }
      runDays.add(reached == null ? Integer.MAX_VALUE : reached);
    }
    List<Integer> sorted = new ArrayList<>(runDays);
    sorted.sort(null);
    LocalDate p50 = positive < 3 ? null : date(today, sorted.get(999)); // ranks ceil(0.50 x 2000) = 1000, ...
    LocalDate p85 = positive < 3 ? null : date(today, sorted.get(1699));
    LocalDate p95 = positive < 3 ? null : date(today, sorted.get(1899));
    Double onTrack = null;
    Double expected = null;
    if (deadline != null) {
      long daysToDeadline = ChronoUnit.DAYS.between(today, deadline);
      onTrack = runDays.stream().filter(d -> d <= daysToDeadline).count() / 2000.0;
      double mean = gains.isEmpty() ? 0 : gains.stream().mapToLong(Long::longValue).sum() / 1e6 / gains.size();
      expected = Math.max(0, Math.min(100, atT + mean * Math.max(0, daysToDeadline)));
    }
    return new Expected(p50, p85, p95, onTrack, expected);
  }

  /** The key's total over the events up to the end of {@code day} (0 before its first event). */
  private double endOfDay(List<ProgressEvent> counted, ToDoubleFunction<List<ProgressEvent>> total, LocalDate day) {
    List<ProgressEvent> upToDay = counted.stream().filter(e -> !dayOf(e.timestamp()).isAfter(day)).toList();
    return upToDay.isEmpty() ? 0 : total.applyAsDouble(upToDay);
  }

  private static @Nullable LocalDate date(LocalDate today, int days) {
    return days == Integer.MAX_VALUE ? null : today.plusDays(days);
  }

  private static long micros(double points) {
    return Math.round(points * 1e6);
  }

  private static long fnv(String text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ Byte.toUnsignedLong(b)) * 0x100000001b3L;
    }
    return hash;
  }

  /** SplitMix64 (Steele, Lea and Flood 2014), as in java.util.SplittableRandom. */
  private static final class SplitMix {
    private long state;

    SplitMix(long seed) {
      this.state = seed;
    }

    long next() {
      state += 0x9E3779B97F4A7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }
  }

  // ------------------------------------------------------------------ section 10

  /** An insight without its message: what the model decides. */
  record Expectation(String kind, @Nullable String level, @Nullable String subject) {}

  /** A space or goal: its events, total function and deadline. */
  record Key(String level, String id, List<ProgressEvent> events, ToDoubleFunction<List<ProgressEvent>> total,
      @Nullable LocalDate deadline) {}

  /** Section 10 with the default thresholds, sorted by kind, level, subject (nulls first). */
  List<Expectation> insights(String userId, Instant t, Map<String, Double> skillTotals, List<Key> keys) {
    List<Expectation> out = new ArrayList<>();
    LocalDate today = dayOf(t);
    for (Key k : keys) {
      List<ProgressEvent> counted = k.events().stream().filter(e -> !e.timestamp().isAfter(t)).toList();
      double now = k.total().applyAsDouble(counted);
      if (now >= 90 && now < 100) {
        out.add(new Expectation("near_completion", k.level(), k.id()));
      }
      if (now >= 100 && endOfDay(counted, k.total(), today.minusDays(7)) < 100) {
        out.add(new Expectation("completed", k.level(), k.id()));
      }
      Expected f = forecast(userId, k.level(), k.id(), k.events(), k.total(), t, k.deadline());
      if (f != null && f.onTrack() != null && f.onTrack() < 0.5) {
        out.add(new Expectation("deadline_at_risk", k.level(), k.id()));
      }
    }
    double last7 = minutes(t, d -> !d.isBefore(today.minusDays(6)) && !d.isAfter(today));
    double before7 = minutes(t, d -> !d.isBefore(today.minusDays(13)) && !d.isAfter(today.minusDays(7)));
    if (before7 >= 60 && last7 < 0.5 * before7) {
      out.add(new Expectation("pace_dropped", null, null));
    }
    if (last7 > 1.5 * before7 && last7 >= 60) {
      out.add(new Expectation("pace_up", null, null));
    }
    int current = currentStreak(t);
    if (current >= 3) {
      out.add(new Expectation("streak_alive", null, null));
    }
    if (current == 0 && runEndingAt(activeDays(t), today.minusDays(2)) >= 3) {
      out.add(new Expectation("streak_broken", null, null));
    }
    TreeSet<LocalDate> active = activeDays(t);
    boolean recent = active.stream().anyMatch(d -> !d.isBefore(today.minusDays(6)));
    boolean earlier = active.stream().anyMatch(d -> d.isBefore(today.minusDays(6)));
    if (!recent && earlier) {
      out.add(new Expectation("inactive", null, null));
    }
    if (skillTotals.size() >= 2) {
      out.add(new Expectation("strongest_area", "skill", strongest(skillTotals).get(0)));
      out.add(new Expectation("weakest_area", "skill", improvement(skillTotals).get(0)));
    }
    TreeSet<String> skills = new TreeSet<>(skillTotals.keySet());
    events.stream().map(ProgressEvent::skill).filter(Objects::nonNull).forEach(skills::add);
    for (String skill : skills) {
      Double r = retention(skill, t);
      if (r != null && r < 50) {
        out.add(new Expectation("skill_fading", "skill", skill));
      }
    }
    out.sort(Comparator.comparing(Expectation::kind)
        .thenComparing(Expectation::level, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(Expectation::subject, Comparator.nullsFirst(Comparator.naturalOrder())));
    return out;
  }
}
