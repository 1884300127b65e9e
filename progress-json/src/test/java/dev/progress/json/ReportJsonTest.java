package dev.progress.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.core.Level;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import dev.progress.core.ProgressTracker;
import dev.progress.core.UserProgress;
import dev.progress.core.analytics.Analytics;
import dev.progress.core.analytics.AnalyticsReport;
import dev.progress.core.analytics.Forecast;
import dev.progress.core.analytics.Insight;
import dev.progress.core.analytics.Retention;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportJsonTest {
  private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
  private static final LocalDate DAY = LocalDate.parse("2026-11-01");

  @Test
  void round_fourDecimalsHalfUp_atLeastOneDecimal() {
    assertThat(ReportJson.round(58)).isEqualTo("58.0");
    assertThat(ReportJson.round(100)).isEqualTo("100.0");
    assertThat(ReportJson.round(0)).isEqualTo("0.0");
    assertThat(ReportJson.round(100.0 / 3)).isEqualTo("33.3333");
    assertThat(ReportJson.round(200.0 / 3)).isEqualTo("66.6667");
    assertThat(ReportJson.round(12.34565)).isEqualTo("12.3457"); // half even would say 12.3456
    assertThat(ReportJson.round(0.00005)).isEqualTo("0.0001");
    assertThat(ReportJson.round(0.00004999)).isEqualTo("0.0");
    assertThat(ReportJson.round(52.8)).isEqualTo("52.8");
  }

  /**
   * The example of section 11 of the model, value for value: analytics after skills, forecasts with the
   * deadline figures only where there is a deadline, null dates as JSON null, retention in each skill object, and
   * numbers rounded to 4 decimals like the rest of the report. One event (task t1 of s1 in g1, skill coding)
   * gives the progress: s1 task 100 -> 40; g1 .6 x 40 = 24; coding mastery 100 -> 40.
   */
  @Test
  void write_sectionElevenExample() throws IOException {
    UserProgress u1 = oneTaskUser();
    AnalyticsReport analytics = new AnalyticsReport(
        new Analytics(ZoneOffset.UTC, DAY,
            new Analytics.TimeSpent(DAY, Collections.nCopies(7, 0.0), Collections.nCopies(4, 0.0),
                Collections.nCopies(6, 0.0)),
            62.5, 5, 8, List.of("coding"), List.of("math"), new Analytics.Streak(3, 9)),
        List.of(
            new Forecast(ProgressKey.goal("u1", "g1"), DAY, 24, List.of(0.0, 1.0), null, null, null, null, null,
                null),
            new Forecast(ProgressKey.space("u1", "s1"), DAY, 40, List.of(5.0, 5.0, 5.0),
                LocalDate.parse("2026-11-12"), LocalDate.parse("2026-11-15"), LocalDate.parse("2026-11-18"),
                LocalDate.parse("2026-11-20"), 0.97, 100.0)),
        List.of(new Retention("coding", 83.1, 6, LocalDate.parse("2026-10-28"), 14.2, 4.5)),
        List.of(new Insight(Insight.Kind.NEAR_COMPLETION, Level.SPACE, "s1", "s1 is at 92%: 8 points to go")));

    String json = write(new Report(NOW, 1, 0, List.of(), List.of(u1), Map.of("u1", analytics)));

    assertThat(json).isEqualTo("""
        {
          "asOf": "2026-11-01T12:00:00Z",
          "accepted": 1,
          "duplicates": 0,
          "rejected": [],
          "users": [
            {
              "userId": "u1",
              "spaces": [
                {
                  "spaceId": "s1",
                  "goalId": "g1",
                  "total": 40.0,
                  "components": {
                    "task": 100.0,
                    "time": 0.0,
                    "milestone": 0.0,
                    "interaction": 0.0
                  }
                }
              ],
              "goals": [
                {
                  "goalId": "g1",
                  "total": 24.0,
                  "components": {
                    "spaces": 40.0,
                    "milestones": 0.0,
                    "extra": 0.0
                  }
                }
              ],
              "skills": [
                {
                  "skill": "coding",
                  "total": 40.0,
                  "components": {
                    "practice": 0.0,
                    "mastery": 100.0,
                    "peerReview": 0.0
                  },
                  "retention": 83.1
                }
              ],
              "analytics": {
                "zone": "UTC",
                "timeSpent": {
                  "daily": [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                  "weekly": [0.0, 0.0, 0.0, 0.0],
                  "monthly": [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
                },
                "completionRate": 62.5,
                "strongestAreas": ["coding"],
                "improvementAreas": ["math"],
                "streak": {
                  "current": 3,
                  "longest": 9
                }
              },
              "forecasts": {
                "spaces": [
                  {
                    "spaceId": "s1",
                    "p50": "2026-11-12",
                    "p85": "2026-11-15",
                    "p95": "2026-11-18",
                    "deadline": "2026-11-20",
                    "onTrack": 0.97,
                    "expectedAtDeadline": 100.0
                  }
                ],
                "goals": [
                  {
                    "goalId": "g1",
                    "p50": null,
                    "p85": null,
                    "p95": null
                  }
                ]
              },
              "insights": [
                {
                  "kind": "near_completion",
                  "level": "space",
                  "subject": "s1",
                  "message": "s1 is at 92%: 8 points to go"
                }
              ]
            }
          ]
        }
        """.replace("[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]", arrayOf(7))
        .replace("[0.0, 0.0, 0.0, 0.0]", arrayOf(4))
        .replace("[0.0, 0.0, 0.0, 0.0, 0.0, 0.0]", arrayOf(6))
        .replace("[\"coding\"]", "[\n          \"coding\"\n        ]")
        .replace("[\"math\"]", "[\n          \"math\"\n        ]"));
  }

  /**
   * Numbers of section 11 are rounded like the rest (half up to 4 decimals, one decimal at least); a skill
   * never practised has retention null; insights about the user as a whole have null level and subject; a zone
   * other than UTC is written by its id; empty lists are empty arrays.
   */
  @Test
  void write_roundsNumbers_nullRetention_userLevelInsight_zoneId() throws IOException {
    UserProgress u1 = oneTaskUser();
    ZoneId kathmandu = ZoneId.of("Asia/Kathmandu");
    AnalyticsReport analytics = new AnalyticsReport(
        new Analytics(kathmandu, DAY,
            new Analytics.TimeSpent(DAY, List.of(0.0, 0.0, 0.0, 0.0, 0.0, 12.345678, 100.0 / 3),
                List.of(0.0, 0.0, 0.0, 45.67891), List.of(0.0, 0.0, 0.0, 0.0, 0.0, 1.0)),
            200.0 / 3, 2, 3, List.of(), List.of(), new Analytics.Streak(0, 1)),
        List.of(new Forecast(ProgressKey.space("u1", "s1"), DAY, 40, List.of(), null, null, null,
            LocalDate.parse("2026-10-01"), 0.0, 40.0)),
        List.of(),
        List.of(new Insight(Insight.Kind.INACTIVE, null, null, "Nothing in the last 7 days")));

    String json = write(new Report(NOW, 1, 0, List.of(), List.of(u1), Map.of("u1", analytics)));

    assertThat(json)
        .contains("\"retention\": null\n")
        .contains("\"zone\": \"Asia/Kathmandu\"")
        .contains("12.3457,\n            33.3333\n")
        .contains("45.6789\n")
        .contains("\"completionRate\": 66.6667,")
        .contains("\"strongestAreas\": [],")
        .contains("\"deadline\": \"2026-10-01\",\n            \"onTrack\": 0.0,\n"
            + "            \"expectedAtDeadline\": 40.0\n")
        .contains("\"goals\": []\n")
        .contains("\"kind\": \"inactive\",\n          \"level\": null,\n          \"subject\": null,");
  }

  /** A user without analytics in the report is written as section 6 alone, as before analytics existed. */
  @Test
  void write_userWithoutAnalytics_hasNoSectionElevenKeys() throws IOException {
    String json = write(new Report(NOW, 1, 0, List.of(), List.of(oneTaskUser())));

    assertThat(json).doesNotContain("retention").doesNotContain("analytics").doesNotContain("forecasts")
        .doesNotContain("insights").endsWith("\"peerReview\": 0.0\n          }\n        }\n      ]\n    }\n  ]\n}\n");
  }

  @Test
  void report_analyticsOfAUserNotInTheReport_isRefused() {
    UserProgress u1 = oneTaskUser();
    AnalyticsReport none = new AnalyticsReport(
        new Analytics(ZoneOffset.UTC, DAY, new Analytics.TimeSpent(DAY, Collections.nCopies(7, 0.0),
            Collections.nCopies(4, 0.0), Collections.nCopies(6, 0.0)), 0, 0, 0, List.of(), List.of(),
            new Analytics.Streak(0, 0)), List.of(), List.of(), List.of());

    assertThatThrownBy(() -> new Report(NOW, 1, 0, List.of(), List.of(u1), Map.of("ana", none)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("analytics of user 'ana', who is not among the report's users");
    Report report = new Report(NOW, 1, 0, List.of(), List.of(u1)).withAnalytics(Map.of("u1", none));
    assertThat(report.analyticsOf("u1")).isEqualTo(none);
    assertThat(report.analyticsOf("ana")).isNull();
  }

  /** Report.of asks the tracker for every user's analytics, as of its clock, in its zone. */
  @Test
  void of_addsEveryUsersAnalytics_asOfTheTrackersClock() {
    ProgressTracker tracker = ProgressTracker.builder().clock(InstantSource.fixed(NOW))
        .zone(ZoneId.of("Europe/Paris")).build();
    tracker.track(ProgressEvent.builder().id("t").user("u1").space("s1").type("time").value(30)
        .at(Instant.parse("2026-10-31T23:30:00Z")).build());

    Report report = Report.of(NOW, new EventLog.Summary(1, 0, List.of(), 0), tracker);

    Analytics a = report.analyticsOf("u1").analytics();
    assertThat(a.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
    // 23:30 UTC on 31 October is 00:30 on 1 November in Paris: today's bar, not yesterday's
    assertThat(a.timeSpent().daily()).containsExactly(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 30.0);
  }

  private static UserProgress oneTaskUser() {
    ProgressTracker tracker = ProgressTracker.builder().clock(InstantSource.fixed(NOW)).build();
    tracker.track(ProgressEvent.builder().id("e1").user("u1").space("s1").goal("g1").type("task").item("t1")
        .value(100).metadata(Map.of("skill", "coding")).at(Instant.parse("2026-10-01T10:00:00Z")).build());
    return tracker.userProgress("u1");
  }

  /** A pretty-printed array of n zeros, as the writer lays it out at the depth of timeSpent's arrays. */
  private static String arrayOf(int n) {
    return "[\n" + String.join(",\n", Collections.nCopies(n, "            0.0")) + "\n          ]";
  }

  private static String write(Report report) throws IOException {
    StringWriter out = new StringWriter();
    ReportJson.write(report, out);
    return out.toString();
  }
}
