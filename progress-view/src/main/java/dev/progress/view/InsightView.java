package dev.progress.view;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One insight (model section 10), as a sentence with what it is about. Fill it from the analytics' insights.
 * Immutable and safe for concurrent use.
 *
 * @param kind the insight's kind ({@code near_completion}, {@code streak_alive}, ...)
 * @param level {@code space}, {@code goal}, {@code skill}, or null for the user as a whole
 * @param subject the space, goal or skill id, or null
 * @param message one sentence a person reads
 */
public record InsightView(String kind, @Nullable String level, @Nullable String subject, String message) {
  public InsightView {
    requireNonNull(kind, "kind");
    requireNonNull(message, "message");
  }
}
