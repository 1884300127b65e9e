package dev.progress.examples.cli;

import static dev.progress.examples.cli.Cli.assertSameJson;
import static dev.progress.examples.cli.Cli.json;
import static dev.progress.examples.cli.Cli.run;
import static dev.progress.examples.cli.Cli.runWithStdin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.progress.core.InMemoryProgressStore;
import dev.progress.core.ProgressTracker;
import dev.progress.json.EventLog;
import dev.progress.json.ProgressJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sections of model section 11 in {@code report} and {@code show}, in every format, on a small log computed
 * by hand: ana completes one of algebra's 10 planned tasks and spends 30 of its 600 planned minutes on each of 5
 * days (1 to 5 October 2026, 10:00 UTC), the clock being 5 October 20:00 UTC.
 *
 * <p>By hand: algebra = .4 x task 50 + .2 x time 25 = 25, gaining 4 + 1 = 5 points every day; math-101 = .6 x 25
 * = 15, gaining 3 a day. A steady gain forecasts exactly: algebra needs 75 / 5 = 15 days, so 20 October;
 * math-101 needs ceil(85 / 3) = 29 days, so 3 November. Deadlines: algebra's 15 October is 5 days short (no run
 * makes it: onTrack 0; expected 25 + 5 x 10 = 75), math-101's 1 November too (expected 15 + 3 x 27 = 96). Time
 * per day, 29 September to 5 October: 0, 0, 30, 30, 30, 30, 30; per ISO week (5 October is a Monday): 0, 0, 120,
 * 30; per month, May to October: 0, 0, 0, 0, 0, 150. Five active days in a row: streak 5, longest 5. All 5 task
 * items complete: 100%. Insights: both deadlines at risk, pace up (150 minutes, after 0), streak alive.
 */
class AnalyticsCommandsTest {
  static final String AS_OF = "2026-10-05T20:00:00Z";
  static final String PLAN = """
      {"spaces": [{"spaceId": "algebra", "goalId": "math-101", "tasks": 10, "targetMinutes": 600,
                   "deadline": "2026-10-15"}],
       "goals":  [{"goalId": "math-101", "spaces": ["algebra"], "deadline": "2026-11-01"}]}
      """;
  static final List<String> LINES = lines();

  @TempDir Path dir;

