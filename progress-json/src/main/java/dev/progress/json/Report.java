package dev.progress.json;

import static java.util.Objects.requireNonNull;

import dev.progress.core.ProgressTracker;
import dev.progress.core.UserProgress;
import dev.progress.core.analytics.AnalyticsReport;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The report of sections 6 and 11 of the model: counts, rejected lines, every user's progress and, for the users
 * that have them, their analytics, forecasts, retention and insights, as {@link ProgressJson#writeReport} writes
 * it. Immutable and safe for concurrent use.
 *
 * @param asOf the clock of the report
 * @param accepted events that count towards the report
 * @param duplicates events already tracked with the same content
 * @param rejected refused lines, by line number
 * @param users sorted by id
 * @param analytics by user id, each a user of {@code users}; a user without an entry is written without the
 *     sections of section 11
 */
public record Report(
    Instant asOf,
    long accepted,
    long duplicates,
    List<Rejection> rejected,
    List<UserProgress> users,
    Map<String, AnalyticsReport> analytics) {
  public Report {
    requireNonNull(asOf, "asOf");
    rejected = List.copyOf(rejected);
    users = List.copyOf(users);
    analytics = Map.copyOf(analytics);
    Set<String> ids = new HashSet<>();
    for (UserProgress u : users) {
      ids.add(u.userId());
    }
    for (String userId : analytics.keySet()) {
      if (!ids.contains(userId)) {
        throw new IllegalArgumentException("analytics of user '" + userId + "', who is not among the report's users");
      }
    }
  }

  /** A report of progress alone, without the analytics sections (section 6 of the model). */
  public Report(Instant asOf, long accepted, long duplicates, List<Rejection> rejected, List<UserProgress> users) {
    this(asOf, accepted, duplicates, rejected, users, Map.of());
  }

  /**
   * The report of everything {@code tracker} holds, after reading a log with {@code summary}: every user's
   * progress and analytics ({@link ProgressTracker#analytics}, as of the tracker's clock).
   *
   * @throws IllegalStateException when a user's events came out of timestamp order and the tracker's store keeps
   *     no events (see {@link ProgressTracker#analytics}); {@link #withAnalytics} then lets the caller supply
   *     that user's analytics from elsewhere
   */
  public static Report of(Instant asOf, EventLog.Summary summary, ProgressTracker tracker) {
    List<UserProgress> users = tracker.users().stream().map(tracker::userProgress).toList();
    Map<String, AnalyticsReport> analytics = new LinkedHashMap<>();
    for (UserProgress u : users) {
      analytics.put(u.userId(), tracker.analytics(u.userId()));
    }
    return new Report(asOf, summary.accepted(), summary.duplicates(), summary.rejected(), users, analytics);
  }

  /** The analytics of {@code userId}, or null when the report has none for them. */
  public @Nullable AnalyticsReport analyticsOf(String userId) {
    return analytics.get(requireNonNull(userId, "userId"));
  }

  /** The same report with these analytics (by user id) added to, or replacing, the ones it has. */
  public Report withAnalytics(Map<String, AnalyticsReport> more) {
    Map<String, AnalyticsReport> merged = new LinkedHashMap<>(analytics);
    merged.putAll(more);
    return new Report(asOf, accepted, duplicates, rejected, users, merged);
  }
}
