package dev.progress.examples.cli;

import static dev.progress.examples.cli.Cli.assertSameJson;
import static dev.progress.examples.cli.Cli.json;
import static dev.progress.examples.cli.Cli.run;
import static dev.progress.examples.cli.Cli.runWithStdin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progress.json.EventLog;
import dev.progress.json.EventReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code progress report} end to end, in-process: the JSON of section 6 of the model checked against values
 * computed by hand, hostile lines, duplicates and conflicts, the clock and {@code --as-of}, plans and the exit
 * status.
 */
class ReportCommandTest {
  @TempDir Path dir;

  /** The events behind the report example of section 6 of the model, with a blank line and a duplicate. */
  static final String SPEC_EVENTS = """
      {"id":"e1","userId":"u1","spaceId":"s1","itemId":"t1","type":"task","value":100,"timestamp":"2026-10-01T10:00:00Z","metadata":{"skill":"coding"}}
      {"id":"e2","userId":"u1","spaceId":"s1","itemId":"t2","type":"task","value":100,"timestamp":"2026-10-01T10:00:00Z","metadata":{"skill":"coding"}}
      {"id":"e3","userId":"u1","spaceId":"s1","itemId":"t3","type":"task","value":50,"timestamp":"2026-10-01T10:00:00Z","metadata":{"skill":"coding"}}

      {"id":"e4","userId":"u1","spaceId":"s1","itemId":"t4","type":"task","value":40,"timestamp":"2026-10-01T10:00:00Z","metadata":{"skill":"coding"}}
      {"id":"e5","userId":"u1","spaceId":"s1","type":"time","value":60,"timestamp":"2026-10-01T10:00:00Z","metadata":{"skill":"coding"}}
      {"id":"e6","userId":"u1","spaceId":"s1","itemId":"m1","type":"milestone","value":100,"timestamp":"2026-10-01T10:00:00Z"}
      {"id":"e7","userId":"u1","spaceId":"s1","type":"interaction","value":80,"timestamp":"2026-10-01T10:00:00Z"}
      {"id":"e8","userId":"u1","goalId":"g1","itemId":"gm1","type":"milestone","value":100,"timestamp":"2026-10-01T10:00:00Z"}
      {"id":"e9","userId":"u1","goalId":"g1","type":"extra","value":3,"timestamp":"2026-10-01T10:00:00Z"}
      {"id":"e9","userId":"u1","goalId":"g1","type":"extra","value":3,"timestamp":"2026-10-01T10:00:00Z"}
      {"id":"e10","userId":"u1","spaceId":"s1","itemId":"t5","type":"task","value":140,"timestamp":"2026-10-01T10:00:00Z"}
      """;

  static final String SPEC_PLAN = """
      {"spaces": [{"spaceId": "s1", "goalId": "g1", "tasks": 4, "milestones": 3, "targetMinutes": 60}],
       "goals":  [{"goalId": "g1", "spaces": ["s1"], "milestones": 2}],
       "skills": [{"skill": "coding", "targetPracticeMinutes": 600}]}
      """;

