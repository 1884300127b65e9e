package dev.progress.core.analytics;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A user's analytics at a clock T (section 7 of the model): time spent per day, ISO week and month in the
 * user's zone, the share of task items completed, the strongest and weakest skills, and the streak of active
 * days. Immutable and safe for concurrent use.
 *
 * @param zone the user's zone; days, weeks and months are calendar periods in it
 * @param day T's day in {@code zone}
 * @param timeSpent minutes of time events per day, week and month, oldest first, each ending with T's
 * @param completionRate 0..100: {@code 100 x completedItems / taskItems}, 0 when there are no task items
 * @param completedItems task items whose latest event has value 100
 * @param taskItems distinct task items seen, a (spaceId, itemId) pair each; an event without itemId is its own
 * @param strongestAreas the first min(3, ceil(n/2)) of the n skills ranked by total, strongest first
 * @param improvementAreas the last min(3, floor(n/2)) of that ranking, weakest first
 * @param streak consecutive active days
 */
public record Analytics(
    ZoneId zone,
    LocalDate day,
    TimeSpent timeSpent,
    double completionRate,
    int completedItems,
    int taskItems,
    List<String> strongestAreas,
    List<String> improvementAreas,
    Streak streak) {

  public Analytics {
    requireNonNull(zone, "zone");
    requireNonNull(day, "day");
    requireNonNull(timeSpent, "timeSpent");
    requireNonNull(streak, "streak");
    strongestAreas = List.copyOf(strongestAreas);
    improvementAreas = List.copyOf(improvementAreas);
    if (taskItems < 0 || completedItems < 0 || completedItems > taskItems) {
      throw new IllegalArgumentException(
          "completedItems " + completedItems + " is out of range 0..taskItems (" + taskItems + ")");
    }
    if (!(completionRate >= 0 && completionRate <= 100)) {
      throw new IllegalArgumentException("completionRate " + completionRate + " is out of range 0..100");
    }
  }

  /** Why the completion rate is what it is: {@code "5 of 8 task items completed: 62.5%"}. */
  public String completionExplanation() {
    return completedItems + " of " + taskItems + " task item" + (taskItems == 1 ? "" : "s") + " completed: "
        + Texts.decimal(completionRate, 1) + "%";
  }

  /**
   * Minutes of time events per calendar period in the user's zone, each list oldest first and ending with T's
   * period. Immutable and safe for concurrent use.
   *
   * @param day T's day: {@code daily} ends with it
   * @param daily 7 days
   * @param weekly 4 ISO weeks, Monday to Sunday
   * @param monthly 6 calendar months
   */
  public record TimeSpent(LocalDate day, List<Double> daily, List<Double> weekly, List<Double> monthly) {
    public TimeSpent {
      requireNonNull(day, "day");
      daily = checked("daily", daily, 7);
      weekly = checked("weekly", weekly, 4);
      monthly = checked("monthly", monthly, 6);
    }

    /** The day of each entry of {@link #daily()}. */
    public List<LocalDate> days() {
      List<LocalDate> out = new ArrayList<>();
      for (int k = 6; k >= 0; k--) {
        out.add(day.minusDays(k));
      }
      return out;
    }

    /** The Monday of each entry of {@link #weekly()}. */
    public List<LocalDate> weekStarts() {
      LocalDate monday = day.with(java.time.temporal.TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      List<LocalDate> out = new ArrayList<>();
      for (int k = 3; k >= 0; k--) {
        out.add(monday.minusWeeks(k));
      }
      return out;
    }

    /** The month of each entry of {@link #monthly()}. */
    public List<YearMonth> months() {
      YearMonth month = YearMonth.from(day);
      List<YearMonth> out = new ArrayList<>();
      for (int k = 5; k >= 0; k--) {
        out.add(month.minusMonths(k));
      }
      return out;
    }

    private static List<Double> checked(String name, List<Double> minutes, int size) {
      List<Double> copy = List.copyOf(minutes);
      if (copy.size() != size) {
        throw new IllegalArgumentException(name + " has " + copy.size() + " entries, not " + size);
      }
      for (double m : copy) {
        if (!(m >= 0) || Double.isInfinite(m)) {
          throw new IllegalArgumentException(String.format(Locale.ROOT, "%s minutes %s must be >= 0", name, m));
        }
      }
      return copy;
    }
  }

  /**
   * Runs of consecutive days with at least one accepted event. Immutable and safe for concurrent use.
   *
   * @param current the run ending with T's day, or with the day before when T's day has no event yet; 0 when
   *     neither day has one
   * @param longest the longest run up to T's day
   */
  public record Streak(int current, int longest) {
    public Streak {
      if (current < 0 || current > longest) {
        throw new IllegalArgumentException("current streak " + current + " is out of range 0..longest (" + longest
            + ")");
      }
    }
  }
}
