package dev.progress.examples.cli;

import dev.progress.core.UserProgress;
import dev.progress.core.analytics.Analytics;
import dev.progress.core.analytics.AnalyticsReport;
import dev.progress.core.analytics.Forecast;
import dev.progress.core.analytics.Insight;
import dev.progress.core.analytics.Retention;
import dev.progress.json.Report;
import dev.progress.view.ForecastView;
import dev.progress.view.HtmlRenderer;
import dev.progress.view.InsightView;
import dev.progress.view.ProgressOverTime;
import dev.progress.view.ReportView;
import dev.progress.view.SkillRetention;
import dev.progress.view.TimeSpentChart;
import dev.progress.view.UserView;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link Report} as progress-view's self-contained HTML page ({@link HtmlRenderer}): the report's
 * counts, every user's goals, spaces and skills with their breakdowns, and, from the user's analytics, their
 * insights, time spent per day, week and month, progress over the forecasts' windows, forecasts with deadlines
 * and retention per skill; then the rejected lines. Stateless; safe for concurrent use.
 */
final class HtmlReport {
  static final String TITLE = "Progress report";

  private HtmlReport() {}

  static void write(Report report, PrintWriter out) {
    HtmlRenderer.write(view(report), out);
    out.flush();
  }

  /** Writes the page to {@code file} whole or not at all (a temporary file beside it, then moved over it). */
  static void write(Report report, Path file) {
    Path target = file.toAbsolutePath();
    Path temporary = null;
    try {
      Path parent = target.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      temporary = Files.createTempFile(parent, ".progress-report-", ".tmp");
      Files.writeString(temporary, HtmlRenderer.render(view(report)), StandardCharsets.UTF_8);
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new CommandException("cannot write " + file + ": " + e, e);
    } finally {
      if (temporary != null) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException e) {
          // the move succeeded or the write failed: either way there is nothing to report
        }
      }
    }
  }

  static ReportView view(Report report) {
    List<String> summary = List.of(
        plural(report.accepted(), "event") + " accepted",
        plural(report.duplicates(), "duplicate"),
        plural(report.rejected().size(), "line") + " rejected");
    List<UserView> users = new ArrayList<>();
    for (UserProgress user : report.users()) {
      users.add(user(user, report.analyticsOf(user.userId())));
    }
    List<String> rejected = report.rejected().stream().map(r -> "line " + r.line() + ": " + r.error()).toList();
    return new ReportView(TITLE, report.asOf(), summary, users, rejected);
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** One user's page section: their progress, and the analytics' charts, forecasts, retention and insights. */
  static UserView user(UserProgress progress, @Nullable AnalyticsReport analytics) {
    UserView view = UserView.of(progress);
    if (analytics == null) {
      return view;
    }
    Analytics.TimeSpent t = analytics.analytics().timeSpent();
    List<ProgressOverTime> history = new ArrayList<>();
    List<ForecastView> forecasts = new ArrayList<>();
    for (Forecast f : analytics.forecasts()) {
      if (!f.gains().isEmpty()) {
        history.add(ProgressOverTime.fromDailyTotals(f.key().id(), f.windowStart(), endOfDayTotals(f)));
      }
      ForecastView v = ForecastView.of(f.key().id(), f.key().level(), f.day(), f.total(), f.p50(), f.p85(), f.p95());
      forecasts.add(f.deadline() == null ? v : v.withDeadline(f.deadline(), f.onTrack(), f.expectedAtDeadline()));
    }
    List<SkillRetention> retention = new ArrayList<>();
    for (Retention r : analytics.retention()) {
      retention.add(new SkillRetention(r.skill(), r.retention(), r.lastPractice()));
    }
    List<InsightView> insights = new ArrayList<>();
    for (Insight i : analytics.insights()) {
      insights.add(new InsightView(i.kind().jsonName(), i.level() == null ? null : i.level().jsonName(),
          i.subject(), i.message()));
    }
    return view
        .withTimeSpent(List.of(TimeSpentChart.daily(t.day(), t.daily()), TimeSpentChart.weekly(t.day(), t.weekly()),
            TimeSpentChart.monthly(YearMonth.from(t.day()), t.monthly())))
        .withHistory(history)
        .withForecasts(forecasts)
        .withRetention(retention)
        .withInsights(insights);
  }

  /**
   * A forecast's end-of-day totals over its window, oldest first, from the total at T (T's day's end-of-day
   * total, since only events up to T count) and the daily gains: each day's total is the next day's minus the
   * next day's gain. Kept within 0..100 against the last bits of the subtractions.
   */
  static List<Double> endOfDayTotals(Forecast f) {
    List<Double> gains = f.gains();
    double[] totals = new double[gains.size()];
    double total = f.total();
    for (int i = gains.size() - 1; i >= 0; i--) {
      totals[i] = Math.max(0, Math.min(100, total));
      total -= gains.get(i);
    }
    List<Double> out = new ArrayList<>(totals.length);
    for (double v : totals) {
      out.add(v);
    }
    return out;
  }
}
