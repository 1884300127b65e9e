package dev.progress.core.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Numbers as a person reads them in an explanation or an insight. */
final class Texts {
  private Texts() {}

  /** Rounded half up to {@code decimals}, trailing zeros dropped: {@code 62.5}, {@code 3}, {@code 0.05}. */
  static String decimal(double value, int decimals) {
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }

  /** Whole minutes as {@code "45 minutes"}, {@code "1 hour"}, {@code "2 hours 10 minutes"}; rounded half up. */
  static String minutes(double minutes) {
    long whole = Math.round(minutes);
    long hours = whole / 60;
    long rest = whole % 60;
    if (hours == 0) {
      return plural(rest, "minute");
    }
    return rest == 0 ? plural(hours, "hour") : plural(hours, "hour") + " " + plural(rest, "minute");
  }

  /** {@code "1 day"}, {@code "3 days"}. */
  static String plural(long count, String unit) {
    return count + " " + unit + (count == 1 ? "" : "s");
  }
}
