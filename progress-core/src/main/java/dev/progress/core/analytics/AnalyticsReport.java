package dev.progress.core.analytics;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Everything sections 7-10 of the model say about one user at a clock T: the sections a report prints after a
 * user's spaces, goals and skills. Immutable and safe for concurrent use.
 *
 * @param analytics time spent, completion rate, areas and streak
 * @param forecasts one per space and goal below 100, spaces first, each level sorted by id
 * @param retention one per practised skill, sorted by skill
 * @param insights sorted by kind, level, subject (nulls first): {@link Insight#ORDER}
 */
public record AnalyticsReport(
    Analytics analytics, List<Forecast> forecasts, List<Retention> retention, List<Insight> insights) {
  public AnalyticsReport {
    requireNonNull(analytics, "analytics");
    forecasts = List.copyOf(forecasts);
    retention = List.copyOf(retention);
    insights = List.copyOf(insights);
  }
}