  private static List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (int d = 1; d <= 5; d++) {
      String at = "2026-10-0" + d + "T10:00:00Z";
      lines.add("{\"id\":\"t" + d + "\",\"userId\":\"ana\",\"spaceId\":\"algebra\",\"itemId\":\"t" + d
          + "\",\"type\":\"task\",\"value\":100,\"timestamp\":\"" + at + "\",\"metadata\":{\"skill\":\"math\"}}");
      lines.add("{\"id\":\"m" + d + "\",\"userId\":\"ana\",\"spaceId\":\"algebra\",\"type\":\"time\",\"value\":30,"
          + "\"timestamp\":\"" + at + "\",\"metadata\":{\"skill\":\"math\"}}");
    }
    return List.copyOf(lines);
  }

  @Test
  void report_json_sectionElevenOnAHandComputedLog() throws IOException {
    Cli.Run run = run("report", "--events", file("events.jsonl", LINES), "--plan", plan(), "--as-of", AS_OF);

    assertThat(run.status()).as(run.err()).isZero();
    JsonNode ana = run.json().get("users").get(0);
    assertThat(ana.get("skills").get(0).get("retention").asText()).as("practised today").isEqualTo("100.0");
    assertSameJson(ana.get("analytics"), json("""
        {"zone": "UTC",
         "timeSpent": {"daily": [0.0, 0.0, 30.0, 30.0, 30.0, 30.0, 30.0], "weekly": [0.0, 0.0, 120.0, 30.0],
                       "monthly": [0.0, 0.0, 0.0, 0.0, 0.0, 150.0]},
         "completionRate": 100.0, "strongestAreas": ["math"], "improvementAreas": [],
         "streak": {"current": 5, "longest": 5}}
        """));
    assertSameJson(ana.get("forecasts"), json("""
        {"spaces": [{"spaceId": "algebra", "p50": "2026-10-20", "p85": "2026-10-20", "p95": "2026-10-20",
                     "deadline": "2026-10-15", "onTrack": 0.0, "expectedAtDeadline": 75.0}],
         "goals":  [{"goalId": "math-101", "p50": "2026-11-03", "p85": "2026-11-03", "p95": "2026-11-03",
                     "deadline": "2026-11-01", "onTrack": 0.0, "expectedAtDeadline": 96.0}]}
        """));
    List<String> insights = new ArrayList<>();
    for (JsonNode i : ana.get("insights")) {
      insights.add(i.get("kind").asText() + " " + i.get("level").asText() + " " + i.get("subject").asText());
    }
    assertThat(insights).containsExactly("deadline_at_risk goal math-101", "deadline_at_risk space algebra",
        "pace_up null null", "streak_alive null null");
    assertThat(ana.get("insights").get(3).get("message").asText()).isEqualTo("You have been active 5 days in a row");
    List<String> keys = new ArrayList<>();
    ana.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("userId", "spaces", "goals", "skills", "analytics", "forecasts", "insights");
  }

  @Test
  void report_text_timePerDayBars_streak_forecastDates_deadlines_insightsAsSentences() throws IOException {
    Cli.Run run = run("report", "--events", file("events.jsonl", LINES), "--plan", plan(), "--as-of", AS_OF,
        "--format", "text");

    assertThat(run.status()).as(run.err()).isZero();
    String full = "█".repeat(24);
    String empty = "░".repeat(24);
    assertThat(run.out()).contains(String.join("\n",
        "  Time spent per day (days in UTC)",
        "    Tue 29  " + empty + "   0 min",
        "    Wed 30  " + empty + "   0 min",
        "    Thu 1   " + full + "  30 min",
        "    Fri 2   " + full + "  30 min",
        "    Sat 3   " + full + "  30 min",
        "    Sun 4   " + full + "  30 min",
        "    Mon 5   " + full + "  30 min",
        "  Time spent per week   ▁▁█▃  0, 0, 120, 30 min (weeks from 2026-09-14 to 2026-10-05)",
        "  Time spent per month  ▁▁▁▁▁█  0, 0, 0, 0, 0, 150 min (2026-05 to 2026-10)",
        "  Completion  5 of 5 task items completed: 100%",
        "  Streak      5 days in a row (longest 5 days)",
        "  Strongest   math",
        "  Retention (how much of each skill is still remembered)",
        "    math  " + full + " 100.0%  last practised 2026-10-05, 5 practice days",
        "  Forecasts (the dates by which half, 85% and 95% of 2000 simulated futures reach 100%)",
        "    algebra (space)   25.0% now  -> 2026-10-20 / 2026-10-20 / 2026-10-20",
        "        deadline 2026-10-15: at risk, 0% of futures make it; 75% expected by then",
        "    math-101 (goal)   15.0% now  -> 2026-11-03 / 2026-11-03 / 2026-11-03",
        "        deadline 2026-11-01: at risk, 0% of futures make it; 96% expected by then",
        "  Insights",
        "    - math-101 may miss its deadline of 2026-11-01: 0% of forecast runs make it.",
        "    - algebra may miss its deadline of 2026-10-15: 0% of forecast runs make it.",
        "    - Your time rose to 2 hours 30 minutes in the last 7 days, from 0 minutes in the 7 days before.",
        "    - You have been active 5 days in a row.\n"));
  }

  @Test
  void report_html_containsEverySection() throws IOException {
    Path page = dir.resolve("report.html");
    Cli.Run run = run("report", "--events", file("events.jsonl", LINES), "--plan", plan(), "--as-of", AS_OF,
        "--format", "html", "--out", page.toString());

    assertThat(run.status()).as(run.err()).isZero();
    String html = Files.readString(page, StandardCharsets.UTF_8);
    assertThat(html)
        .contains("<h3>Insights</h3>", "You have been active 5 days in a row",
            "algebra may miss its deadline of 2026-10-15")
        .contains("<h3>Time spent</h3>", "Time spent per day", "Time spent per week", "Time spent per month",
            "Thursday 1 October 2026")
        .contains("<h3>Progress over time</h3>")
        .contains("<h3>Forecasts</h3>", "<time datetime=\"2026-10-20\">", "<time datetime=\"2026-11-03\">",
            "<time datetime=\"2026-10-15\">", "<time datetime=\"2026-11-01\">", "at risk: 0% of futures make it",
            "expected then: 75%", "expected then: 96%")
        .contains("Retention <strong>100%</strong>", "last practised 5 Oct 2026")
        .doesNotContain("<script", "src=", "url(");
    assertThat(html.indexOf("<h3>Insights</h3>")).isLessThan(html.indexOf("<h3>Forecasts</h3>"));
  }

  /**
   * The same events in reverse order: the report's tracker keeps no events, so for ana it cannot rebuild the
   * forecasts' past days itself (shown below); the command reads the log a second time for her alone, into a
   * tracker that keeps events, and prints exactly what the sorted log gives, in every format. Ben's events are
   * in order and need no second pass. From standard input too, which is spooled to a temporary file.
   */
  @Test
  void report_eventsOutOfTimestampOrder_secondPass_sameOutputAsTheSortedLog() throws IOException {
    List<String> sorted = new ArrayList<>(LINES);
    sorted.add("{\"id\":\"b1\",\"userId\":\"ben\",\"spaceId\":\"algebra\",\"type\":\"time\",\"value\":20,"
        + "\"timestamp\":\"2026-10-04T09:00:00Z\"}");
    List<String> reversed = new ArrayList<>(LINES);
    Collections.reverse(reversed);
    reversed.add(sorted.get(sorted.size() - 1));
    String inOrder = file("sorted.jsonl", sorted);
    String outOfOrder = file("reversed.jsonl", reversed);

    ProgressTracker snapshotsOnly = ProgressTracker.builder().plan(ProgressJson.readPlan(PLAN))
        .clock(InstantSource.fixed(Instant.parse(AS_OF))).store(InMemoryProgressStore.snapshotsOnly()).build();
    EventLog.into(snapshotsOnly).build().read(new ByteArrayInputStream(
        String.join("\n", reversed).getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> snapshotsOnly.analytics("ana")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("came out of timestamp order");

    for (String format : List.of("json", "text", "html")) {
      Cli.Run expected = run("report", "--events", inOrder, "--plan", plan(), "--as-of", AS_OF, "--format", format);
      Cli.Run actual = run("report", "--events", outOfOrder, "--plan", plan(), "--as-of", AS_OF, "--format", format);
      Cli.Run stdin = runWithStdin(String.join("\n", reversed) + "\n", "report", "--events", "-", "--plan", plan(),
          "--as-of", AS_OF, "--format", format);

      assertThat(expected.status()).as(expected.err()).isZero();
      assertThat(actual.err()).isEmpty();
      assertThat(actual.out()).as(format).isEqualTo(expected.out());
      assertThat(stdin.out()).as(format + " from standard input").isEqualTo(expected.out());
    }
    assertThat(run("report", "--events", outOfOrder, "--plan", plan(), "--as-of", AS_OF).out())
        .contains("\"p50\": \"2026-10-20\"");
  }

  /** Events later than --as-of stay ignored in the second pass too, and rejected lines count once. */
  @Test
  void report_secondPass_honoursAsOf_andKeepsTheFirstPassCounts() throws IOException {
    List<String> reversed = new ArrayList<>(LINES);
    Collections.reverse(reversed);
    reversed.add(0, "{\"id\":\"late\",\"userId\":\"ana\",\"spaceId\":\"algebra\",\"type\":\"time\",\"value\":500,"
        + "\"timestamp\":\"2026-10-06T10:00:00Z\"}");
    reversed.add("{\"id\":\"bad\",\"userId\":\"ana\",\"spaceId\":\"algebra\",\"type\":\"time\",\"value\":-1,"
        + "\"timestamp\":\"2026-10-02T10:00:00Z\"}");

    Cli.Run run = run("report", "--events", file("late.jsonl", reversed), "--plan", plan(), "--as-of", AS_OF);

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.json().get("accepted").asLong()).isEqualTo(10);
    assertThat(run.json().get("rejected")).hasSize(1);
    JsonNode ana = run.json().get("users").get(0);
    assertThat(ana.get("analytics").get("timeSpent").get("monthly").get(5).asText()).isEqualTo("150.0");
    assertThat(ana.get("forecasts").get("spaces").get(0).get("p50").asText()).isEqualTo("2026-10-20");
  }

  /**
   * Without --as-of the clock is now ({@code Cli.NOW}), and events up to 5 minutes after it are accepted: they
   * count towards the figures but towards no analytics (model section 7), which are those of the log without
   * them. The report's tracker keeps no events to leave out, so those users get the second pass.
   */
  @Test
  void report_eventsWithinTheSkewAfterNow_countTowardsFiguresNotAnalytics() throws IOException {
    List<String> upToNow = List.of(
        "{\"id\":\"a1\",\"userId\":\"ana\",\"spaceId\":\"algebra\",\"type\":\"time\",\"value\":30,"
            + "\"timestamp\":\"2026-10-30T10:00:00Z\",\"metadata\":{\"skill\":\"math\"}}",
        "{\"id\":\"a2\",\"userId\":\"ana\",\"spaceId\":\"algebra\",\"itemId\":\"t1\",\"type\":\"task\","
            + "\"value\":50,\"timestamp\":\"2026-10-31T10:00:00Z\",\"metadata\":{\"skill\":\"math\"}}");
    List<String> withLate = new ArrayList<>(upToNow);
    withLate.add("{\"id\":\"l1\",\"userId\":\"ana\",\"spaceId\":\"algebra\",\"type\":\"time\",\"value\":45,"
        + "\"timestamp\":\"2026-11-01T12:02:00Z\",\"metadata\":{\"skill\":\"math\"}}");
    withLate.add("{\"id\":\"l2\",\"userId\":\"ana\",\"spaceId\":\"algebra\",\"itemId\":\"t1\",\"type\":\"task\","
        + "\"value\":100,\"timestamp\":\"2026-11-01T12:02:00Z\",\"metadata\":{\"skill\":\"math\"}}");

    Cli.Run expected = run("report", "--events", file("up-to-now.jsonl", upToNow), "--plan", plan());
    Cli.Run actual = run("report", "--events", file("with-late.jsonl", withLate), "--plan", plan());

    assertThat(actual.status()).as(actual.err()).isZero();
    assertThat(actual.json().get("asOf").asText()).isEqualTo(Cli.NOW.toString());
    assertThat(actual.json().get("accepted").asLong()).isEqualTo(4);
    JsonNode ana = actual.json().get("users").get(0);
    JsonNode before = expected.json().get("users").get(0);
    assertSameJson(ana.get("analytics"), before.get("analytics"));
    assertThat(ana.get("analytics").get("timeSpent").get("daily").get(6).asDouble()).isEqualTo(0.0);
    assertThat(ana.get("analytics").get("completionRate").asDouble()).isEqualTo(0.0);
    assertSameJson(ana.get("forecasts"), before.get("forecasts"));
    assertThat(ana.get("spaces").get(0).get("components").get("task").asDouble()).as("figures count them")
        .isEqualTo(10.0); // t1 complete, of 10 planned tasks
  }

  /**
   * --zone sets the calendar of the analytics: 23:30 UTC on 5 October is 01:30 on 6 October in Paris (UTC+2),
   * so that time falls on the next day, which is T's day there; in UTC it is still 5 October.
   */
  @Test
  void report_zone_movesEventsAcrossMidnight() throws IOException {
    String log = file("late.jsonl", List.of("{\"id\":\"n\",\"userId\":\"ana\",\"spaceId\":\"s\",\"type\":\"time\","
        + "\"value\":40,\"timestamp\":\"2026-10-05T23:30:00Z\"}"));

    JsonNode utc = run("report", "--events", log, "--as-of", "2026-10-06T08:00:00Z").json();
    JsonNode paris = run("report", "--events", log, "--as-of", "2026-10-06T08:00:00Z", "--zone", "Europe/Paris")
        .json();

    JsonNode utcAnalytics = utc.get("users").get(0).get("analytics");
    JsonNode parisAnalytics = paris.get("users").get(0).get("analytics");
    assertThat(utcAnalytics.get("zone").asText()).isEqualTo("UTC");
    assertThat(parisAnalytics.get("zone").asText()).isEqualTo("Europe/Paris");
    assertThat(utcAnalytics.get("timeSpent").get("daily").get(5).asDouble()).isEqualTo(40.0);
    assertThat(utcAnalytics.get("timeSpent").get("daily").get(6).asDouble()).isEqualTo(0.0);
    assertThat(parisAnalytics.get("timeSpent").get("daily").get(6).asDouble()).isEqualTo(40.0);
    assertThat(utcAnalytics.get("streak").get("current").asInt()).as("yesterday counts").isEqualTo(1);
  }

  @Test
  void report_planWithABadDeadline_exitsTwoNamingThePlace() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.json"), PLAN.replace("2026-11-01", "2026-11-31"));

    Cli.Run run = run("report", "--events", file("events.jsonl", LINES), "--plan", bad.toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("invalid plan " + bad + ": goals[0].deadline \"2026-11-31\" is not a date; "
        + "write it like 2026-12-01");
  }

  /**
   * {@code show} asks a tracker on the database (which keeps events, so out-of-order events are no problem) for
   * the analytics as of now, with the plan given; {@code show --as-of} replays into a tracker that keeps events.
   * Both print what {@code report} prints for the same log, clock and plan.
   */
  @Test
  void show_analyticsFromTheDatabase_sameAsReport() throws IOException {
    String db = "jdbc:h2:" + dir.resolve("progress").toAbsolutePath();
    List<String> reversed = new ArrayList<>(LINES);
    Collections.reverse(reversed);
    String log = file("reversed.jsonl", reversed);
    assertThat(run("import", "--events", log, "--plan", plan(), "--db", db).status()).isZero();

    for (String format : List.of("json", "text", "html")) {
      Cli.Run asOf = run("show", "--db", db, "--plan", plan(), "--as-of", AS_OF, "--format", format);
      Cli.Run report = run("report", "--events", log, "--plan", plan(), "--as-of", AS_OF, "--format", format);
      assertThat(asOf.err()).isEmpty();
      assertThat(asOf.out()).as(format).isEqualTo(report.out());
    }
    Cli.Run now = run("show", "--db", db, "--plan", plan(), "--zone", "Asia/Kolkata");
    Cli.Run reportNow = run("report", "--events", log, "--plan", plan(), "--zone", "Asia/Kolkata");
    assertThat(now.status()).as(now.err()).isZero();
    assertSameJson(now.json().get("users"), reportNow.json().get("users"));
    JsonNode ana = now.json().get("users").get(0);
    assertThat(ana.get("analytics").get("zone").asText()).isEqualTo("Asia/Kolkata");
    // now is 1 November: nothing for 27 days, so the streak is over and ana is inactive
    assertThat(ana.get("analytics").get("streak").get("current").asInt()).isZero();
    assertThat(ana.get("insights").findValuesAsText("kind")).contains("inactive");
  }

  private String plan() throws IOException {
    Path file = dir.resolve("plan.json");
    if (!Files.exists(file)) {
      Files.writeString(file, PLAN, StandardCharsets.UTF_8);
    }
    return file.toString();
  }

  private String file(String name, List<String> lines) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file.toString();
  }
}
