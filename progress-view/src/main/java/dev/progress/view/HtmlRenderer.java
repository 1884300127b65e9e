package dev.progress.view;

import static dev.progress.view.Markup.attr;
import static dev.progress.view.Markup.pct;
import static dev.progress.view.Markup.text;
import static java.util.Objects.requireNonNull;

import dev.progress.core.Level;
import dev.progress.core.Progress;
import dev.progress.core.UserProgress;
import dev.progress.view.ProgressIndicator.Part;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ReportView} as one self-contained HTML page: inline CSS and SVG, nothing fetched, no script. Per user:
 * goal rings and space bars, each with its breakdown (component, value, weight, contribution: the explanation
 * of the total), skills with their retention when given, and the sections that exist only when their data is
 * given: time spent, progress over time, forecasts, insights. With more than {@value #TOC_THRESHOLD} users the page
 * starts with a table of contents. Prints one user per page. Every piece of text is escaped, and names and
 * rejected lines are isolated ({@code <bdi>}), so ids holding markup, quotes or right-to-left overrides show as
 * written. The same input gives the same bytes. Stateless; safe for concurrent use.
 */
public final class HtmlRenderer {
  /** A report with more users than this starts with a table of contents. */
  public static final int TOC_THRESHOLD = 3;

  private HtmlRenderer() {}

  /** The page as a string. */
  public static String render(ReportView report) {
    StringBuilder out = new StringBuilder(64 * 1024);
    write(report, out);
    return out.toString();
  }

  /** Writes the page to {@code out}. */
  public static void write(ReportView report, Appendable out) {
    requireNonNull(report, "report");
    requireNonNull(out, "out");
    StringBuilder html = new StringBuilder(64 * 1024);
    page(report, html);
    try {
      out.append(html);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the HTML report: " + e.getMessage(), e);
    }
  }

  private static void page(ReportView report, StringBuilder h) {
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"Progress (progress-view)\">\n")
        .append("<title>").append(text(report.title())).append("</title>\n<style>\n").append(CSS).append("</style>\n")
        .append("</head>\n<body>\n");
    h.append("<header class=\"page\">\n<h1>").append(text(report.title())).append("</h1>\n")
        .append("<p class=\"as-of\">As of <time datetime=\"").append(attr(report.asOf().toString())).append("\">")
        .append(text(asOf(report))).append("</time></p>\n");
    if (!report.summary().isEmpty()) {
      h.append("<ul class=\"summary\">\n");
      for (String line : report.summary()) {
        h.append("<li>").append(text(line)).append("</li>\n");
      }
      h.append("</ul>\n");
    }
    h.append("</header>\n");
    List<UserView> users = report.users();
    if (users.size() > TOC_THRESHOLD) {
      toc(users, h);
    }
    h.append("<main>\n");
    if (users.isEmpty()) {
      h.append("<p class=\"empty\">No user has an accepted event yet.</p>\n");
    }
    for (int i = 0; i < users.size(); i++) {
      user(users.get(i), "user-" + (i + 1), h);
    }
    if (!report.rejected().isEmpty()) {
      h.append("<section class=\"rejected\" aria-labelledby=\"rejected\">\n<h2 id=\"rejected\">Rejected lines (")
          .append(report.rejected().size()).append(")</h2>\n<ul>\n");
      for (String line : report.rejected()) {
        // a rejection quotes the line's values: isolated like names, so an override stays inside it
        h.append("<li><bdi>").append(text(line)).append("</bdi></li>\n");
      }
      h.append("</ul>\n</section>\n");
    }
    h.append("</main>\n<footer class=\"page\">Progress report generated for ").append(text(asOf(report)))
        .append(". Every figure is 0 to 100; its breakdown shows each component's value, weight and contribution.")
        .append("</footer>\n</body>\n</html>\n");
  }

  private static String asOf(ReportView report) {
    var t = report.asOf().atOffset(ZoneOffset.UTC);
    return TimeSpentChart.longDate(t.toLocalDate()) + String.format(Locale.ROOT, ", %02d:%02d UTC", t.getHour(),
        t.getMinute());
  }

  private static void toc(List<UserView> users, StringBuilder h) {
    h.append("<nav class=\"toc\" aria-labelledby=\"toc\">\n<h2 id=\"toc\">Users (").append(users.size())
        .append(")</h2>\n<ol>\n");
    for (int i = 0; i < users.size(); i++) {
      UserProgress p = users.get(i).progress();
      h.append("<li><a href=\"#user-").append(i + 1).append("\"><bdi>").append(text(p.userId())).append("</bdi></a>")
          .append(" <span class=\"counts\">").append(count(p.goals().size(), "goal")).append(", ")
          .append(count(p.spaces().size(), "space")).append(", ").append(count(p.skills().size(), "skill"))
          .append("</span></li>\n");
    }
    h.append("</ol>\n</nav>\n");
  }

  private static void user(UserView user, String id, StringBuilder h) {
    UserProgress p = user.progress();
    h.append("<section class=\"user\" id=\"").append(id).append("\" aria-labelledby=\"").append(id)
        .append("-name\">\n<h2 id=\"").append(id).append("-name\"><span class=\"muted\">User</span> <bdi>")
        .append(text(p.userId())).append("</bdi></h2>\n");
    if (!user.insights().isEmpty()) {
      insights(user.insights(), h);
    }
    if (!p.goals().isEmpty()) {
      h.append("<section class=\"goals\">\n<h3>Goals</h3>\n<div class=\"cards\">\n");
      for (Progress goal : p.goals()) {
        card(goal, "goal", null, h);
      }
      h.append("</div>\n</section>\n");
    }
    if (!p.spaces().isEmpty()) {
      h.append("<section class=\"spaces\">\n<h3>Spaces</h3>\n");
      for (Progress space : p.spaces()) {
        space(space, h);
      }
      h.append("</section>\n");
    }
    if (!p.skills().isEmpty()) {
      h.append("<section class=\"skills\">\n<h3>Skills</h3>\n<div class=\"cards\">\n");
      for (Progress skill : p.skills()) {
        card(skill, "skill", retention(user, skill.key().id()), h);
      }
      h.append("</div>\n</section>\n");
    }
    if (!user.timeSpent().isEmpty()) {
      h.append("<section class=\"time\">\n<h3>Time spent</h3>\n<div class=\"charts\">\n");
      for (TimeSpentChart chart : user.timeSpent()) {
        h.append("<figure class=\"chart\">").append(SvgRenderer.barChart(chart)).append("</figure>\n");
      }
      h.append("</div>\n</section>\n");
    }
    if (!user.history().isEmpty()) {
      h.append("<section class=\"history\">\n<h3>Progress over time</h3>\n<div class=\"charts\">\n");
      for (ProgressOverTime chart : user.history()) {
        h.append("<figure class=\"chart\">").append(SvgRenderer.lineChart(chart)).append("</figure>\n");
      }
      h.append("</div>\n</section>\n");
    }
    if (!user.forecasts().isEmpty()) {
      forecasts(user.forecasts(), h);
    }
    h.append("</section>\n");
  }

  private static @Nullable SkillRetention retention(UserView user, String skill) {
    for (SkillRetention r : user.retention()) {
      if (r.skill().equals(skill)) {
        return r;
      }
    }
    return null;
  }

  /** A goal or skill: a detailed ring, the name and total, the breakdown, and for a skill its retention. */
  private static void card(Progress progress, String kind, @Nullable SkillRetention retention, StringBuilder h) {
    ProgressIndicator ring = ProgressIndicator.detailed(progress);
    h.append("<article class=\"card ").append(kind).append("\">\n<div class=\"ring\">")
        .append(SvgRenderer.ring(ring, true)).append("</div>\n<div class=\"detail\">\n<h4><bdi>")
        .append(text(progress.key().id())).append("</bdi> <span class=\"value\">").append(ring.valueText())
        .append("</span></h4>\n");
    breakdown(ring, h);
    if (retention != null) {
      ProgressIndicator r = new ProgressIndicator(ProgressIndicator.Kind.LINEAR, progress.key().id() + " retention",
          retention.retention(), List.of(), false, retention.retention());
      h.append("<div class=\"retention\"><span class=\"name\">Retention <strong>").append(r.valueText())
          .append("</strong>");
      if (retention.lastPractised() != null) {
        h.append(" <span class=\"muted\">last practised ").append(shortDate(retention.lastPractised()))
            .append("</span>");
      }
      h.append("</span>").append(SvgRenderer.bar(r, true)).append("</div>\n");
    }
    h.append("</div>\n</article>\n");
  }

  /** A space: its name, goal and total, a stacked bar and the breakdown. */
  private static void space(Progress space, StringBuilder h) {
    ProgressIndicator bar = ProgressIndicator.detailed(space);
    h.append("<article class=\"space\">\n<h4><bdi>").append(text(space.key().id())).append("</bdi>");
    if (space.goalId() != null) {
      h.append(" <span class=\"muted\">in goal <bdi>").append(text(space.goalId())).append("</bdi></span>");
    }
    h.append(" <span class=\"value\">").append(bar.valueText()).append("</span></h4>\n<div class=\"bar\">")
        .append(SvgRenderer.bar(bar, true)).append("</div>\n");
    breakdown(bar, h);
    h.append("</article>\n");
  }

  /** The explanation of a total as a table: one row per component, then the total. */
  private static void breakdown(ProgressIndicator indicator, StringBuilder h) {
    if (indicator.value() == 0 && indicator.parts().stream().allMatch(p -> p.value() == 0)) {
      h.append("<p class=\"nothing muted\">Nothing yet: every component is 0.</p>\n");
      return;
    }
    h.append("<table class=\"breakdown\">\n<thead><tr><th scope=\"col\">component</th><th scope=\"col\">value</th>")
        .append("<th scope=\"col\">weight</th><th scope=\"col\">adds</th></tr></thead>\n<tbody>\n");
    List<Part> parts = indicator.parts();
    for (int i = 0; i < parts.size(); i++) {
      Part p = parts.get(i);
      h.append("<tr><th scope=\"row\"><svg class=\"swatch\" width=\"10\" height=\"10\" viewBox=\"0 0 10 10\" ")
          .append("aria-hidden=\"true\"><rect width=\"10\" height=\"10\" rx=\"2\" fill=\"")
          .append(SvgRenderer.colour(i)).append("\"/></svg> <bdi>").append(text(p.name())).append("</bdi></th><td>")
          .append(pct(p.value())).append("</td><td>× ").append(Markup.round(p.weight(), 2)).append("</td><td>")
          .append(Markup.round(p.contribution(), 2)).append("</td></tr>\n");
    }
    h.append("</tbody>\n<tfoot><tr><th scope=\"row\">total</th><td></td><td></td><td>")
        .append(Markup.round(indicator.value(), 2)).append("</td></tr></tfoot>\n</table>\n");
  }

  private static void forecasts(List<ForecastView> forecasts, StringBuilder h) {
    h.append("<section class=\"forecasts\">\n<h3>Forecasts</h3>\n<p class=\"muted note\">The day each space or goal ")
        .append("is expected to reach 100%: half of the simulated futures get there by the first date (p50), 85% ")
        .append("by the second, 95% by the third.</p>\n<table class=\"forecast\">\n<thead><tr>")
        .append("<th scope=\"col\">space or goal</th><th scope=\"col\">today</th><th scope=\"col\">p50</th>")
        .append("<th scope=\"col\">p85</th><th scope=\"col\">p95</th><th scope=\"col\">deadline</th></tr></thead>\n")
        .append("<tbody>\n");
    for (ForecastView f : forecasts) {
      h.append("<tr><th scope=\"row\"><bdi>").append(text(f.label())).append("</bdi> <span class=\"muted\">")
          .append(f.level().jsonName()).append("</span></th><td>").append(pct(f.total())).append("%</td>");
      if (f.total() >= 100) {
        h.append("<td colspan=\"3\">complete</td>");
      } else if (f.p50() == null && f.p85() == null && f.p95() == null) {
        h.append("<td colspan=\"3\" class=\"muted\">too little history to forecast</td>");
      } else {
        forecastDate(f.today(), f.p50(), h);
        forecastDate(f.today(), f.p85(), h);
        forecastDate(f.today(), f.p95(), h);
      }
      h.append("<td>");
      if (f.deadline() == null) {
        h.append("<span class=\"muted\">none</span>");
      } else {
        h.append(date(f.deadline()));
        if (f.onTrack() != null) {
          boolean atRisk = f.onTrack() < 0.5;
          h.append("<br><span class=\"").append(atRisk ? "risk" : "ok").append("\">")
              .append(atRisk ? "⚠ at risk: " : "✓ on track: ").append(pct(f.onTrack() * 100))
              .append("% of futures make it</span>");
        }
        if (f.expectedAtDeadline() != null) {
          h.append("<br><span class=\"muted\">expected then: ").append(pct(f.expectedAtDeadline())).append("%</span>");
        }
      }
      h.append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n</section>\n");
  }

  private static void forecastDate(LocalDate today, @Nullable LocalDate day, StringBuilder h) {
    if (day == null) {
      h.append("<td class=\"muted\">not in sight</td>");
      return;
    }
    long days = ChronoUnit.DAYS.between(today, day);
    h.append("<td>").append(date(day)).append("<br><span class=\"muted\">")
        .append(days == 0 ? "today" : days == 1 ? "in 1 day" : "in " + days + " days").append("</span></td>");
  }

  private static void insights(List<InsightView> insights, StringBuilder h) {
    h.append("<section class=\"insights\">\n<h3>Insights</h3>\n<ul>\n");
    for (InsightView i : insights) {
      h.append("<li class=\"insight\"><span class=\"kind\">").append(text(i.kind().replace('_', ' ')))
          .append("</span> <bdi>").append(text(i.message())).append("</bdi></li>\n");
    }
    h.append("</ul>\n</section>\n");
  }

  private static String date(LocalDate day) {
    return "<time datetime=\"" + day + "\">" + shortDate(day) + "</time>";
  }

  private static String shortDate(LocalDate day) {
    return day.getDayOfMonth() + " " + TimeSpentChart.MONTHS[day.getMonthValue() - 1].substring(0, 3) + " "
        + day.getYear();
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  static final String CSS = """
      :root { color-scheme: light; --ink: #1f2937; --muted: #4b5563; --line: #e5e7eb; --accent: #1d4ed8; }
      * { box-sizing: border-box; }
      body { margin: 0; background: #f3f4f6; color: var(--ink);
        font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif; }
      bdi { overflow-wrap: anywhere; }
      header.page { background: #ffffff; border-bottom: 1px solid var(--line); padding: 24px max(24px, calc(50% - 540px)); }
      h1 { margin: 0; font-size: 28px; }
      .as-of { margin: 2px 0 8px; color: var(--muted); }
      ul.summary { margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 6px 20px; }
      nav.toc, main, footer.page { max-width: 1080px; margin: 0 auto; padding: 0 24px; }
      nav.toc { margin-top: 24px; }
      nav.toc h2 { font-size: 18px; margin: 0 0 8px; }
      nav.toc ol { margin: 0; padding-left: 24px; columns: 2 260px; }
      nav.toc a { color: var(--accent); font-weight: 600; }
      .counts, .muted { color: var(--muted); font-weight: 400; }
      section.user { background: #ffffff; border: 1px solid var(--line); border-radius: 12px; margin: 24px 0;
        padding: 20px 24px 24px; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.06); }
      section.user > h2 { margin: 0; font-size: 24px; }
      h3 { margin: 24px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--line); color: var(--muted);
        font-size: 13px; letter-spacing: 0.08em; text-transform: uppercase; }
      h4 { margin: 0 0 6px; font-size: 16px; }
      h4 .value { float: right; margin-left: 12px; font-variant-numeric: tabular-nums; }
      .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); gap: 16px; }
      .card { display: flex; gap: 16px; align-items: flex-start; border: 1px solid var(--line); border-radius: 10px;
        padding: 12px 14px; }
      .card .ring { flex: none; }
      .card .detail { flex: 1; min-width: 0; }
      article.space { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 4px 32px;
        padding: 12px 0; border-bottom: 1px solid var(--line); }
      article.space:last-child { border-bottom: 0; }
      article.space h4 { grid-column: 1 / -1; }
      article.space .bar { align-self: start; padding-top: 20px; }
      svg.progress-bar { display: block; width: 100%; height: auto; }
      table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
      table.breakdown { font-size: 13px; width: 100%; max-width: 360px; }
      table.breakdown th, table.breakdown td { padding: 1px 6px; text-align: right; font-weight: 400; }
      table.breakdown th:first-child { text-align: left; padding-left: 0; }
      table.breakdown thead th { color: var(--muted); font-size: 11px; text-transform: uppercase; letter-spacing: 0.05em; }
      table.breakdown tfoot th, table.breakdown tfoot td { border-top: 1px solid var(--line); font-weight: 700; }
      svg.swatch { vertical-align: -1px; }
      .retention { margin-top: 8px; font-size: 13px; }
      .retention .name { display: block; margin-bottom: 2px; }
      .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 16px; }
      figure.chart { margin: 0; }
      figure.chart svg { width: 100%; height: auto; }
      table.forecast { width: 100%; font-size: 14px; }
      table.forecast th, table.forecast td { padding: 6px 8px; text-align: left; vertical-align: top;
        border-bottom: 1px solid var(--line); }
      table.forecast thead th { color: var(--muted); font-size: 12px; text-transform: uppercase; }
      table.forecast tbody th { font-weight: 600; }
      .note { font-size: 13px; margin: -4px 0 8px; }
      .risk { color: #b91c1c; font-weight: 600; }
      .ok { color: #047857; font-weight: 600; }
      .insights ul { margin: 0; padding: 0; list-style: none; }
      .insight { margin: 0 0 6px; padding: 6px 10px; border-left: 4px solid var(--accent); background: #eff6ff;
        border-radius: 0 6px 6px 0; }
      .insight .kind { display: inline-block; min-width: 12em; color: #1e40af; font-size: 12px; font-weight: 700;
        text-transform: uppercase; letter-spacing: 0.04em; }
      section.rejected { margin: 24px 0; }
      section.rejected h2 { font-size: 18px; }
      section.rejected li { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; }
      .empty { margin: 32px 0; font-size: 18px; }
      footer.page { padding-bottom: 32px; color: var(--muted); font-size: 13px; }
      @media (max-width: 700px) { article.space { grid-template-columns: minmax(0, 1fr); } }
      @media print {
        * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { background: #ffffff; font-size: 10.5pt; }
        header.page { padding: 0 0 8pt; border: 0; }
        nav.toc, main, footer.page { max-width: none; padding: 0; }
        nav.toc { break-after: page; }
        nav.toc a { color: inherit; text-decoration: none; }
        section.user { margin: 0; padding: 0; border: 0; box-shadow: none; }
        section.user + section.user, section.rejected { break-before: page; }
        .card, article.space, figure.chart, table.forecast tr, .insight { break-inside: avoid; }
        .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); }
      }
      """;
}
