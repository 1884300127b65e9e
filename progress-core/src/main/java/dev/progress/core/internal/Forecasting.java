package dev.progress.core.internal;

import dev.progress.core.Component;
import dev.progress.core.Level;
import dev.progress.core.Progress;
import dev.progress.core.ProgressKey;
import dev.progress.core.analytics.ActivityHistory;
import dev.progress.core.analytics.AnalyticsReport;
import dev.progress.core.analytics.DailyTotals;
import dev.progress.core.analytics.Forecast;
import dev.progress.core.analytics.KeyHistory;
import dev.progress.core.analytics.Retention;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a user's analytics report from the engine's state: skill totals for the areas, and for every space
 * and goal the end-of-day totals of the forecast window (model, section 8), read from the values each key
 * recorded as its event days advanced. A goal's end-of-day total is recomputed from its spaces' end-of-day
 * totals and its own recorded components, as its spaces component is the mean of its spaces' totals.
 */
final class Forecasting {
  private Forecasting() {}

  static AnalyticsReport report(UserState state, Instant asOf, Config config) {
    ActivityHistory activity = state.activity();
    int day = activity.epochDay(asOf);
    Map<String, Double> skillTotals = new TreeMap<>();
    for (KeyState k : state.skills()) {
      skillTotals.put(k.key.id(), k.total());
    }
    List<KeyHistory> keys = keyHistories(state, day, config);
    return activity.report(asOf, skillTotals, keys, config.insights());
  }

  /** The forecasts alone, as {@link #report} has them: spaces, then goals, each by id. */
  static List<Forecast> forecasts(UserState state, Instant asOf, Config config) {
    List<KeyHistory> keys = keyHistories(state, state.activity().epochDay(asOf), config);
    keys.sort(java.util.Comparator.comparing((KeyHistory k) -> k.key().level() == Level.SPACE ? 0 : 1)
        .thenComparing(k -> k.key().id()));
    List<Forecast> out = new ArrayList<>();
    for (KeyHistory k : keys) {
      Forecast.of(k.key(), k.totals(), k.deadline()).ifPresent(out::add);
    }
    return out;
  }

  /** Every space and goal of the user with its daily totals ending with {@code day} and its deadline. */
  private static List<KeyHistory> keyHistories(UserState state, int day, Config config) {
    List<KeyHistory> keys = new ArrayList<>();
    for (KeyState s : state.spaces()) {
      keys.add(new KeyHistory(s.key, totals(s, day), config.plan().deadlineOf(s.key)));
    }
    for (KeyState g : state.goals()) {
      keys.add(new KeyHistory(g.key, totals(g, day), config.plan().deadlineOf(g.key)));
    }
    return keys;
  }

  /** A skill's figure with its mastery decayed by its retention (the opt-in of section 9), total recomputed. */
  static Progress decayed(Progress skill, Retention retention, Config config) {
    List<Component> components = new ArrayList<>(skill.components().size());
    double total = 0;
    for (Component c : skill.components()) {
      Component d = c.name().equals("mastery") ? new Component(c.name(), retention.decay(c.value()), c.weight()) : c;
      components.add(d);
      total += d.contribution();
    }
    return new Progress(skill.key(), skill.goalId(), Math.max(0, Math.min(100, total)), components);
  }

  private static DailyTotals totals(KeyState key, int day) {
    LocalDate today = LocalDate.ofEpochDay(day);
    int first = firstDay(key);
    if (first == KeyState.NO_DAY || first > day) {
      return DailyTotals.withoutEvents(today, key.total());
    }
    int start = Math.max(first, day - (DailyTotals.WINDOW_DAYS - 1));
    List<Double> endOfDay = new ArrayList<>(day - start + 1);
    for (int d = start; d <= day; d++) {
      endOfDay.add(totalAtEndOf(key, d));
    }
    double before = first < start ? totalAtEndOf(key, start - 1) : 0;
    return new DailyTotals(LocalDate.ofEpochDay(first), today, before, endOfDay, key.total());
  }

  /** A goal's first day is the first of its own events and its spaces' events. */
  private static int firstDay(KeyState key) {
    int first = key.firstDay();
    if (key.key.level() == Level.GOAL) {
      for (KeyState s : key.spaces()) {
        int f = s.firstDay();
        if (f != KeyState.NO_DAY) {
          f = Math.max(f, s.memberSince); // a space counts for the goal from the day it joined it
          if (first == KeyState.NO_DAY || f < first) {
            first = f;
          }
        }
      }
    }
    return first;
  }

  private static double totalAtEndOf(KeyState key, int day) {
    double[] values = key.valuesAtEndOf(day);
    if (values == null) {
      throw new IllegalStateException("the values of " + key.key + " at the end of " + LocalDate.ofEpochDay(day)
          + " were forgotten (more than " + KeyState.KEPT_DAYS + " event days ago)");
    }
    if (key.key.level() != Level.GOAL) {
      return key.totalOf(values);
    }
    int spaces = key.rules().layout().indexOf("spaces");
    if (spaces < 0) {
      return key.totalOf(values);
    }
    double[] goal = values.clone();
    double sum = 0;
    int members = 0;
    for (KeyState s : key.spaces()) { // the spaces that were the goal's by the end of that day
      if (s.memberSince <= day) {
        sum += totalAtEndOf(s, day);
        members++;
      }
    }
    goal[spaces] = members == 0 ? 0 : sum / members;
    return key.totalOf(goal);
  }

}
