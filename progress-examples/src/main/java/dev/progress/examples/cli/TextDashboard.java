package dev.progress.examples.cli;

import dev.progress.core.Progress;
import dev.progress.core.UserProgress;
import dev.progress.core.analytics.Analytics;
import dev.progress.core.analytics.AnalyticsReport;
import dev.progress.core.analytics.Forecast;
import dev.progress.core.analytics.Insight;
import dev.progress.core.analytics.Retention;
import dev.progress.json.Rejection;
import dev.progress.json.Report;
import dev.progress.view.TextRenderer;
import dev.progress.view.TimeSpentChart;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link Report} for people: the report's counts, then per user a bar for every goal, space and skill
 * with the explanation of the score under it ({@link Progress#explanation()}), drawn by progress-view's {@link
 * TextRenderer}, then what the analytics add (model, section 11): a bar per day and sparklines per week and month
 * of time spent, the completion rate, the streak, the strongest and weakest skills, retention per skill,
 * forecast dates with deadlines, and the insights as sentences. Stateless; safe for concurrent use.
 */
final class TextDashboard {
  static final int BAR_CELLS = TextRenderer.BAR_CELLS;
  private static final TextRenderer RENDERER = TextRenderer.unicode();

  private TextDashboard() {}

  static void write(Report report, PrintWriter out) {
    write(report, out, true);
  }

  /**
   * @param listRejected whether to end with the rejected lines (a caller that printed them as they came says
   *     no; the heading still counts them)
   */
  static void write(Report report, PrintWriter out, boolean listRejected) {
    out.printf(Locale.ROOT, "Progress as of %s: %d accepted, %d duplicate%s, %d rejected%n",
        report.asOf(), report.accepted(), report.duplicates(), report.duplicates() == 1 ? "" : "s",
        report.rejected().size());
    if (report.users().isEmpty()) {
      out.println();
      out.println("No user has an accepted event yet.");
    }
    for (UserProgress user : report.users()) {
      out.println();
      RENDERER.writeUser(user, out);
      AnalyticsReport analytics = report.analyticsOf(user.userId());
      if (analytics != null) {
        writeAnalytics(analytics, out);
      }
    }
    if (listRejected && !report.rejected().isEmpty()) {
      out.println();
      out.println("Rejected lines");
      for (Rejection r : report.rejected()) {
        out.println("  " + TerminalText.rejection(r.line(), r.error()));
      }
    }
    out.flush();
  }

  /** A bar of {@link #BAR_CELLS} cells in Unicode blocks (eighths of a cell). */
  static String bar(double percent) {
    return RENDERER.bar(percent);
  }

  /** The sections of model section 11 for one user, under their progress. */
  static void writeAnalytics(AnalyticsReport report, PrintWriter out) {
    Analytics a = report.analytics();
    timeSpent(a, out);
    out.println("  Completion  " + a.completionExplanation());
    Analytics.Streak streak = a.streak();
    out.println("  Streak      " + (streak.current() == 0 ? "none today or yesterday"
        : days(streak.current()) + " in a row") + " (longest " + days(streak.longest()) + ")");
    if (!a.strongestAreas().isEmpty()) {
      out.println("  Strongest   " + RENDERER.oneLine(String.join(", ", a.strongestAreas())));
    }
    if (!a.improvementAreas().isEmpty()) {
      out.println("  Needs work  " + RENDERER.oneLine(String.join(", ", a.improvementAreas())));
    }
    retention(report.retention(), out);
    forecasts(report.forecasts(), out);
    if (!report.insights().isEmpty()) {
      out.println("  Insights");
      for (Insight i : report.insights()) {
        out.println("    - " + RENDERER.oneLine(sentence(i.message())));
      }
    }
  }

  /** A bar per day (scaled to the busiest of the 7), then a sparkline each for the 4 weeks and the 6 months. */
  private static void timeSpent(Analytics a, PrintWriter out) {
    Analytics.TimeSpent t = a.timeSpent();
    out.println("  Time spent per day (days in " + zoneName(a) + ")");
    TimeSpentChart daily = TimeSpentChart.daily(t.day(), t.daily());
    double max = t.daily().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    List<String> amounts = t.daily().stream().map(TextDashboard::minutes).toList();
    int width = amounts.stream().mapToInt(String::length).max().orElse(0);
    for (int i = 0; i < amounts.size(); i++) {
      double m = t.daily().get(i);
      out.printf(Locale.ROOT, "    %-6s  %s  %" + width + "s%n", daily.labels().get(i),
          RENDERER.bar(max > 0 ? 100 * m / max : 0), amounts.get(i));
    }
    List<LocalDate> weeks = t.weekStarts();
    out.println("  Time spent per week   " + RENDERER.sparkline(t.weekly()) + "  " + list(t.weekly())
        + " (weeks from " + weeks.get(0) + " to " + weeks.get(weeks.size() - 1) + ")");
    List<YearMonth> months = t.months();
    out.println("  Time spent per month  " + RENDERER.sparkline(t.monthly()) + "  " + list(t.monthly())
        + " (" + months.get(0) + " to " + months.get(months.size() - 1) + ")");
  }

  private static void retention(List<Retention> retention, PrintWriter out) {
    if (retention.isEmpty()) {
      return;
    }
    out.println("  Retention (how much of each skill is still remembered)");
    int width = retention.stream().mapToInt(r -> RENDERER.oneLine(r.skill()).length()).max().orElse(0);
    for (Retention r : retention) {
      String skill = RENDERER.oneLine(r.skill());
      out.printf(Locale.ROOT, "    %s%s  %s %5.1f%%  last practised %s, %s%n", skill,
          " ".repeat(width - skill.length()), RENDERER.bar(r.retention()), r.retention(), r.lastPractice(),
          r.practiceDays() == 1 ? "1 practice day" : r.practiceDays() + " practice days");
    }
  }

  /**
   * One line per space and goal below 100: its total now and the dates by which half, 85% and 95% of the
   * simulated futures reach 100; with a deadline, a second line on the chance of making it.
   */
  private static void forecasts(List<Forecast> forecasts, PrintWriter out) {
    if (forecasts.isEmpty()) {
      return;
    }
    out.println("  Forecasts (the dates by which half, 85% and 95% of " + Forecast.RUNS
        + " simulated futures reach 100%)");
    List<String> labels = new ArrayList<>();
    for (Forecast f : forecasts) {
      labels.add(RENDERER.oneLine(f.key().id()) + " (" + f.key().level().jsonName() + ")");
    }
    int width = labels.stream().mapToInt(l -> l.codePointCount(0, l.length())).max().orElse(0);
    for (int i = 0; i < forecasts.size(); i++) {
      Forecast f = forecasts.get(i);
      String label = labels.get(i);
      StringBuilder line = new StringBuilder("    ").append(label)
          .append(" ".repeat(width - label.codePointCount(0, label.length())))
          .append(String.format(Locale.ROOT, "  %5.1f%% now  ", f.total()));
      if (f.gainingDays() < Forecast.MIN_GAINING_DAYS) {
        line.append("too little history to forecast (").append(f.gainingDays()).append(" of ")
            .append(Forecast.MIN_GAINING_DAYS).append(" days with a gain needed)");
      } else if (f.p50() == null) {
        line.append("not within ").append(Forecast.HORIZON_DAYS / 365).append(" years at this pace");
      } else {
        line.append("-> ").append(date(f.p50())).append(" / ").append(date(f.p85())).append(" / ")
            .append(date(f.p95()));
      }
      out.println(line);
      if (f.deadline() != null) {
        out.println("        deadline " + f.deadline() + ": " + (f.onTrack() < 0.5 ? "at risk" : "on track") + ", "
            + percent(Math.floor(1000 * f.onTrack()) / 10) + " of futures make it; "
            + percent(f.expectedAtDeadline()) + " expected by then");
      }
    }
  }

  /** {@code UTC} for the offset zero, as the JSON report writes it. */
  private static String zoneName(Analytics a) {
    return a.zone().equals(java.time.ZoneOffset.UTC) ? "UTC" : a.zone().getId();
  }

  private static String date(@Nullable LocalDate day) {
    return day == null ? "not in sight" : day.toString();
  }

  /** {@code 45 min}, {@code 12.5 min}: whole minutes without decimals, others to one. */
  static String minutes(double m) {
    return number(m) + " min";
  }

  private static String list(List<Double> minutes) {
    List<String> parts = minutes.stream().map(TextDashboard::number).toList();
    return String.join(", ", parts) + " min";
  }

  private static String number(double m) {
    double rounded = Math.round(m * 10) / 10.0;
    return rounded == Math.rint(rounded) ? String.format(Locale.ROOT, "%.0f", rounded)
        : String.format(Locale.ROOT, "%.1f", rounded);
  }

  /** Percentages of futures are rounded down by the caller, so 49.95% never reads as an on-track 50%. */
  private static String percent(double p) {
    return number(p) + "%";
  }

  private static String days(int n) {
    return n == 1 ? "1 day" : n + " days";
  }

  /** An insight's message (one sentence without its period) as a sentence. */
  private static String sentence(String message) {
    return message.endsWith(".") || message.endsWith("!") || message.endsWith("?") ? message : message + ".";
  }
}
