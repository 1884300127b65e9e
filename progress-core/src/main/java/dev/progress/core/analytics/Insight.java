package dev.progress.core.analytics;

import static java.util.Objects.requireNonNull;

import dev.progress.core.Level;
import java.util.Comparator;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Something worth telling a user about their progress (section 10 of the model), typed and deterministic, with a
 * one-sentence message. Immutable and safe for concurrent use.
 *
 * @param kind what it is about
 * @param level the level of {@code subject}; null when the insight is about the user as a whole
 * @param subject the space id, goal id or skill; null when {@code level} is
 * @param message one sentence a person reads gladly: names used, numbers rounded
 */
public record Insight(Kind kind, @Nullable Level level, @Nullable String subject, String message) {
  /** Insights in report order: by kind, level, subject (each alphabetically by JSON name, nulls first). */
  public static final Comparator<Insight> ORDER = Comparator.comparing(Insight::kind)
      .thenComparing(i -> i.level() == null ? null : i.level().jsonName(),
          Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(Insight::subject, Comparator.nullsFirst(Comparator.naturalOrder()));

  public Insight {
    requireNonNull(kind, "kind");
    requireNonNull(message, "message");
    if ((level == null) != (subject == null)) {
      throw new IllegalArgumentException("level " + level + " and subject " + subject + " must both be null or both"
          + " be set, for " + kind.jsonName());
    }
    if (message.isBlank()) {
      throw new IllegalArgumentException("message of " + kind.jsonName() + " is blank");
    }
  }

  /** The eleven kinds of section 10, declared in alphabetical order of their JSON names (the report order). */
  public enum Kind {
    /** A space or goal reached 100 in the last 7 days. */
    COMPLETED,
    /** A forecast with a deadline that fewer than half of its runs make. */
    DEADLINE_AT_RISK,
    /** Nothing in the last 7 days, but something before. */
    INACTIVE,
    /** A space or goal at 90 or more, but not 100. */
    NEAR_COMPLETION,
    /** Less than half the time of the previous 7 days, which had an hour or more. */
    PACE_DROPPED,
    /** More than 1.5 times the time of the previous 7 days, and an hour or more. */
    PACE_UP,
    /** A skill with retention below 50. */
    SKILL_FADING,
    /** Active 3 days or more in a row, up to today or yesterday. */
    STREAK_ALIVE,
    /** A run of 3 or more active days ended the day before yesterday. */
    STREAK_BROKEN,
    /** The strongest skill, when there are at least 2. */
    STRONGEST_AREA,
    /** The skill that most needs work, when there are at least 2. */
    WEAKEST_AREA;

    /** Lower-case name used in JSON ({@code "near_completion"}). */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
