package dev.progress.view;

import static java.util.Objects.requireNonNull;

import dev.progress.core.Level;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * When a space or goal is expected to reach 100 (model section 8): today's total, the p50 / p85 / p95 dates and,
 * with a deadline, the chance of making it. Fill it from the analytics' forecast. Immutable and safe for
 * concurrent use.
 *
 * @param label the space or goal id
 * @param level {@link Level#SPACE} or {@link Level#GOAL}
 * @param today the day of the forecast (T's day in the user's zone)
 * @param total the total today, 0..100
 * @param p50 half the simulated runs reach 100 by this day; null when they do not within the horizon, or when
 *     there is too little history to forecast
 * @param p85 85% of runs reach 100 by this day; null as for p50; not before p50
 * @param p95 95% of runs reach 100 by this day; null as for p50; not before p85
 * @param deadline the plan's deadline, or null
 * @param onTrack with a deadline, the share of runs (0..1) reaching 100 by it; otherwise null
 * @param expectedAtDeadline with a deadline, the total expected on it (0..100); otherwise null
 */
public record ForecastView(
    String label,
    Level level,
    LocalDate today,
    double total,
    @Nullable LocalDate p50,
    @Nullable LocalDate p85,
    @Nullable LocalDate p95,
    @Nullable LocalDate deadline,
    @Nullable Double onTrack,
    @Nullable Double expectedAtDeadline) {

  public ForecastView {
    requireNonNull(label, "label");
    requireNonNull(level, "level");
    requireNonNull(today, "today");
    if (level == Level.SKILL) {
      throw new IllegalArgumentException("level SKILL of forecast " + label + " is not forecast; use SPACE or GOAL");
    }
    ProgressIndicator.range("total", total, 100, "forecast " + label);
    order("p50", p50, "p85", p85, label);
    order("p85", p85, "p95", p95, label);
    order("p50", p50, "p95", p95, label);
    if (deadline == null && (onTrack != null || expectedAtDeadline != null)) {
      throw new IllegalArgumentException("forecast " + label + " has onTrack or expectedAtDeadline without a deadline");
    }
    if (onTrack != null) {
      ProgressIndicator.range("onTrack", onTrack, 1, "forecast " + label);
    }
    if (expectedAtDeadline != null) {
      ProgressIndicator.range("expectedAtDeadline", expectedAtDeadline, 100, "forecast " + label);
    }
  }

  /** A forecast without a deadline. */
  public static ForecastView of(String label, Level level, LocalDate today, double total,
      @Nullable LocalDate p50, @Nullable LocalDate p85, @Nullable LocalDate p95) {
    return new ForecastView(label, level, today, total, p50, p85, p95, null, null, null);
  }

  /** The same forecast with a deadline and its figures. */
  public ForecastView withDeadline(LocalDate newDeadline, double newOnTrack, double newExpectedAtDeadline) {
    return new ForecastView(label, level, today, total, p50, p85, p95, requireNonNull(newDeadline, "deadline"),
        newOnTrack, newExpectedAtDeadline);
  }

  /** True when there is a date for p50, i.e. the forecast says something. */
  public boolean hasDates() {
    return p50 != null;
  }

  private static void order(String a, @Nullable LocalDate first, String b, @Nullable LocalDate second, String label) {
    if (first != null && second != null && second.isBefore(first)) {
      throw new IllegalArgumentException(
          b + " " + second + " of forecast " + label + " is before " + a + " " + first);
    }
  }
}