  /**
   * By hand: s1 task 2 of 4 planned = 50, time 60 of 60 min = 100, milestone 1 of 3 = 33.3333, interaction 80;
   * total .4x50 + .2x100 + .3x33.33 + .1x80 = 58. g1 spaces mean(58), milestones 1 of 2 = 50, extra 3x10 = 30;
   * total .6x58 + .3x50 + .1x30 = 52.8. coding practice 60 of 600 = 10, mastery 2 of 4 medium tasks = 4/8 = 50,
   * peerReview 0; total .4x10 + .4x50 = 24. Line 4 is blank, line 11 is the duplicate, line 12 is out of range.
   * Section 11, everything on 1 October and T the start of 1 November: no time in the 7 days or 4 weeks ending
   * with T's, 60 minutes in October; 2 of 4 task items complete (50); one active day, not yesterday (streak 0,
   * longest 1), and nothing in the last 7 days (inactive); one gaining day, so no forecast dates; coding
   * practised on 1 October, 30 days before T: FSRS-5 with S = 3.173 gives 100 x (1 + 19/81 x 30/3.173)^-0.5 =
   * 55.7470.
   */
  @Test
  void report_specSectionSixExample() throws IOException {
    Cli.Run run = run("report", "--events", file("events.jsonl", SPEC_EVENTS), "--plan",
        file("plan.json", SPEC_PLAN), "--as-of", "2026-11-01T00:00:00Z");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEmpty();
    assertSameJson(run.json(), json("""
        {
          "asOf": "2026-11-01T00:00:00Z",
          "accepted": 9, "duplicates": 1,
          "rejected": [{"line": 12, "error": "value 140 is out of range 0..100 for type task"}],
          "users": [{
            "userId": "u1",
            "spaces": [{"spaceId": "s1", "goalId": "g1", "total": 58.0,
                        "components": {"task": 50.0, "time": 100.0, "milestone": 33.3333, "interaction": 80.0}}],
            "goals":  [{"goalId": "g1", "total": 52.8,
                        "components": {"spaces": 58.0, "milestones": 50.0, "extra": 30.0}}],
            "skills": [{"skill": "coding", "total": 24.0,
                        "components": {"practice": 10.0, "mastery": 50.0, "peerReview": 0.0},
                        "retention": 55.747}],
            "analytics": {"zone": "UTC",
                          "timeSpent": {"daily": [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], "weekly": [0.0, 0.0, 0.0, 0.0],
                                        "monthly": [0.0, 0.0, 0.0, 0.0, 60.0, 0.0]},
                          "completionRate": 50.0, "strongestAreas": ["coding"], "improvementAreas": [],
                          "streak": {"current": 0, "longest": 1}},
            "forecasts": {"spaces": [{"spaceId": "s1", "p50": null, "p85": null, "p95": null}],
                          "goals":  [{"goalId": "g1", "p50": null, "p85": null, "p95": null}]},
            "insights": [{"kind": "inactive", "level": null, "subject": null,
                          "message": "Nothing in the last 7 days; your last activity was on 2026-10-01"}]
          }]
        }
        """));
    assertThat(run.out()).contains("\"milestone\": 33.3333,").contains("\"total\": 58.0,");
  }

  @Test
  void report_everyLineAccepted_exitsZero() throws IOException {
    String events = SPEC_EVENTS.lines().limit(10).reduce("", (a, b) -> a + b + "\n");
    Cli.Run run = run("report", "--events", file("ok.jsonl", events), "--as-of", "2026-11-01T00:00:00Z");

    assertThat(run.status()).isZero();
    assertThat(run.json().get("accepted").asLong()).isEqualTo(9);
    assertThat(run.json().get("rejected")).isEmpty();
  }

  /** Without a plan the counts come from the items seen: 2 of 4 tasks, 1 of 1 milestone; s1 binds to no goal. */
  @Test
  void report_withoutPlan_countsItemsSeen_unboundSpaceHasNullGoal() throws IOException {
    Cli.Run run = run("report", "--events", file("events.jsonl", SPEC_EVENTS));

    JsonNode s1 = run.json().get("users").get(0).get("spaces").get(0);
    assertThat(s1.get("goalId").isNull()).isTrue();
    assertThat(s1.get("components").get("task").asDouble()).isEqualTo(50.0);
    assertThat(s1.get("components").get("milestone").asDouble()).isEqualTo(100.0);
    // .4x50 + .2x100 + .3x100 + .1x80 = 78
    assertThat(s1.get("total").asText()).isEqualTo("78.0");
    assertThat(run.json().get("asOf").asText()).isEqualTo("2026-11-01T12:00:00Z");
  }

  @Test
  void report_rounding_isHalfUpOnTheDecimalValue() throws IOException {
    // interaction 12.34565: half up gives 12.3457 where half even would give 12.3456; total .1 x 12.34565
    // = 1.234565 -> 1.2346. time 1 of 60 min = 1.6666.. -> 1.6667, and .2 x that = 0.3333.. adds to the total.
    String events = """
        {"id":"a","userId":"u1","spaceId":"s1","type":"interaction","value":12.34565,"timestamp":"2026-10-01T10:00:00Z"}
        """;
    Cli.Run run = run("report", "--events", file("r.jsonl", events));

    JsonNode s1 = run.json().get("users").get(0).get("spaces").get(0);
    assertThat(s1.get("components").get("interaction").asText()).isEqualTo("12.3457");
    assertThat(s1.get("total").asText()).isEqualTo("1.2346");
    assertThat(s1.get("components").get("time").asText()).isEqualTo("0.0");
  }

