package dev.progress.core.analytics;

import static java.util.Objects.requireNonNull;

import dev.progress.core.Level;
import dev.progress.core.ProgressKey;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * What the engine knows of one space or goal that forecasts and insights need: its daily totals and the plan's
 * deadline. Immutable and safe for concurrent use.
 *
 * @param key a space or a goal
 * @param totals its end-of-day totals over the window and its total at T
 * @param deadline the plan's deadline (a day in the user's zone), or null
 */
public record KeyHistory(ProgressKey key, DailyTotals totals, @Nullable LocalDate deadline) {
  public KeyHistory {
    requireNonNull(key, "key");
    requireNonNull(totals, "totals");
    if (key.level() == Level.SKILL) {
      throw new IllegalArgumentException("key " + key + " must be a space or a goal: skills have no forecast");
    }
  }
}
