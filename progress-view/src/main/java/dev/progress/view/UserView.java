package dev.progress.view;

import static java.util.Objects.requireNonNull;

import dev.progress.core.UserProgress;
import java.util.List;

/**
 * Everything a report shows about one user: the progress figures, and what the analytics add when they are
 * given (each list may be empty, and its section is then left out). Immutable and safe for concurrent use.
 *
 * @param progress the user's spaces, goals and skills
 * @param timeSpent bar charts of time spent (per day, week, month), in the order to show them
 * @param history line charts of keys' progress over time
 * @param forecasts spaces' and goals' forecasts
 * @param retention per skill; a skill without an entry shows no retention
 * @param insights in the order to show them
 */
public record UserView(
    UserProgress progress,
    List<TimeSpentChart> timeSpent,
    List<ProgressOverTime> history,
    List<ForecastView> forecasts,
    List<SkillRetention> retention,
    List<InsightView> insights) {

  public UserView {
    requireNonNull(progress, "progress");
    timeSpent = List.copyOf(timeSpent);
    history = List.copyOf(history);
    forecasts = List.copyOf(forecasts);
    retention = List.copyOf(retention);
    insights = List.copyOf(insights);
  }

  /** The progress figures alone. */
  public static UserView of(UserProgress progress) {
    return new UserView(progress, List.of(), List.of(), List.of(), List.of(), List.of());
  }

  public String userId() {
    return progress.userId();
  }

  public UserView withTimeSpent(List<TimeSpentChart> charts) {
    return new UserView(progress, charts, history, forecasts, retention, insights);
  }

  public UserView withHistory(List<ProgressOverTime> charts) {
    return new UserView(progress, timeSpent, charts, forecasts, retention, insights);
  }

  public UserView withForecasts(List<ForecastView> newForecasts) {
    return new UserView(progress, timeSpent, history, newForecasts, retention, insights);
  }

  public UserView withRetention(List<SkillRetention> newRetention) {
    return new UserView(progress, timeSpent, history, forecasts, newRetention, insights);
  }

  public UserView withInsights(List<InsightView> newInsights) {
    return new UserView(progress, timeSpent, history, forecasts, retention, newInsights);
  }
}
