package dev.progress.core.analytics;

import static java.util.Objects.requireNonNull;

import dev.progress.core.EventType;
import dev.progress.core.Level;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One user's activity, day by day, in the user's zone: what analytics, retention and insights read (sections 7,
 * 9 and 10 of the model). Fed each accepted event once, in any order, it gives the same answers for every order.
 * It keeps, per local day, whether anything happened and the minutes of time events; per skill, its practice
 * days; per task item, its latest event's timestamp and value (unless its owner keeps them: {@link
 * #create(String, ZoneId, TaskItemCounts)}). It grows with days, skills and items, never with
 * events, and {@link #record} costs a few hash updates.
 *
 * <p>The zone is fixed when the history is made: an event's day is its timestamp's date in that zone. To change
 * a user's zone, make a new history and feed it the user's events again.
 *
 * <p>Not thread-safe; confine to one thread at a time (the tracker feeds and reads it under the user's lock).
 */
public final class ActivityHistory {
  private static final long MICROS = MonteCarlo.MICROS;
  private static final int SECONDS_PER_DAY = 86_400;

  /**
   * The rules of each zone, shared by every user's history: {@code ZoneOffset.getRules()} makes new rules (with
   * a cache of their own) on every call.
   */
  private static final Map<ZoneId, ZoneRules> RULES = new java.util.concurrent.ConcurrentHashMap<>();

  private final String userId;
  private final ZoneId zone;
  private final ZoneRules rules;
  /** Every day with an accepted event, with the minutes (in millionths) of its time events. */
  private final DayMap days = new DayMap();
  /** Per skill, the days with an accepted task or time event of it. */
  private final Map<String, DayMap> practice = new HashMap<>(2);
  /** Per space, per itemId, the latest event of the task item: no key object is made per event. */
  private final Map<String, Map<String, LatestTask>> items = new HashMap<>(2);
  private int namedItems;
  /** Task events without itemId: items of their own. */
  private int anonymousItems;
  private int completedItems;
  /** The day last placed and its bounds in epoch seconds, [from, until): events mostly arrive day after day. */
  private int cachedDay;
  private long cachedFrom = 1;
  private long cachedUntil;
  /** Where the completion rate reads its items when this history keeps none; null when it keeps them. */
  private final @Nullable TaskItemCounts taskItems;

  private ActivityHistory(String userId, ZoneId zone, @Nullable TaskItemCounts taskItems) {
    this.userId = requireNonNull(userId, "userId");
    this.zone = requireNonNull(zone, "zone");
    this.rules = RULES.computeIfAbsent(zone, ZoneId::getRules);
    this.taskItems = taskItems;
  }

  /** An empty history of {@code userId}, whose days are calendar days in {@code zone} (UTC by default). */
  public static ActivityHistory create(String userId, ZoneId zone) {
    return new ActivityHistory(userId, zone, null);
  }

  /**
   * An empty history that keeps no task items: its completion rate reads {@code taskItems}, which must count
   * the task events fed to this history (and only those) as the model counts items.
   */
  public static ActivityHistory create(String userId, ZoneId zone, TaskItemCounts taskItems) {
    return new ActivityHistory(userId, zone, requireNonNull(taskItems, "taskItems"));
  }

  public String userId() {
    return userId;
  }

  public ZoneId zone() {
    return zone;
  }

  /**
   * Counts an accepted event of this user. Feed each accepted event exactly once (duplicates and rejected
   * events never), in any order.
   *
   * @return the event's day in this history's zone, as an epoch day (so a caller needs not place it again)
   * @throws IllegalArgumentException when the event is another user's
   */
  public int record(ProgressEvent event) {
    return record(event, null);
  }

  /**
   * The practice days of {@code skill} in this history, made on first use: a caller that keeps state of its own
   * per skill keeps this beside it and hands it to {@link #record(ProgressEvent, SkillDays)} with the skill's
   * events, which then find the skill's days without a lookup by name.
   *
   * @return a handle of the skill's days in this history; the same days for every call with the same skill
   */
  public SkillDays skillDays(String skill) {
    return new SkillDays(skill, practice.computeIfAbsent(requireNonNull(skill, "skill"), k -> new DayMap()));
  }

  /** One skill's practice days in the history that made it ({@link #skillDays}). */
  public final class SkillDays {
    private final String skill;
    private final DayMap days;

    private SkillDays(String skill, DayMap days) {
      this.skill = skill;
      this.days = days;
    }

    public String skill() {
      return skill;
    }

    boolean of(ActivityHistory history) {
      return ActivityHistory.this == history;
    }
  }

  /**
   * As {@link #record(ProgressEvent)}, with the practice days of the event's skill found by the caller.
   *
   * @param skillDays {@code skillDays(event.skill())} of this history, or null to look them up by name (an
   *     event without a skill needs none); the days of another skill would count the event there (checked
   *     only with assertions enabled, since the check would cost what the handle saves)
   * @return the event's day in this history's zone, as an epoch day
   * @throws IllegalArgumentException when the event is another user's, or {@code skillDays} another history's
   */
  public int record(ProgressEvent event, @Nullable SkillDays skillDays) {
    if (skillDays != null && !skillDays.of(this)) {
      throw new IllegalArgumentException("the practice days of skill '" + skillDays.skill
          + "' belong to another history than user " + userId + "'s");
    }
    if (!userId.equals(event.userId())) {
      throw new IllegalArgumentException(
          "event " + event.id() + " of user " + event.userId() + " does not belong to the history of " + userId);
    }
    int day = day(event.timestamp());
    EventType type = event.type();
    boolean time = type.equals(EventType.TIME);
    boolean task = !time && type.equals(EventType.TASK);
    days.add(day, time ? Math.round(event.value() * MICROS) : 0);
    if (time || task) {
      String skill = event.skill();
      if (skillDays != null) {
        assert skillDays.skill.equals(skill) : skillDays.skill + " handed for an event of skill " + skill;
        skillDays.days.add(day, 0);
      } else if (skill != null) {
        practice.computeIfAbsent(skill, k -> new DayMap()).add(day, 0);
      }
    }
    if (task && taskItems == null) {
      recordTask(event);
    }
    return day;
  }

  private void recordTask(ProgressEvent event) {
    boolean done = event.value() == 100;
    String itemId = event.itemId();
    if (itemId == null) {
      anonymousItems++;
      completedItems += done ? 1 : 0;
      return;
    }
    Map<String, LatestTask> space =
        items.computeIfAbsent(requireNonNull(event.spaceId(), "spaceId"), k -> new HashMap<>(4));
    LatestTask latest = space.get(itemId);
    if (latest == null) {
      space.put(itemId, new LatestTask(event.timestamp(), event.value()));
      namedItems++;
      completedItems += done ? 1 : 0;
    } else if (latest.isOlderThan(event.timestamp(), event.value())) {
      completedItems += (done ? 1 : 0) - (latest.value == 100 ? 1 : 0);
      latest.timestamp = event.timestamp();
      latest.value = event.value();
    }
  }

  /** The calendar date of {@code instant} in this history's zone, as an epoch day; allocates nothing. */
  public int epochDay(Instant instant) {
    return day(instant);
  }

  /** The calendar date of {@code instant} in this history's zone. */
  public LocalDate dayOf(Instant instant) {
    return LocalDate.ofEpochDay(day(instant));
  }

  /**
   * Section 7's analytics at {@code asOf}. Days after T's day count nowhere (an event accepted within the clock
   * skew may lie there); every item counts towards the completion rate.
   *
   * @param asOf the clock T
   * @param skillTotals the total (0..100) of each of the user's skills, for the strongest and improvement areas
   */
  public Analytics analytics(Instant asOf, Map<String, Double> skillTotals) {
    int today = day(asOf);
    LocalDate date = LocalDate.ofEpochDay(today);
    List<Double> daily = new ArrayList<>(7);
    for (int k = 6; k >= 0; k--) {
      daily.add(minutes(days.get(today - k)));
    }
    int monday = (int) date.with(java.time.temporal.TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toEpochDay();
    List<Double> weekly = new ArrayList<>(4);
    for (int k = 3; k >= 0; k--) {
      weekly.add(minutes(days.sum(monday - 7 * k, Math.min(today, monday - 7 * k + 6))));
    }
    YearMonth month = YearMonth.from(date);
    List<Double> monthly = new ArrayList<>(6);
    for (int k = 5; k >= 0; k--) {
      YearMonth m = month.minusMonths(k);
      int last = Math.min(today, (int) m.atEndOfMonth().toEpochDay());
      monthly.add(minutes(days.sum((int) m.atDay(1).toEpochDay(), last)));
    }
    TaskItemCounts counted = taskItems;
    int items = counted != null ? counted.taskItems() : namedItems + anonymousItems;
    int completed = counted != null ? counted.completedTaskItems() : completedItems;
    double rate = items == 0 ? 0 : 100.0 * completed / items;
    List<String> ranking = ranking(skillTotals);
    int n = ranking.size();
    List<String> strongest = ranking.subList(0, Math.min(3, (n + 1) / 2));
    List<String> improvement = new ArrayList<>(ranking.subList(n - Math.min(3, n / 2), n));
    java.util.Collections.reverse(improvement);
    return new Analytics(zone, date, new Analytics.TimeSpent(date, daily, weekly, monthly), rate, completed, items,
        strongest, improvement, streak(today));
  }

  /** The retention of {@code skill} at {@code asOf}; empty when it has no practice day up to T's day. */
  public Optional<Retention> retention(String skill, Instant asOf) {
    DayMap skillDays = practice.get(skill);
    return skillDays == null ? Optional.empty() : retention(skill, skillDays, asOf);
  }

  /** The retention of every skill practised up to T's day, sorted by skill. */
  public List<Retention> retention(Instant asOf) {
    List<Retention> out = new ArrayList<>();
    for (Map.Entry<String, DayMap> e : new TreeMap<>(practice).entrySet()) {
      retention(e.getKey(), e.getValue(), asOf).ifPresent(out::add);
    }
    return out;
  }

  /**
   * Sections 7-10 at {@code asOf}: analytics, a forecast for each key below 100, retention of every practised
   * skill, and the insights.
   *
   * @param asOf the clock T
   * @param skillTotals the total (0..100) of each of the user's skills
   * @param keys every space and goal of the user, with their daily totals and deadlines (complete ones too: the
   *     {@code completed} insight reads them)
   * @param settings the insights' thresholds
   */
  public AnalyticsReport report(
      Instant asOf, Map<String, Double> skillTotals, List<KeyHistory> keys, InsightSettings settings) {
    requireNonNull(settings, "settings");
    Analytics analytics = analytics(asOf, skillTotals);
    List<KeyHistory> sortedKeys = new ArrayList<>(keys);
    sortedKeys.sort(Comparator.comparing((KeyHistory k) -> k.key().level() == Level.SPACE ? 0 : 1)
        .thenComparing(k -> k.key().id()));
    List<Forecast> forecasts = new ArrayList<>();
    for (KeyHistory k : sortedKeys) {
      if (!k.key().userId().equals(userId)) {
        throw new IllegalArgumentException("key " + k.key() + " is not of user " + userId);
      }
      if (!k.totals().day().equals(analytics.day())) {
        throw new IllegalArgumentException(
            "the totals of " + k.key() + " end with " + k.totals().day() + ", not T's day " + analytics.day());
      }
      Forecast.of(k.key(), k.totals(), k.deadline()).ifPresent(forecasts::add);
    }
    List<Retention> retention = retention(asOf);
    List<Insight> insights = new Insights(this, analytics, skillTotals, sortedKeys, forecasts, retention, settings)
        .all();
    return new AnalyticsReport(analytics, forecasts, retention, insights);
  }

  // ---------------------------------------------------------------- reads for Insights

  /** Minutes of the days {@code from..to} (epoch days). */
  double minutesBetween(int from, int to) {
    return minutes(days.sum(from, to));
  }

  /** The number of consecutive active days ending with {@code day}. */
  int runEndingAt(int day) {
    return days.runEndingAt(day);
  }

  /** The last active day before {@code day}, or null. */
  @Nullable LocalDate lastActiveBefore(int day) {
    int[] sorted = days.sortedDays();
    int i = Arrays.binarySearch(sorted, day);
    int before = (i >= 0 ? i : -i - 1) - 1;
    return before < 0 ? null : LocalDate.ofEpochDay(sorted[before]);
  }

  /** Whether any day {@code from..to} is active. */
  boolean activeBetween(int from, int to) {
    int[] sorted = days.sortedDays();
    int i = Arrays.binarySearch(sorted, from);
    int at = i >= 0 ? i : -i - 1;
    return at < sorted.length && sorted[at] <= to;
  }

  // ---------------------------------------------------------------- implementation

  private Analytics.Streak streak(int today) {
    int current = days.contains(today) ? days.runEndingAt(today) : days.runEndingAt(today - 1);
    int longest = 0;
    int run = 0;
    int previous = Integer.MIN_VALUE;
    for (int d : days.sortedDays()) {
      if (d > today) {
        break;
      }
      run = d == previous + 1 ? run + 1 : 1;
      longest = Math.max(longest, run);
      previous = d;
    }
    return new Analytics.Streak(current, longest);
  }

  private Optional<Retention> retention(String skill, DayMap skillDays, Instant asOf) {
    int today = day(asOf);
    int[] sorted = skillDays.sortedDays();
    int i = Arrays.binarySearch(sorted, today);
    int count = i >= 0 ? i + 1 : -i - 1;
    if (count == 0) {
      return Optional.empty();
    }
    LocalDate last = LocalDate.ofEpochDay(sorted[count - 1]);
    Instant endOfLast = last.plusDays(1).atStartOfDay(zone).toInstant();
    double seconds = Math.max(0, endOfLast.until(asOf, java.time.temporal.ChronoUnit.NANOS) / 1e9);
    double elapsedDays = seconds / SECONDS_PER_DAY;
    double stability = ForgettingCurve.stability(sorted, count);
    double retained = 100 * ForgettingCurve.retrievability(elapsedDays, stability);
    return Optional.of(new Retention(skill, retained, count, last, stability, elapsedDays));
  }

  /** Skills by total, descending, ties by name. */
  static List<String> ranking(Map<String, Double> skillTotals) {
    List<Map.Entry<String, Double>> entries = new ArrayList<>(skillTotals.entrySet());
    for (Map.Entry<String, Double> e : entries) {
      double total = requireNonNull(e.getValue(), "skill total");
      if (!(total >= 0 && total <= 100)) {
        throw new IllegalArgumentException("total " + total + " of skill " + e.getKey() + " is out of range 0..100");
      }
    }
    entries.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    List<String> out = new ArrayList<>(entries.size());
    entries.forEach(e -> out.add(e.getKey()));
    return out;
  }

  private int day(Instant instant) {
    long second = instant.getEpochSecond();
    if (second >= cachedFrom && second < cachedUntil) {
      return cachedDay;
    }
    long local = second + rules.getOffset(instant).getTotalSeconds();
    int day = (int) Math.floorDiv(local, SECONDS_PER_DAY);
    LocalDate date = LocalDate.ofEpochDay(day);
    cachedFrom = date.atStartOfDay(zone).toEpochSecond();
    cachedUntil = date.plusDays(1).atStartOfDay(zone).toEpochSecond();
    cachedDay = day;
    return day;
  }

  private static double minutes(long micros) {
    return (double) micros / MICROS;
  }

  /** The latest event of a task item: by timestamp, ties by the greater value (section 2). */
  private static final class LatestTask {
    Instant timestamp;
    double value;

    LatestTask(Instant timestamp, double value) {
      this.timestamp = timestamp;
      this.value = value;
    }

    boolean isOlderThan(Instant otherTimestamp, double otherValue) {
      int byTime = otherTimestamp.compareTo(timestamp);
      return byTime > 0 || byTime == 0 && otherValue > value;
    }
  }
}
