package dev.progress.view;

import static java.util.Objects.requireNonNull;

import dev.progress.core.spi.Snapshot;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One key's total at the end of each of some days, oldest first: a line chart. Fill it from a tracker's
 * snapshot history ({@link #fromHistory}) or from the analytics' end-of-day totals ({@link #fromDailyTotals}).
 * Immutable and safe for concurrent use.
 *
 * @param label whose progress ({@code "algebra"})
 * @param points at least one, days strictly increasing
 */
public record ProgressOverTime(String label, List<Point> points) {

  /**
   * A key's total at the end of one day. Immutable and safe for concurrent use.
   *
   * @param day the calendar day
   * @param total 0..100
   */
  public record Point(LocalDate day, double total) {
    public Point {
      requireNonNull(day, "day");
      ProgressIndicator.range("total", total, 100, "point " + day);
    }
  }

  public ProgressOverTime {
    requireNonNull(label, "label");
    points = List.copyOf(points);
    if (points.isEmpty()) {
      throw new IllegalArgumentException("progress over time of '" + label + "' needs at least one point");
    }
    for (int i = 1; i < points.size(); i++) {
      if (!points.get(i).day().isAfter(points.get(i - 1).day())) {
        throw new IllegalArgumentException("points[" + i + "] day " + points.get(i).day() + " of '" + label
            + "' is not after the day before it, " + points.get(i - 1).day());
      }
    }
  }

  /**
   * The last snapshot of each day (in {@code zone}, by {@link Snapshot#recordedAt()}), from a history as {@code
   * ProgressTracker.history(key)} returns it. A history recorded with a fixed clock has one point.
   *
   * @throws IllegalArgumentException when the history is empty
   */
  public static ProgressOverTime fromHistory(String label, List<Snapshot> history, ZoneId zone) {
    requireNonNull(zone, "zone");
    Map<LocalDate, Snapshot> lastOfDay = new TreeMap<>();
    for (Snapshot s : history) {
      LocalDate day = LocalDate.ofInstant(s.recordedAt(), zone);
      Snapshot before = lastOfDay.get(day);
      if (before == null || !s.recordedAt().isBefore(before.recordedAt())) {
        lastOfDay.put(day, s);
      }
    }
    List<Point> points = new ArrayList<>();
    lastOfDay.forEach((day, s) -> points.add(new Point(day, s.progress().total())));
    return new ProgressOverTime(label, points);
  }

  /** One point per day from {@code firstDay} on, one day per total. */
  public static ProgressOverTime fromDailyTotals(String label, LocalDate firstDay, List<Double> totals) {
    requireNonNull(firstDay, "firstDay");
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < totals.size(); i++) {
      points.add(new Point(firstDay.plusDays(i), totals.get(i)));
    }
    return new ProgressOverTime(label, points);
  }

  /** The first point. */
  public Point first() {
    return points.get(0);
  }

  /** The last point. */
  public Point last() {
    return points.get(points.size() - 1);
  }
}
