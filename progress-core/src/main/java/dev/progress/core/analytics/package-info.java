/**
 * Analytics, forecasts, retention and insights (sections 7-10 of the model): what a user's activity says beyond
 * the progress figures.
 *
 * <p>{@link dev.progress.core.analytics.ActivityHistory} is one user's activity day by day, fed each accepted
 * event in any order; it answers {@link dev.progress.core.analytics.Analytics} (time per day, week and month,
 * completion rate, areas, streak), {@link dev.progress.core.analytics.Retention} per skill and, given each space's
 * and goal's {@link dev.progress.core.analytics.DailyTotals}, a whole
 * {@link dev.progress.core.analytics.AnalyticsReport} with {@link dev.progress.core.analytics.Forecast}s and
 * {@link dev.progress.core.analytics.Insight}s. Every result is an immutable value that can explain itself.
 */
@NullMarked
package dev.progress.core.analytics;

import org.jspecify.annotations.NullMarked;
