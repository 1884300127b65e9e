package dev.progress.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * Timestamps as section 1 of the model defines them: an RFC 3339 date-time, {@code YYYY-MM-DDThh:mm:ss}, an
 * optional fraction of 1 to 9 digits, then {@code Z} or {@code +hh:mm}/{@code -hh:mm}; {@code T} and {@code Z}
 * in either case, and a space accepted instead of {@code T}. Anything else is refused: no seconds, no offset,
 * {@code +0200}, the basic format, hour 24, second 60 (which {@link Instant#parse} would all accept in part),
 * other digits than ASCII ones. Stateless; safe for concurrent use.
 */
final class Timestamps {
  private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

  private Timestamps() {}

  /** The instant {@code text} names, or null when it is not an RFC 3339 date-time of the model. */
  static @Nullable Instant parse(String t) {
    int n = t.length();
    if (n < 20 || n > 35 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(13) != ':' || t.charAt(16) != ':') {
      return null;
    }
    char separator = t.charAt(10);
    if (separator != 'T' && separator != 't' && separator != ' ') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 7);
    int day = digits(t, 8, 10);
    int hour = digits(t, 11, 13);
    int minute = digits(t, 14, 16);
    int second = digits(t, 17, 19);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (t.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 10 && isDigit(t.charAt(i))) {
        i++;
      }
      int count = i - start;
      if (count < 1 || count > 9) {
        return null;
      }
      nanos = digits(t, start, i) * POWERS[9 - count];
    }
    long offsetSeconds;
    char zone = i < n ? t.charAt(i) : '?';
    if ((zone == 'Z' || zone == 'z') && i + 1 == n) {
      offsetSeconds = 0;
    } else if ((zone == '+' || zone == '-') && i + 6 == n && t.charAt(i + 3) == ':') {
      int offsetHours = digits(t, i + 1, i + 3);
      int offsetMinutes = digits(t, i + 4, i + 6);
      if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) {
        return null;
      }
      offsetSeconds = (zone == '-' ? -1 : 1) * (offsetHours * 3600L + offsetMinutes * 60L);
    } else {
      return null;
    }
    try {
      long local = LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC);
      return Instant.ofEpochSecond(local - offsetSeconds, nanos);
    } catch (DateTimeException e) {
      return null; // month 13, February 30, hour 24, second 60
    }
  }

  /** The decimal number in {@code t[from, to)}, or -1 when a character is not an ASCII digit. */
  private static int digits(String t, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
