package dev.progress.view;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * Minutes spent per period, oldest first: a bar chart. Fill it from the analytics' time spent per day, week or
 * month (model section 7) with {@link #daily}, {@link #weekly} or {@link #monthly}, which name the periods; or
 * give labels of your own. Immutable and safe for concurrent use.
 *
 * @param title what the chart shows ({@code "Time spent per day"})
 * @param labels one short label per bar ({@code "Mon 27"})
 * @param descriptions one full name per bar, for titles and screen readers ({@code "Monday 27 October 2026"})
 * @param minutes one value per bar, each finite and >= 0
 */
public record TimeSpentChart(String title, List<String> labels, List<String> descriptions, List<Double> minutes) {
  static final String[] MONTHS = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December"
  };
  static final String[] DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

  public TimeSpentChart {
    requireNonNull(title, "title");
    labels = List.copyOf(labels);
    descriptions = List.copyOf(descriptions);
    minutes = List.copyOf(minutes);
    if (labels.size() != minutes.size() || descriptions.size() != minutes.size()) {
      throw new IllegalArgumentException("chart '" + title + "' has " + labels.size() + " labels, "
          + descriptions.size() + " descriptions and " + minutes.size() + " values; they must match");
    }
    for (int i = 0; i < minutes.size(); i++) {
      double m = minutes.get(i);
      if (!(m >= 0 && m < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("minutes[" + i + "] " + m + " of chart '" + title
            + "' must be a finite number >= 0");
      }
    }
  }

  /** Minutes per day for the {@code minutes.size()} days ending with {@code lastDay}, oldest first. */
  public static TimeSpentChart daily(LocalDate lastDay, List<Double> minutes) {
    requireNonNull(lastDay, "lastDay");
    List<String> labels = new ArrayList<>();
    List<String> descriptions = new ArrayList<>();
    for (int i = minutes.size() - 1; i >= 0; i--) {
      LocalDate day = lastDay.minusDays(i);
      labels.add(DAYS[day.getDayOfWeek().ordinal()].substring(0, 3) + " " + day.getDayOfMonth());
      descriptions.add(longDate(day));
    }
    return new TimeSpentChart("Time spent per day", labels, descriptions, minutes);
  }

  /**
   * Minutes per ISO week (Monday first) for the {@code minutes.size()} weeks ending with the week of {@code
   * lastDay}, oldest first.
   */
  public static TimeSpentChart weekly(LocalDate lastDay, List<Double> minutes) {
    requireNonNull(lastDay, "lastDay");
    LocalDate lastMonday = lastDay.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    List<String> labels = new ArrayList<>();
    List<String> descriptions = new ArrayList<>();
    for (int i = minutes.size() - 1; i >= 0; i--) {
      LocalDate monday = lastMonday.minusWeeks(i);
      labels.add("from " + monday.getDayOfMonth() + " " + MONTHS[monday.getMonthValue() - 1].substring(0, 3));
      descriptions.add("week from " + longDate(monday) + " to " + longDate(monday.plusDays(6)));
    }
    return new TimeSpentChart("Time spent per week", labels, descriptions, minutes);
  }

  /** Minutes per calendar month for the {@code minutes.size()} months ending with {@code lastMonth}, oldest first. */
  public static TimeSpentChart monthly(YearMonth lastMonth, List<Double> minutes) {
    requireNonNull(lastMonth, "lastMonth");
    List<String> labels = new ArrayList<>();
    List<String> descriptions = new ArrayList<>();
    for (int i = minutes.size() - 1; i >= 0; i--) {
      YearMonth month = lastMonth.minusMonths(i);
      String name = MONTHS[month.getMonthValue() - 1];
      labels.add(name.substring(0, 3) + " " + month.getYear());
      descriptions.add(name + " " + month.getYear());
    }
    return new TimeSpentChart("Time spent per month", labels, descriptions, minutes);
  }

  /** The sum of the minutes. */
  public double total() {
    double sum = 0;
    for (double m : minutes) {
      sum += m;
    }
    return sum;
  }

  /** {@code "Monday 27 October 2026"}: English names, the same on every machine. */
  static String longDate(LocalDate day) {
    return DAYS[day.getDayOfWeek().ordinal()] + " " + day.getDayOfMonth() + " " + MONTHS[day.getMonthValue() - 1]
        + " " + day.getYear();
  }
}
