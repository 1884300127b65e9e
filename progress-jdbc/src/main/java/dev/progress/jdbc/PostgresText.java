package dev.progress.jdbc;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Finds text PostgreSQL cannot store exactly: U+0000 (refused by {@code text} and {@code jsonb}) and unpaired
 * UTF-16 surrogates (which the driver silently turns into {@code ?}, so the stored id would differ from the
 * tracked one). The store refuses such events before any SQL runs instead of failing in, or corrupting, the
 * database.
 */
final class PostgresText {
  private PostgresText() {}

  /** Why {@code value} cannot be stored exactly, or null when it can. */
  static @Nullable String problem(@Nullable String value) {
    if (value == null) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == 0) {
        return "has U+0000 at index " + i;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
        } else {
          return "has an unpaired surrogate at index " + i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return "has an unpaired surrogate at index " + i;
      }
    }
    return null;
  }

  /** The value with U+0000 and unpaired surrogates shown as backslash-u escapes, safe to quote in a message. */
  static String printable(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        out.append(c).append(value.charAt(++i));
      } else if (c == 0 || Character.isSurrogate(c)) {
        out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** The same for JSON text written by Jackson, which writes U+0000 as a backslash-u escape. */
  static @Nullable String jsonProblem(@Nullable String json) {
    if (json == null) {
      return null;
    }
    if (json.contains("\\u0000")) {
      return "has U+0000";
    }
    return problem(json);
  }
}