  @Test
  void report_hostileLines_eachRejectedWithItsLineNumber_neighboursKept() throws IOException {
    String huge = "{\"userId\":\"u1\",\"metadata\":{\"x\":\"" + "a".repeat(EventReader.MAX_LINE_BYTES) + "\"}}";
    String deep = "{\"userId\":\"u1\",\"spaceId\":\"s1\",\"type\":\"time\",\"value\":5,"
        + "\"timestamp\":\"2026-10-01T10:00:00Z\",\"metadata\":" + "{\"a\":".repeat(40) + "1" + "}".repeat(40) + "}";
    String veryDeep = "{\"userId\":\"u1\",\"metadata\":{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}}";
    List<String> lines = List.of(
        "not json at all",                                                                                     // 1
        good("u1", "s1", 10),                                                                                  // 2
        huge,                                                                                                  // 3
        "{\"userId\":\"u1\",\"spaceId\":\"s1\",\"type\":\"time\",\"value\":\"abc\",\"timestamp\":\"2026-10-01T10:00:00Z\"}", // 4
        deep,                                                                                                  // 5
        veryDeep,                                                                                              // 6
        "{\"userId\":\"u1\",\"spaceId\":\"s1\",\"type\":\"time\",\"value\":5,\"value\":6,\"timestamp\":\"2026-10-01T10:00:00Z\"}", // 7
        "{\"userId\":\"u1\",\"spaceId\":\"s1\",\"type\":\"time\",\"value\":5,\"timestamp\":\"2026-10-01T10:00:00Z\",\"colour\":1}", // 8
        "[1,2]",                                                                                               // 9
        good("u1", "s1", 7) + " {}",                                                                            // 10
        good("u1", "s1", 20));                                                                                 // 11
    Cli.Run run = run("report", "--events", file("hostile.jsonl", String.join("\n", lines)));

    assertThat(run.status()).isEqualTo(1);
    JsonNode report = run.json();
    assertThat(report.get("accepted").asLong()).isEqualTo(2);
    List<Long> rejectedLines = new ArrayList<>();
    report.get("rejected").forEach(r -> rejectedLines.add(r.get("line").asLong()));
    assertThat(rejectedLines).containsExactly(1L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    assertThat(error(report, 1)).startsWith("not valid JSON");
    assertThat(error(report, 3)).isEqualTo("line is " + huge.length() + " bytes long, more than the "
        + EventReader.MAX_LINE_BYTES + " an event line may have");
    assertThat(error(report, 4)).isEqualTo("value must be a number, not \"abc\"");
    assertThat(error(report, 5)).contains("nested deeper than 32");
    assertThat(error(report, 6)).startsWith("not accepted as JSON").contains("depth");
    assertThat(error(report, 7)).isEqualTo("duplicate key 'value'");
    assertThat(error(report, 8)).startsWith("unknown key 'colour' in an event; known keys: id, userId");
    assertThat(error(report, 9)).isEqualTo("an event must be a JSON object, not an array");
    assertThat(error(report, 10)).startsWith("not valid JSON: more content after the end of the first value");
    // 30 of 60 minutes: time 50, total .2 x 50 = 10
    assertThat(report.get("users").get(0).get("spaces").get(0).get("total").asText()).isEqualTo("10.0");
  }

  /**
   * Regression (issue 12, item 3): the log was decoded with invalid bytes replaced by U+FFFD, so
   * {@code "userId":"bob\xff"} and {@code "bob\xfe"} became the same user {@code bob\uFFFD} and the second line
   * a false conflict. Each is now rejected naming its line; the valid neighbours count.
   */
  @Test
  void report_invalidUtf8Lines_eachRejectedNamingTheLine_neverRepaired() throws IOException {
    byte[] ff = good("bob?", "s1", 10).getBytes(StandardCharsets.UTF_8);
    byte[] fe = good("bob?", "s1", 20).getBytes(StandardCharsets.UTF_8);
    int at = good("bob?", "s1", 10).indexOf('?');
    ff[at] = (byte) 0xFF;
    fe[at] = (byte) 0xFE;
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    log.write(ff);
    log.write('\n');
    log.write(fe);
    log.write('\n');
    log.write(good("bob", "s1", 30).getBytes(StandardCharsets.UTF_8));
    log.write('\n');
    Path file = dir.resolve("utf8.jsonl");
    Files.write(file, log.toByteArray());

    Cli.Run run = run("report", "--events", file.toString());

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.json().get("accepted").asLong()).isEqualTo(1);
    assertThat(error(run.json(), 1)).isEqualTo("not valid UTF-8: byte 0xFF at column " + (at + 1)
        + "; the line was not read");
    assertThat(error(run.json(), 2)).startsWith("not valid UTF-8: byte 0xFE");
    assertThat(run.out()).doesNotContain("\uFFFD").doesNotContain("conflicts");
  }

