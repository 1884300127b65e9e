package dev.progress.view;

import dev.progress.core.Component;
import dev.progress.core.Level;
import dev.progress.core.Progress;
import dev.progress.core.ProgressKey;
import dev.progress.core.UserProgress;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * Fixed inputs for the renderers, built by hand so that their numbers do not depend on the engine: figures as in
 * the model's examples, every optional section, five users (so the report has a table of contents) and one user
 * whose ids are hostile (markup, quotes, ampersands, a right-to-left override, a control character, an emoji).
 */
final class ViewFixtures {
  static final Instant AS_OF = Instant.parse("2026-10-31T00:00:00Z");
  static final LocalDate TODAY = LocalDate.parse("2026-10-30");

  /** A user id that is markup in every context it could land in. */
  static final String HOSTILE_USER = "<script>alert(\"x&y\")</script>' onload='x";
  static final String HOSTILE_SPACE = "a'b\"c<d>&e</svg><img src=x>";
  static final String HOSTILE_GOAL = "\u202Egoal-rtl & <b>";
  static final String HOSTILE_SKILL = "ctl\u0001\u001b[2J 🚀 <i>";

  private ViewFixtures() {}

  static Progress space(String user, String id, String goal, double task, double time, double milestone,
      double interaction) {
    List<Component> components = List.of(new Component("task", task, 0.4), new Component("time", time, 0.2),
        new Component("milestone", milestone, 0.3), new Component("interaction", interaction, 0.1));
    return new Progress(ProgressKey.space(user, id), goal, total(components), components);
  }

  static Progress goal(String user, String id, double spaces, double milestones, double extra) {
    List<Component> components = List.of(new Component("spaces", spaces, 0.6),
        new Component("milestones", milestones, 0.3), new Component("extra", extra, 0.1));
    return new Progress(ProgressKey.goal(user, id), null, total(components), components);
  }

  static Progress skill(String user, String id, double practice, double mastery, double peerReview) {
    List<Component> components = List.of(new Component("practice", practice, 0.4),
        new Component("mastery", mastery, 0.4), new Component("peerReview", peerReview, 0.2));
    return new Progress(ProgressKey.skill(user, id), null, total(components), components);
  }

  private static double total(List<Component> components) {
    double sum = 0;
    for (Component c : components) {
      sum += c.contribution();
    }
    return Math.min(100, sum);
  }

  /** ana: the model's section 6 example and more, with every analytics section. */
  static UserView ana() {
    UserProgress progress = new UserProgress("ana",
        List.of(space("ana", "html-css", "web-developer", 100, 75, 66.6667, 80),
            space("ana", "javascript", "web-developer", 50, 100, 33.3333, 80),
            space("ana", "portfolio", "web-developer", 0, 0, 0, 0)),
        List.of(goal("ana", "web-developer", 47, 50, 30)),
        List.of(skill("ana", "coding", 10, 50, 0), skill("ana", "design", 60, 75, 80)));
    return UserView.of(progress)
        .withTimeSpent(List.of(
            TimeSpentChart.daily(TODAY, List.of(30.0, 0.0, 45.0, 90.0, 20.0, 0.0, 62.5)),
            TimeSpentChart.weekly(TODAY, List.of(120.0, 300.0, 95.0, 247.5)),
            TimeSpentChart.monthly(YearMonth.from(TODAY), List.of(0.0, 0.0, 0.0, 0.0, 610.0, 1240.0))))
        .withHistory(List.of(
            ProgressOverTime.fromDailyTotals("web-developer", TODAY.minusDays(9),
                List.of(5.0, 9.5, 14.0, 20.0, 26.5, 30.0, 36.0, 41.0, 45.5, 52.8)),
            ProgressOverTime.fromDailyTotals("javascript", TODAY.minusDays(4), List.of(20.0, 20.0, 35.0, 50.0, 58.0))))
        .withForecasts(List.of(
            ForecastView.of("web-developer", Level.GOAL, TODAY, 52.8,
                    LocalDate.parse("2026-11-12"), LocalDate.parse("2026-11-15"), LocalDate.parse("2026-11-18"))
                .withDeadline(LocalDate.parse("2026-11-20"), 0.97, 100),
            ForecastView.of("javascript", Level.SPACE, TODAY, 58, LocalDate.parse("2026-11-08"),
                    LocalDate.parse("2026-11-20"), null)
                .withDeadline(LocalDate.parse("2026-11-05"), 0.2, 81.25),
            ForecastView.of("portfolio", Level.SPACE, TODAY, 0, null, null, null),
            ForecastView.of("html-css", Level.SPACE, TODAY, 83, TODAY.plusDays(1), TODAY.plusDays(1),
                TODAY.plusDays(2))))
        .withRetention(List.of(new SkillRetention("coding", 83.1, LocalDate.parse("2026-10-29")),
            SkillRetention.of("design", 41.5)))
        .withInsights(List.of(
            new InsightView("deadline_at_risk", "space", "javascript",
                "javascript may miss its deadline of 5 Nov 2026: 20% of forecasts make it."),
            new InsightView("skill_fading", "skill", "design", "design is fading: 41.5% retained; practise it soon."),
            new InsightView("streak_alive", null, null, "A 5-day streak: keep it going today.")));
  }

  /** A user whose every id is hostile, with retention and an insight naming them. */
  static UserView hostile() {
    UserProgress progress = new UserProgress(HOSTILE_USER,
        List.of(space(HOSTILE_USER, HOSTILE_SPACE, HOSTILE_GOAL, 100, 100, 100, 100)),
        List.of(goal(HOSTILE_USER, HOSTILE_GOAL, 100, 0, 0)),
        List.of(skill(HOSTILE_USER, HOSTILE_SKILL, 25, 0, 50)));
    return UserView.of(progress)
        .withRetention(List.of(SkillRetention.of(HOSTILE_SKILL, 100)))
        .withHistory(List.of(ProgressOverTime.fromDailyTotals(HOSTILE_SPACE, TODAY, List.of(100.0))))
        .withInsights(List.of(new InsightView("completed", "space", HOSTILE_SPACE,
            HOSTILE_SPACE + " is complete </li><li>")));
  }

  /** A user with one small space and nothing else. */
  static UserView small(String user, double task) {
    return UserView.of(new UserProgress(user, List.of(space(user, "intro", null, task, 0, 0, 0)), List.of(),
        List.of()));
  }

  /** Five users: ana, the hostile one, and three small ones. */
  static ReportView report() {
    List<UserView> users = new ArrayList<>();
    users.add(ana());
    users.add(small("ben", 25));
    users.add(small("chen", 100));
    users.add(small("dana", 0));
    users.add(hostile());
    return new ReportView("Progress report", AS_OF,
        List.of("312 events accepted", "2 duplicates", "2 lines rejected"), users,
        List.of("line 26: value 140 is out of range 0..100 for type task",
            "line 61: not valid JSON: <unexpected> & \"odd\""));
  }
}
