package dev.progress.core.analytics;

import static java.util.Objects.requireNonNull;

import dev.progress.core.Level;
import dev.progress.core.analytics.Insight.Kind;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Section 10's eleven insights, each with its threshold from {@link InsightSettings}. Percentages in messages
 * are rounded down, so a message never shows a figure that was not reached (99.6 is "99%", and 49.9% of runs is
 * "49%"); minutes are rounded to whole minutes.
 */
final class Insights {
  private static final int PACE_DAYS = 7;

  private final ActivityHistory history;
  private final Analytics analytics;
  private final Map<String, Double> skillTotals;
  private final List<KeyHistory> keys;
  private final List<Forecast> forecasts;
  private final List<Retention> retention;
  private final InsightSettings settings;
  private final int today;
  private final List<Insight> out = new ArrayList<>();

  Insights(
      ActivityHistory history,
      Analytics analytics,
      Map<String, Double> skillTotals,
      List<KeyHistory> keys,
      List<Forecast> forecasts,
      List<Retention> retention,
      InsightSettings settings) {
    this.history = history;
    this.analytics = analytics;
    this.skillTotals = skillTotals;
    this.keys = keys;
    this.forecasts = forecasts;
    this.retention = retention;
    this.settings = settings;
    this.today = (int) analytics.day().toEpochDay();
  }

  List<Insight> all() {
    keys();
    pace();
    streaks();
    inactive();
    areas();
    deadlines();
    fading();
    out.sort(Insight.ORDER);
    return List.copyOf(out);
  }

  private void keys() {
    LocalDate before = analytics.day().minusDays(settings.completedWithinDays());
    for (KeyHistory k : keys) {
      double total = k.totals().atT();
      String id = k.key().id();
      if (total >= settings.nearCompletion() && total < 100) {
        long shown = (long) Math.floor(total);
        long toGo = 100 - shown;
        add(Kind.NEAR_COMPLETION, k.key().level(), id, id + " is at " + shown + "%: " + Texts.plural(toGo, "point")
            + " to go");
      }
      if (total >= 100 && k.totals().endOf(before) < 100) {
        add(Kind.COMPLETED, k.key().level(), id, id + " reached 100% in the last "
            + Texts.plural(settings.completedWithinDays(), "day"));
      }
    }
  }

  private void pace() {
    double last = history.minutesBetween(today - PACE_DAYS + 1, today);
    double previous = history.minutesBetween(today - 2 * PACE_DAYS + 1, today - PACE_DAYS);
    String window = " in the last 7 days, from " + Texts.minutes(previous) + " in the 7 days before";
    if (previous >= settings.paceDroppedMinMinutes() && last < settings.paceDroppedRatio() * previous) {
      add(Kind.PACE_DROPPED, null, null, "Your time dropped to " + Texts.minutes(last) + window);
    }
    if (last > settings.paceUpRatio() * previous && last >= settings.paceUpMinMinutes()) {
      add(Kind.PACE_UP, null, null, "Your time rose to " + Texts.minutes(last) + window);
    }
  }

  private void streaks() {
    int current = analytics.streak().current();
    if (current >= settings.streakAliveDays()) {
      add(Kind.STREAK_ALIVE, null, null, "You have been active " + current + " days in a row");
    }
    int ended = history.runEndingAt(today - 2);
    if (current == 0 && ended >= settings.streakBrokenDays()) {
      add(Kind.STREAK_BROKEN, null, null, "Your " + ended + "-day streak ended yesterday; any activity today starts "
          + "a new one");
    }
  }

  private void inactive() {
    int from = today - settings.inactiveDays() + 1;
    LocalDate last = history.lastActiveBefore(from);
    if (last != null && !history.activeBetween(from, today)) {
      add(Kind.INACTIVE, null, null, "Nothing in the last " + Texts.plural(settings.inactiveDays(), "day")
          + "; your last activity was on " + last);
    }
  }

  private void areas() {
    if (skillTotals.size() < settings.areasMinSkills()) {
      return;
    }
    if (!analytics.strongestAreas().isEmpty()) {
      String skill = analytics.strongestAreas().get(0);
      add(Kind.STRONGEST_AREA, Level.SKILL, skill, skill + " is your strongest area, at "
          + flooredTotal(skill) + "%");
    }
    if (!analytics.improvementAreas().isEmpty()) {
      String skill = analytics.improvementAreas().get(0);
      add(Kind.WEAKEST_AREA, Level.SKILL, skill, skill + " needs the most work, at "
          + flooredTotal(skill) + "%");
    }
  }

  /** A ranked skill's total, floored; the ranking is made of the keys of {@code skillTotals}. */
  private long flooredTotal(String skill) {
    return (long) Math.floor(requireNonNull(skillTotals.get(skill), "skillTotals.get(skill)"));
  }

  private void deadlines() {
    for (Forecast f : forecasts) {
      Double onTrack = f.onTrack();
      if (onTrack != null && onTrack < settings.deadlineAtRiskBelow()) {
        add(Kind.DEADLINE_AT_RISK, f.key().level(), f.key().id(), f.key().id() + " may miss its deadline of "
            + f.deadline() + ": " + (long) Math.floor(100 * onTrack) + "% of forecast runs make it");
      }
    }
  }

  private void fading() {
    for (Retention r : retention) {
      if (r.retention() < settings.skillFadingBelow()) {
        add(Kind.SKILL_FADING, Level.SKILL, r.skill(), "You retain about " + (long) Math.floor(r.retention())
            + "% of " + r.skill() + ", last practised on " + r.lastPractice());
      }
    }
  }

  private void add(Kind kind, @Nullable Level level, @Nullable String subject, String message) {
    out.add(new Insight(kind, level, subject, message));
  }
}