  /**
   * Regression (issue 12, item 10): the model's text and time rules. A line of only Unicode white space (here
   * a no-break space) is blank and skipped; a space instead of the T and a lower-case z are RFC 3339; hour 24
   * and second 60 are not; 65 emoji are a 65-character id.
   */
  @Test
  void report_modelTextAndTimeRules() throws IOException {
    String emoji = "\uD83D\uDE80".repeat(65);
    String events = "\u00A0\u3000\n"
        + good(emoji, "s1", 6).replace("2026-10-01T10:00:00Z", "2026-10-01 10:00:00z") + "\n"
        + good("u2", "s1", 6).replace("2026-10-01T10:00:00Z", "2026-10-01T24:00:00Z") + "\n"
        + good("u2", "s1", 6).replace("2026-10-01T10:00:00Z", "2026-06-30T23:59:60Z") + "\n";
    Cli.Run run = run("report", "--events", file("text.jsonl", events));

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.json().get("accepted").asLong()).isEqualTo(1);
    assertThat(run.json().get("users").get(0).get("userId").asText()).isEqualTo(emoji);
    assertThat(run.json().get("rejected")).hasSize(2);
    assertThat(error(run.json(), 3)).startsWith("timestamp \"2026-10-01T24:00:00Z\" is not an RFC 3339 date-time");
    assertThat(error(run.json(), 4)).startsWith("timestamp \"2026-06-30T23:59:60Z\" is not an RFC 3339 date-time");
  }

  /**
   * Regression (issue 12, items 3 and 10): a plan with a UTF-8 byte order mark was "not valid JSON" while an
   * event log with one was read; {@code "tasks": 3.0} was "not a whole number"; a plan with invalid UTF-8 was
   * repaired into U+FFFD. Now the first two are read like the plain forms and the last is refused naming the
   * place.
   */
  @Test
  void report_planWithByteOrderMarkAndWholeFloats_isRead_invalidUtf8Refused() throws IOException {
    Path bom = dir.resolve("bom.json");
    Files.write(bom, ("\uFEFF" + SPEC_PLAN.replace("\"tasks\": 4", "\"tasks\": 4.0"))
        .getBytes(StandardCharsets.UTF_8));
    Cli.Run withBom = run("report", "--events", file("events.jsonl", SPEC_EVENTS), "--plan", bom.toString(),
        "--as-of", "2026-11-01T00:00:00Z");
    Cli.Run plain = run("report", "--events", file("events.jsonl", SPEC_EVENTS), "--plan",
        file("plan.json", SPEC_PLAN), "--as-of", "2026-11-01T00:00:00Z");

    assertThat(withBom.err()).isEmpty();
    assertThat(withBom.out()).isEqualTo(plain.out());

    byte[] bad = SPEC_PLAN.getBytes(StandardCharsets.UTF_8);
    int at = SPEC_PLAN.indexOf("g1");
    bad[at] = (byte) 0xFF;
    Path invalid = dir.resolve("bad.json");
    Files.write(invalid, bad);
    assertUnusable(run("report", "--events", file("events.jsonl", SPEC_EVENTS), "--plan", invalid.toString()),
        "invalid plan " + invalid + ": not valid UTF-8: byte 0xFF at line 1, column " + (at + 1));
  }

  @Test
  void report_sqlLookingAndUnicodeIds_areDataNotCode_nulIsRefused() throws IOException {
    String sqlUser = "u1'; DROP TABLE progress_events; --";
    String unicodeSpace = "Ålgebra \uD83D\uDE80 \u05E9\u05DC\u05D5\u05DD e\u0301";
    String events = good(sqlUser, unicodeSpace, 30) + "\n" + good("\u0000-nul", "s1", 30) + "\n"
        + good("\u001f-\t-ctl", "s1", 30) + "\n";
    Cli.Run run = run("report", "--events", file("odd.jsonl", events));

    assertThat(run.status()).isEqualTo(1);
    assertThat(error(run.json(), 2)).contains("U+0000");
    JsonNode users = run.json().get("users");
    assertThat(users).hasSize(2);
    assertThat(users.get(0).get("userId").asText()).isEqualTo("\u001f-\t-ctl");
    assertThat(users.get(1).get("userId").asText()).isEqualTo(sqlUser);
    assertThat(users.get(1).get("spaces").get(0).get("spaceId").asText()).isEqualTo(unicodeSpace);
  }

  @Test
  void report_duplicatesCounted_conflictingIdRejected() throws IOException {
    String events = """
        {"id":"x","userId":"u1","spaceId":"s1","type":"time","value":6,"timestamp":"2026-10-01T10:00:00Z"}
        {"timestamp":"2026-10-01T10:00:00Z","value":6.0,"type":"time","spaceId":"s1","userId":"u1","id":"x"}
        {"id":"x","userId":"u1","spaceId":"s1","type":"time","value":7,"timestamp":"2026-10-01T10:00:00Z"}
        {"id":"x","userId":"u2","spaceId":"s1","type":"time","value":7,"timestamp":"2026-10-01T10:00:00Z"}
        """;
    Cli.Run run = run("report", "--events", file("dup.jsonl", events));

    JsonNode report = run.json();
    assertThat(run.status()).isEqualTo(1);
    assertThat(report.get("accepted").asLong()).isEqualTo(2); // line 1, and line 4: ids of users never collide
    assertThat(report.get("duplicates").asLong()).isEqualTo(1); // line 2: same content, other key order
    assertThat(report.get("rejected")).hasSize(1);
    assertThat(report.get("rejected").get(0).get("line").asLong()).isEqualTo(3);
    assertThat(error(report, 3)).contains("id 'x' conflicts");
    // u1: 6 of 60 minutes = 10, total 2
    assertThat(report.get("users").get(0).get("spaces").get(0).get("total").asText()).isEqualTo("2.0");
  }

  @Test
  void report_identicalLinesWithoutId_areTwoEvents() throws IOException {
    String line = "{\"userId\":\"u1\",\"spaceId\":\"s1\",\"type\":\"time\",\"value\":6,\"timestamp\":\"2026-10-01T10:00:00Z\"}";
    Cli.Run run = run("report", "--events", file("noid.jsonl", line + "\n" + line + "\n"));

    assertThat(run.json().get("accepted").asLong()).isEqualTo(2);
    // 12 of 60 minutes = 20, total .2 x 20 = 4
    assertThat(run.json().get("users").get(0).get("spaces").get(0).get("total").asText()).isEqualTo("4.0");
  }

  /** Without --as-of the clock is now (fixed at NOW in these tests) and 5 minutes of skew are allowed. */
  @Test
  void report_futureTimestampWithoutAsOf_rejected() throws IOException {
    String events = """
        {"id":"a","userId":"u1","spaceId":"s1","type":"time","value":6,"timestamp":"2026-11-01T12:04:59Z"}
        {"id":"b","userId":"u1","spaceId":"s1","type":"time","value":6,"timestamp":"2026-11-01T12:05:01Z"}
        {"id":"c","userId":"u1","spaceId":"s1","type":"time","value":6,"timestamp":"2999-01-01T00:00:00Z"}
        """;
    Cli.Run run = run("report", "--events", file("future.jsonl", events));

    JsonNode report = run.json();
    assertThat(report.get("accepted").asLong()).isEqualTo(1);
    assertThat(report.get("rejected")).hasSize(2);
    assertThat(error(report, 2)).contains("is later than the clock 2026-11-01T12:00:00Z");
    assertThat(error(report, 3)).contains("2999-01-01T00:00:00Z is later than the clock");
  }

  /**
   * Events after --as-of are ignored entirely: line 1 would bind s1 to g2 and make line 2 a conflict, but it is
   * later than T, so it binds nothing, counts nowhere, and line 2 binds s1 to g1. T is also the clock.
   */
  @Test
  void report_eventsAfterAsOf_ignoredEntirely() throws IOException {
    String events = """
        {"id":"late","userId":"u1","spaceId":"s1","goalId":"g2","type":"time","value":30,"timestamp":"2026-10-02T00:00:01Z"}
        {"id":"early","userId":"u1","spaceId":"s1","goalId":"g1","type":"time","value":30,"timestamp":"2026-10-01T23:00:00Z"}
        {"id":"onlyLate","userId":"u2","spaceId":"s9","type":"time","value":30,"timestamp":"2026-10-05T00:00:00Z"}
        """;
    Path log = Path.of(file("asof.jsonl", events));

    Cli.Run asOf = run("report", "--events", log.toString(), "--as-of", "2026-10-02T00:00:00Z");
    assertThat(asOf.status()).isZero();
    assertSameJson(asOf.json(), json("""
        {"asOf": "2026-10-02T00:00:00Z", "accepted": 1, "duplicates": 0, "rejected": [],
         "users": [{"userId": "u1",
           "spaces": [{"spaceId": "s1", "goalId": "g1", "total": 10.0,
                       "components": {"task": 0.0, "time": 50.0, "milestone": 0.0, "interaction": 0.0}}],
           "goals": [{"goalId": "g1", "total": 6.0, "components": {"spaces": 10.0, "milestones": 0.0, "extra": 0.0}}],
           "skills": [],
           "analytics": {"zone": "UTC",
                         "timeSpent": {"daily": [0.0, 0.0, 0.0, 0.0, 0.0, 30.0, 0.0], "weekly": [0.0, 0.0, 0.0, 30.0],
                                       "monthly": [0.0, 0.0, 0.0, 0.0, 0.0, 30.0]},
                         "completionRate": 0.0, "strongestAreas": [], "improvementAreas": [],
                         "streak": {"current": 1, "longest": 1}},
           "forecasts": {"spaces": [{"spaceId": "s1", "p50": null, "p85": null, "p95": null}],
                         "goals": [{"goalId": "g1", "p50": null, "p85": null, "p95": null}]},
           "insights": []}]}
        """));

    Cli.Run now = run("report", "--events", log.toString());
    assertThat(now.status()).isEqualTo(1);
    assertThat(error(now.json(), 2)).contains("conflicts with goal 'g2'");
  }

  @Test
  void report_eventBeforeAsOfButAfterTheClockSkew_isStillJudgedByAsOf() throws IOException {
    // --as-of is the clock: an event 4 minutes after T is ignored (after T), never "in the future".
    String events = """
        {"id":"a","userId":"u1","spaceId":"s1","type":"time","value":6,"timestamp":"2026-10-01T00:04:00Z"}
        """;
    Cli.Run run = run("report", "--events", file("skew.jsonl", events), "--as-of", "2026-10-01T00:00:00Z");

    assertThat(run.status()).isZero();
    assertThat(run.json().get("accepted").asLong()).isZero();
    assertThat(run.json().get("users")).isEmpty();
  }

  @Test
  void report_stdin() {
    Cli.Run run = runWithStdin(good("u1", "s1", 30) + "\n", "report", "--events", "-");

    assertThat(run.status()).isZero();
    assertThat(run.json().get("accepted").asLong()).isEqualTo(1);
  }

  @Test
  void report_bindingAcrossChunks_keepsFileOrder() throws IOException {
    StringBuilder events = new StringBuilder();
    events.append("{\"id\":\"bind\",\"userId\":\"u1\",\"spaceId\":\"s1\",\"goalId\":\"g1\",\"type\":\"time\",\"value\":1,"
        + "\"timestamp\":\"2026-10-01T10:00:00Z\"}\n");
    for (int i = 0; i < EventLog.DEFAULT_CHUNK + 500; i++) {
      events.append(good("u" + (i % 7), "s" + (i % 3), 1).replace("\"id\":\"", "\"id\":\"n" + i)).append('\n');
    }
    events.append("{\"id\":\"late\",\"userId\":\"u1\",\"spaceId\":\"s1\",\"goalId\":\"g2\",\"type\":\"time\",\"value\":1,"
        + "\"timestamp\":\"2026-10-01T10:00:00Z\"}\n");
    Cli.Run run = run("report", "--events", file("chunks.jsonl", events.toString()));

    assertThat(run.json().get("accepted").asLong()).isEqualTo(EventLog.DEFAULT_CHUNK + 501);
    assertThat(run.json().get("rejected")).hasSize(1);
    assertThat(error(run.json(), EventLog.DEFAULT_CHUNK + 502)).contains("conflicts with goal 'g1'");
  }

  /**
   * The JSON report to standard output is read a few chunks of users ahead on a second thread: with more users
   * than several chunks, it must be the report written to a file, built whole on one thread, user for user.
   */
  @Test
  void report_ofManyUsers_streamedAhead_isTheReportBuiltWhole() throws IOException {
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < 2_600; i++) {
      events.append(good("u" + (i % 1_300), "s" + (i % 3), 1 + i % 7).replace("\"id\":\"", "\"id\":\"n" + i))
          .append('\n');
    }
    String log = file("many.jsonl", events.toString());
    Path whole = dir.resolve("whole.json");

    Cli.Run streamed = run("report", "--events", log);
    Cli.Run written = run("report", "--events", log, "--out", whole.toString());

    assertThat(streamed.status()).isZero();
    assertThat(written.status()).isZero();
    JsonNode users = streamed.json().get("users");
    assertThat(users).hasSize(1_300);
    assertSameJson(streamed.json(), json(Files.readString(whole, StandardCharsets.UTF_8)));
  }

  @Test
  void report_textFormat_barsAndExplanations() throws IOException {
    Cli.Run run = run("report", "--events", file("events.jsonl", SPEC_EVENTS), "--plan",
        file("plan.json", SPEC_PLAN), "--as-of", "2026-11-01T00:00:00Z", "--format", "TEXT");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out())
        .startsWith("Progress as of 2026-11-01T00:00:00Z: 9 accepted, 1 duplicate, 1 rejected")
        .contains("User u1")
        // 58% of 24 cells = 13.92 cells: 13 full blocks and 7/8 of one
        .contains("s1 (g1)  " + "█".repeat(13) + "▉" + "░".repeat(10) + "  58.0%")
        .contains("milestone 33.3 x 0.30 = 10.00")
        .contains("total = 52.80")
        .contains("line 12: value 140 is out of range 0..100 for type task");
  }

  @Test
  void report_invalidPlan_exitsTwoNamingThePlace() throws IOException {
    String events = file("events.jsonl", SPEC_EVENTS);
    assertUnusable(run("report", "--events", events, "--plan", file("p1.json",
        "{\"spaces\": [{\"spaceId\": \"s1\", \"tasks\": -1}]}")), "invalid plan", "spaces[s1].tasks -1 must be >= 0");
    assertUnusable(run("report", "--events", events, "--plan", file("p2.json",
        "{\"spaces\": [{\"spaceId\": \"s1\", \"goalId\": \"g1\"}], \"goals\": [{\"goalId\": \"g2\", \"spaces\": [\"s1\"]}]}")),
        "space s1 names goal g1 but goal g2 lists it");
    assertUnusable(run("report", "--events", events, "--plan", file("p3.json", "{\"goalz\": []}")),
        "unknown key 'goalz' in the plan; known keys: defaults, spaces, goals, skills, weights");
    assertUnusable(run("report", "--events", events, "--plan", file("p4.json",
        "{\"weights\": {\"space\": {\"task\": 0.5, \"time\": 0.2, \"milestone\": 0.2, \"interaction\": 0.2}}}")),
        "weights.space", "must sum to 1");
    assertUnusable(run("report", "--events", events, "--plan", file("p5.json", "{\"spaces\": [{\"spaceId\": 5}]}")),
        "spaces[0].spaceId must be a string, not 5");
    assertUnusable(run("report", "--events", events, "--plan", file("p6.json", "{")), "not valid JSON");
  }

  @Test
  void report_unreadableFiles_exitTwo() throws IOException {
    assertUnusable(run("report", "--events", dir.resolve("missing.jsonl").toString()), "does not exist");
    assertUnusable(run("report", "--events", dir.toString()), "is a directory");
    assertUnusable(run("report", "--events", file("e.jsonl", ""), "--plan", dir.resolve("nope.json").toString()),
        "plan", "does not exist");
  }

  @Test
  void report_badOptions_exitTwo() throws IOException {
    String events = file("e.jsonl", good("u1", "s1", 1));
    assertUnusable(run("report", "--events", events, "--zone", "Mars/Olympus"), "not a time zone");
    assertUnusable(run("report", "--events", events, "--as-of", "yesterday"), "not an ISO-8601 instant");
    assertUnusable(run("report", "--events", events, "--format", "xml"), "--format");
    assertUnusable(run("report"), "Missing required option: '--events=FILE'");
    assertUnusable(run("report", "--events", events, "--colour"), "Unknown option: '--colour'");
    assertUnusable(run(), "a command is required");
  }

  /**
   * Issue 12, item 7: {@code --as-of +1000000000-12-31T23:55:00Z} exited 2 with "failed unexpectedly:
   * java.time.DateTimeException". Instants outside the years 1..9999 (those events may have) are an option
   * error naming the option and the value; the edges of the range are accepted.
   */
  @Test
  void asOf_outsideTheYears1To9999_isAnOptionError() throws IOException {
    String events = file("e.jsonl", good("u1", "s1", 6));
    for (String command : new String[] {"report", "show"}) {
      for (String value : new String[] {"+1000000000-12-31T23:55:00Z", "-0001-01-01T00:00:00Z",
          "0000-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z"}) {
        String[] args = command.equals("report")
            ? new String[] {"report", "--events", events, "--as-of", value}
            : new String[] {"show", "--db", "jdbc:h2:mem:never", "--as-of", value};
        assertUnusable(run(args), "progress " + command + ": Invalid value for option '--as-of': '" + value
            + "' is outside the years 1..9999 that events may have");
      }
    }
    assertThat(run("report", "--events", events, "--as-of", "9999-12-31T23:59:59.999999999Z").status()).isZero();
    assertThat(run("report", "--events", events, "--as-of", "0001-01-01T00:00:00Z").status()).isZero();
  }

  /** --zone is validated, and names the zone of the analytics; the figures of section 6 do not depend on it. */
  @Test
  void report_zone_isValidatedAndAccepted() throws IOException {
    String events = file("e.jsonl", good("u1", "s1", 6));
    Cli.Run paris = run("report", "--events", events, "--zone", "Europe/Paris");
    Cli.Run offset = run("report", "--events", events, "--zone", "+05:30");

    assertThat(paris.status()).isZero();
    assertThat(offset.status()).isZero();
    JsonNode parisUser = paris.json().get("users").get(0);
    JsonNode offsetUser = offset.json().get("users").get(0);
    assertThat(parisUser.get("spaces")).isEqualTo(offsetUser.get("spaces"));
    assertThat(parisUser.get("analytics").get("zone").asText()).isEqualTo("Europe/Paris");
    assertThat(offsetUser.get("analytics").get("zone").asText()).isEqualTo("+05:30");
  }

  private static void assertUnusable(Cli.Run run, String... messageParts) {
    assertThat(run.status()).as(run.err()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains(messageParts).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private static String error(JsonNode report, long line) {
    for (JsonNode r : report.get("rejected")) {
      if (r.get("line").asLong() == line) {
        return r.get("error").asText();
      }
    }
    throw new AssertionError("line " + line + " is not rejected in " + report.get("rejected"));
  }

  static String good(String user, String space, double minutes) {
    return "{\"id\":\"" + minutes + space.hashCode() + "\",\"userId\":" + quote(user) + ",\"spaceId\":" + quote(space)
        + ",\"type\":\"time\",\"value\":" + minutes + ",\"timestamp\":\"2026-10-01T10:00:00Z\"}";
  }

  private static String quote(String text) {
    try {
      return new ObjectMapper().writeValueAsString(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private String file(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file.toString();
  }
}
