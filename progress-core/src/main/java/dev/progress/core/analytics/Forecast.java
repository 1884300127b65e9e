package dev.progress.core.analytics;

import static java.util.Objects.requireNonNull;

import dev.progress.core.ProgressKey;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * When a space or goal is expected to reach 100 (section 8 of the model): the days by which 50%, 85% and 95% of
 * {@value #RUNS} seeded Monte Carlo runs got there, each run adding gains drawn from the window's daily gains.
 * Says which gains it came from. Immutable and safe for concurrent use.
 *
 * @param key the space or goal
 * @param day T's day in the user's zone; run day 1 is the day after it
 * @param total the total at T, where every run starts
 * @param gains the window's daily gains, oldest first, the last being T's day's (zero-gain days included)
 * @param p50 the day by which half the runs reached 100; null when fewer than 3 gains are positive or when
 *     that share of runs did not reach 100 within {@value #HORIZON_DAYS} days
 * @param p85 as {@code p50}, for 85% of the runs
 * @param p95 as {@code p50}, for 95% of the runs
 * @param deadline the plan's deadline, or null
 * @param onTrack with a deadline: the share of runs (0..1, to 4 decimals) reaching 100 on or before it
 * @param expectedAtDeadline with a deadline: {@code min(100, total + mean gain x days from T's day to it)},
 *     0..100; a deadline on or before T's day expects {@code total}
 */
public record Forecast(
    ProgressKey key,
    LocalDate day,
    double total,
    List<Double> gains,
    @Nullable LocalDate p50,
    @Nullable LocalDate p85,
    @Nullable LocalDate p95,
    @Nullable LocalDate deadline,
    @Nullable Double onTrack,
    @Nullable Double expectedAtDeadline) {
  /** Monte Carlo runs per forecast. */
  public static final int RUNS = 2000;
  /** A run that has not reached 100 after this many days stops. */
  public static final int HORIZON_DAYS = 3650;
  /** Fewer positive daily gains than this give no dates. */
  public static final int MIN_GAINING_DAYS = 3;

  public Forecast {
    requireNonNull(key, "key");
    requireNonNull(day, "day");
    gains = List.copyOf(gains);
    if (!(total >= 0 && total < 100)) {
      throw new IllegalArgumentException("total " + total + " of " + key + " is out of range 0..100 (exclusive)");
    }
    if (p50 == null && p85 != null || p85 == null && p95 != null) {
      throw new IllegalArgumentException("a percentile is null while a higher one is not: " + p50 + ", " + p85
          + ", " + p95);
    }
    if (p50 != null && p85 != null && p50.isAfter(p85) || p85 != null && p95 != null && p85.isAfter(p95)) {
      throw new IllegalArgumentException("percentiles " + p50 + ", " + p85 + ", " + p95 + " are not in order");
    }
    if (p50 != null && !p50.isAfter(day)) {
      throw new IllegalArgumentException("p50 " + p50 + " is not after T's day " + day);
    }
    if ((deadline == null) != (onTrack == null) || (deadline == null) != (expectedAtDeadline == null)) {
      throw new IllegalArgumentException(
          "deadline, onTrack and expectedAtDeadline go together: " + deadline + ", " + onTrack + ", "
              + expectedAtDeadline);
    }
    if (onTrack != null && !(onTrack >= 0 && onTrack <= 1)) {
      throw new IllegalArgumentException("onTrack " + onTrack + " is out of range 0..1");
    }
    if (expectedAtDeadline != null && !(expectedAtDeadline >= 0 && expectedAtDeadline <= 100)) {
      throw new IllegalArgumentException("expectedAtDeadline " + expectedAtDeadline + " is out of range 0..100");
    }
  }

  /**
   * Forecasts {@code key} from its daily totals: empty when its total at T has reached 100 (nothing to
   * forecast). The runs' random draws come from a seed derived from the key alone (see
   * {@code docs/semantics.md}), so the same totals always give the same dates.
   *
   * @param key the space or goal; its userId, level and id make the seed
   * @param totals the key's end-of-day totals over the window and its total at T
   * @param deadline the plan's deadline for the key (a day in the user's zone), or null
   */
  public static Optional<Forecast> of(ProgressKey key, DailyTotals totals, @Nullable LocalDate deadline) {
    return MonteCarlo.forecast(key, totals, deadline);
  }

  /** The first day of the window; {@link #day()} when it is empty. */
  public LocalDate windowStart() {
    return day.minusDays(Math.max(0, gains.size() - 1));
  }

  /** How many of the window's gains are positive. */
  public int gainingDays() {
    return (int) gains.stream().filter(g -> g > 0).count();
  }

  /** The mean of the window's gains, in points a day; 0 for an empty window. */
  public double meanGain() {
    return gains.isEmpty() ? 0 : gains.stream().mapToDouble(Double::doubleValue).sum() / gains.size();
  }

  /**
   * Where the dates come from, in two or three sentences, e.g. {@code "From 12 daily gains, 2026-10-21 to
   * 2026-11-01 (5 positive, mean 1.3 points a day), starting at 62 on 2026-11-01: half of 2000 runs reach 100 by
   * 2026-11-20, 85% by 2026-11-24, 95% by 2026-11-27."}.
   */
  public String explanation() {
    StringBuilder out = new StringBuilder();
    out.append("From ").append(Texts.plural(gains.size(), "daily gain"));
    if (!gains.isEmpty()) {
      out.append(", ").append(windowStart()).append(" to ").append(day);
    }
    out.append(" (").append(gainingDays()).append(" positive, mean ").append(Texts.decimal(meanGain(), 1))
        .append(" points a day), starting at ").append(Texts.decimal(total, 1)).append(" on ").append(day)
        .append(": ");
    if (gainingDays() < MIN_GAINING_DAYS) {
      out.append("no dates, since a forecast needs at least ").append(MIN_GAINING_DAYS).append(" days with a gain.");
    } else if (p50 == null) {
      out.append("fewer than half of ").append(RUNS).append(" runs reach 100 within ").append(HORIZON_DAYS)
          .append(" days.");
    } else {
      out.append("half of ").append(RUNS).append(" runs reach 100 by ").append(p50).append(", 85% by ")
          .append(p85 == null ? "no date within " + HORIZON_DAYS + " days" : p85).append(", 95% by ")
          .append(p95 == null ? "no date within " + HORIZON_DAYS + " days" : p95).append('.');
    }
    if (deadline != null && onTrack != null && expectedAtDeadline != null) { // all three or none, as constructed
      out.append(" Deadline ").append(deadline).append(": ").append(Texts.decimal(100 * onTrack, 2))
          .append("% of runs make it, and the mean gain gives ").append(Texts.decimal(expectedAtDeadline, 1))
          .append(" by then.");
    }
    return out.toString();
  }
}
