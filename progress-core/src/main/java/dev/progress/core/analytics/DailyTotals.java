package dev.progress.core.analytics;

import static java.util.Objects.requireNonNull;

import dev.progress.core.ProgressEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The history of one space's or goal's total that a forecast reads (section 8 of the model): the day of the
 * key's first accepted event, and the total at the end of each day of the window, which runs from that day but
 * covers at most the {@value #WINDOW_DAYS} days ending with T's day. A day's end-of-day total counts the events
 * with timestamps up to the end of that day in the user's zone, whenever they arrived. Immutable and safe for
 * concurrent use.
 *
 * @param firstEventDay the day of the key's first accepted event (for a goal: of its own events and its spaces'
 *     events); null when it has none
 * @param day T's day; the window ends with it
 * @param before the end-of-day total of the day before the window; 0 when the window starts with
 *     {@code firstEventDay} (there is nothing before the first event)
 * @param endOfDay one total per day of the window, oldest first: {@code min(28, day - firstEventDay + 1)}
 *     entries, none when {@code firstEventDay} is null
 * @param atT the total at T, where the forecast starts
 */
public record DailyTotals(
    @Nullable LocalDate firstEventDay, LocalDate day, double before, List<Double> endOfDay, double atT) {
  /** The longest window, in days. */
  public static final int WINDOW_DAYS = 28;

  public DailyTotals {
    requireNonNull(day, "day");
    endOfDay = List.copyOf(endOfDay);
    checkTotal("before", before);
    checkTotal("atT", atT);
    for (int i = 0; i < endOfDay.size(); i++) {
      checkTotal("endOfDay[" + i + "]", endOfDay.get(i));
    }
    int expected;
    if (firstEventDay == null) {
      expected = 0;
    } else {
      if (firstEventDay.isAfter(day)) {
        throw new IllegalArgumentException("firstEventDay " + firstEventDay + " is after day " + day);
      }
      expected = (int) Math.min(WINDOW_DAYS, day.toEpochDay() - firstEventDay.toEpochDay() + 1);
    }
    if (endOfDay.size() != expected) {
      throw new IllegalArgumentException("endOfDay has " + endOfDay.size() + " totals, not " + expected
          + " (one per day from " + (firstEventDay == null ? "the first event" : firstEventDay) + " but at most "
          + WINDOW_DAYS + " ending with " + day + ")");
    }
    boolean clipped = firstEventDay != null && firstEventDay.toEpochDay() < day.toEpochDay() - (WINDOW_DAYS - 1);
    if (!clipped && before != 0) {
      throw new IllegalArgumentException("before " + before + " must be 0: the window starts with the first event");
    }
  }

  /** A key without events: no window, so no gains, and the total at T (usually 0). */
  public static DailyTotals withoutEvents(LocalDate day, double atT) {
    return new DailyTotals(null, day, 0, List.of(), atT);
  }

  /**
   * Computes the daily totals the slow, obvious way, for tests, references and one-off replays: the total of
   * a day is {@code total} applied to the events with timestamps up to the end of that day in {@code zone} (and
   * up to {@code asOf}). Costs one call of {@code total} per window day, each over up to all the events.
   *
   * @param events the key's events (for a goal: its own and its spaces'), in any order; events after
   *     {@code asOf} are ignored
   * @param total the key's total (0..100) over a list of its events, sorted by timestamp
   * @param zone the user's zone
   * @param asOf the clock T
   */
  public static DailyTotals fromEvents(
      List<ProgressEvent> events, ToDoubleFunction<List<ProgressEvent>> total, ZoneId zone, Instant asOf) {
    List<ProgressEvent> counted = new ArrayList<>();
    for (ProgressEvent e : events) {
      if (!e.timestamp().isAfter(asOf)) {
        counted.add(e);
      }
    }
    counted.sort((a, b) -> a.timestamp().compareTo(b.timestamp()));
    LocalDate day = LocalDate.ofInstant(asOf, zone);
    double atT = total.applyAsDouble(counted);
    if (counted.isEmpty()) {
      return withoutEvents(day, atT);
    }
    LocalDate first = LocalDate.ofInstant(counted.get(0).timestamp(), zone);
    LocalDate windowStart = first.isBefore(day.minusDays(WINDOW_DAYS - 1)) ? day.minusDays(WINDOW_DAYS - 1) : first;
    double before = windowStart.equals(first) ? 0 : total.applyAsDouble(upTo(counted, windowStart, zone));
    List<Double> endOfDay = new ArrayList<>();
    for (LocalDate d = windowStart; !d.isAfter(day); d = d.plusDays(1)) {
      endOfDay.add(total.applyAsDouble(upTo(counted, d.plusDays(1), zone)));
    }
    return new DailyTotals(first, day, before, endOfDay, atT);
  }

  /** The first day of the window; null without events. */
  public @Nullable LocalDate windowStart() {
    return firstEventDay == null ? null : day.minusDays(endOfDay.size() - 1L);
  }

  /**
   * The total at the end of {@code d}: 0 before the first event, {@link #before()} on the day before the window.
   *
   * @throws IllegalArgumentException when {@code d} is after T's day or before the day before the window
   */
  public double endOf(LocalDate d) {
    requireNonNull(d, "d");
    if (d.isAfter(day)) {
      throw new IllegalArgumentException("day " + d + " is after T's day " + day);
    }
    if (firstEventDay == null || d.isBefore(firstEventDay)) {
      return 0;
    }
    long index = d.toEpochDay() - (day.toEpochDay() - endOfDay.size() + 1);
    if (index == -1) {
      return before;
    }
    if (index < 0) {
      throw new IllegalArgumentException("day " + d + " is before the window of " + WINDOW_DAYS + " days ending with "
          + day);
    }
    return endOfDay.get((int) index);
  }

  /** The events before the start of {@code end} in {@code zone}. */
  private static List<ProgressEvent> upTo(List<ProgressEvent> sorted, LocalDate end, ZoneId zone) {
    Instant limit = end.atStartOfDay(zone).toInstant();
    List<ProgressEvent> out = new ArrayList<>();
    for (ProgressEvent e : sorted) {
      if (e.timestamp().isBefore(limit)) {
        out.add(e);
      }
    }
    return out;
  }

  private static void checkTotal(String name, double total) {
    if (!(total >= 0 && total <= 100)) {
      throw new IllegalArgumentException(name + " " + total + " is out of range 0..100");
    }
  }
}
