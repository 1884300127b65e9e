package dev.progress.examples.cli;

import static dev.progress.examples.cli.Cli.assertSameJson;
import static dev.progress.examples.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.progress.jdbc.ProgressSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import}, {@code show} and {@code demo} end to end, in-process, on H2 file databases: what is stored
 * and read back must be exactly what {@code report} computes from the same log.
 */
class DatabaseCommandsTest {
  @TempDir Path dir;
  private String db;
  private String events;
  private String plan;

  @BeforeEach
  void files() throws IOException {
    db = "jdbc:h2:" + dir.resolve("progress").toAbsolutePath();
    events = write("events.jsonl", ReportCommandTest.SPEC_EVENTS);
    plan = write("plan.json", ReportCommandTest.SPEC_PLAN);
  }

  @Test
  void import_thenShow_sameFiguresAsReport() {
    Cli.Run imported = run("import", "--events", events, "--plan", plan, "--db", db);

    assertThat(imported.status()).isEqualTo(1);
    assertThat(imported.err()).isEqualTo("line 12: value 140 is out of range 0..100 for type task\n");
    assertThat(imported.out()).isEqualTo("Imported 9 new events from " + events
        + "; 1 duplicate ignored; 1 line rejected (see above).\n" + db + " now holds 9 events of 1 user.\n");

    Cli.Run shown = run("show", "--db", db, "--plan", plan);
    Cli.Run report = run("report", "--events", events, "--plan", plan);
    assertThat(shown.status()).isZero();
    assertThat(shown.json().get("accepted").asLong()).isEqualTo(9);
    assertThat(shown.json().get("rejected")).isEmpty();
    assertThat(shown.json().get("asOf").asText()).isEqualTo(Cli.NOW.toString());
    assertSameJson(shown.json().get("users"), report.json().get("users"));
  }

  @Test
  void import_sameFileTwice_addsNothingAndSaysSo() {
    run("import", "--events", events, "--plan", plan, "--db", db);
    String before = run("show", "--db", db).out();

    Cli.Run again = run("import", "--events", events, "--plan", plan, "--db", db);

    assertThat(again.out()).startsWith("Nothing new in " + events + ": its 10 events were already in the database; "
        + "1 line rejected").contains("now holds 9 events of 1 user.");
    assertThat(run("show", "--db", db).out()).isEqualTo(before);
  }

  /** Events without an id get a deterministic one: identical lines are distinct events, and stay so on re-import. */
  @Test
  void import_linesWithoutIdTwice_addsNothing() throws IOException {
    String line = "{\"userId\":\"u1\",\"spaceId\":\"s1\",\"type\":\"time\",\"value\":6,\"timestamp\":\"2026-10-01T10:00:00Z\"}";
    String reordered = "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"value\":6.0,\"type\":\"time\",\"spaceId\":\"s1\",\"userId\":\"u1\"}";
    String noIds = write("noid.jsonl", line + "\n" + line + "\n");
    String noIdsReordered = write("noid2.jsonl", reordered + "\n\n" + line + "\n");

    assertThat(run("import", "--events", noIds, "--db", db).out()).startsWith("Imported 2 new events from");
    assertThat(run("import", "--events", noIdsReordered, "--db", db).out())
        .startsWith("Nothing new in " + noIdsReordered + ": its 2 events were already in the database.");
    // 12 of 60 minutes: time 20, total 4
    JsonNode space = run("show", "--db", db).json().get("users").get(0).get("spaces").get(0);
    assertThat(space.get("total").asText()).isEqualTo("4.0");
  }

  /**
   * Regression (issue 12, item 2): metadata {@code -0.0} came back from the database as {@code 0.0}, so
   * importing the same file again reported "id 'm1' conflicts with an earlier event". Every number form now
   * round-trips: the second import finds only duplicates.
   */
  @Test
  void import_metadataNumbersInEveryForm_twice_secondIsAllDuplicates() throws IOException {
    String log = write("numbers.jsonl", "{\"id\":\"m1\",\"userId\":\"u1\",\"spaceId\":\"s1\",\"type\":\"time\","
        + "\"value\":6,\"timestamp\":\"2026-10-01T10:00:00Z\",\"metadata\":{\"a\":-0.0,\"b\":1e2,\"c\":100.0,"
        + "\"d\":1E-400,\"e\":[0.1,-0.0],\"f\":123456789012345678901234567890}}\n");

    Cli.Run first = run("import", "--events", log, "--db", db);
    Cli.Run second = run("import", "--events", log, "--db", db);

    assertThat(first.status()).as(first.err()).isZero();
    assertThat(second.status()).as(second.err()).isZero();
    assertThat(second.err()).isEmpty();
    assertThat(second.out()).startsWith("Nothing new in " + log + ": its 1 event was already in the database.");
  }

  @Test
  void show_asOf_replaysStoredEventsLikeReport() throws IOException {
    String log = write("spread.jsonl", """
        {"id":"a","userId":"u1","spaceId":"s1","goalId":"g1","itemId":"t1","type":"task","value":100,"timestamp":"2026-10-01T10:00:00Z"}
        {"id":"b","userId":"u1","spaceId":"s1","itemId":"t2","type":"task","value":50,"timestamp":"2026-10-03T10:00:00Z"}
        {"id":"c","userId":"u2","spaceId":"s2","type":"time","value":30,"timestamp":"2026-10-02T10:00:00Z"}
        {"id":"d","userId":"u3","spaceId":"s3","type":"time","value":30,"timestamp":"2026-10-04T10:00:00Z"}
        """);
    run("import", "--events", log, "--db", db);

    Cli.Run shown = run("show", "--db", db, "--as-of", "2026-10-02T12:00:00Z");
    Cli.Run report = run("report", "--events", log, "--as-of", "2026-10-02T12:00:00Z");

    assertThat(shown.status()).isZero();
    assertSameJson(shown.json(), report.json());
    assertThat(shown.json().get("accepted").asLong()).isEqualTo(2);
    // u1 as of then: t1 done of 1 task seen -> task 100, total 40
    assertThat(shown.json().get("users").get(0).get("spaces").get(0).get("total").asText()).isEqualTo("40.0");
  }

  /** Ids that look like SQL, quotes, emoji and right-to-left text go through the database as data. */
  @Test
  void import_hostileIds_roundTripThroughTheDatabase() throws IOException {
    String log = write("hostile.jsonl", String.join("\n",
        ReportCommandTest.good("u1'); DROP TABLE progress_events; --", "s1\" OR \"1\"=\"1", 30),
        ReportCommandTest.good("\uD83D\uDE80 \u05E9\u05DC\u05D5\u05DD", "%_\\", 45),
        "{\"id\":\"m\",\"userId\":\"u2\",\"spaceId\":\"s\",\"type\":\"time\",\"value\":5,"
            + "\"timestamp\":\"2026-10-01T10:00:00Z\",\"metadata\":{\"note\":\"" + "x".repeat(20_000) + "\"}}"));

    Cli.Run imported = run("import", "--events", log, "--db", db);
    Cli.Run shown = run("show", "--db", db);
    Cli.Run report = run("report", "--events", log);

    assertThat(imported.err()).startsWith("line 3: metadata is larger than 16384 bytes").hasLineCount(1);
    assertThat(shown.json().get("users")).hasSize(2);
    assertSameJson(shown.json().get("users"), report.json().get("users"));
    assertThat(shown.json().at("/users/0/userId").asText()).isEqualTo("u1'); DROP TABLE progress_events; --");
  }

  /**
   * A database written by the first release (schema version 1: the rows of progress-jdbc's upgrade fixture) is
   * upgraded in place by {@code show}, which then reads the figures that release stored.
   */
  @Test
  void show_onADatabaseOfTheFirstRelease_upgradesItInPlace_andShowsItsFigures() throws Exception {
    String url = "jdbc:h2:" + dir.resolve("v1").toAbsolutePath();
    double stored;
    try (Connection c = DriverManager.getConnection(url, "", ""); Statement s = c.createStatement()) {
      s.execute(resource("db/migration/h2/V1__progress_schema.sql"));
      for (String line : Files.readAllLines(Path.of("../progress-jdbc/src/test/resources/db/v1-fixture/h2.sql"))) {
        if (!line.isBlank() && !line.startsWith("--")) {
          s.execute(line.substring(0, line.length() - 1));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT total FROM progress_current"
          + " WHERE user_id = 'ana' AND level = 'space' ORDER BY subject_id")) {
        assertThat(rs.next()).isTrue();
        stored = rs.getDouble(1);
      }
    }

    Cli.Run shown = run("show", "--db", url, "--user", "ana");

    assertThat(shown.status()).as(shown.err()).isZero();
    JsonNode ana = shown.json().get("users").get(0);
    assertThat(ana.get("userId").asText()).isEqualTo("ana");
    assertThat(ana.get("spaces").get(0).get("total").asDouble()).isCloseTo(stored, within(0.00005));
    try (Connection c = DriverManager.getConnection(url, "", ""); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MAX(version) FROM progress_schema_version")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(ProgressSchema.CURRENT_VERSION);
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ProgressSchema.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void show_user_onlyThatUser() throws IOException {
    String log = write("two.jsonl", ReportCommandTest.good("ana", "s1", 6) + "\n" + ReportCommandTest.good("ben", "s1", 12));
    run("import", "--events", log, "--db", db);

    Cli.Run ben = run("show", "--db", db, "--user", "ben", "--format", "text");
    Cli.Run nobody = run("show", "--db", db, "--user", "zoe");

    assertThat(ben.out()).contains("User ben").doesNotContain("User ana").contains("1 accepted");
    assertThat(nobody.status()).isZero();
    assertThat(nobody.json().get("users")).isEmpty();
    assertThat(nobody.err()).contains("no events stored for user 'zoe'");
  }

  @Test
  void databaseProblems_exitTwo() {
    assertUnusable(run("show", "--db", "jdbc:h2:" + dir.resolve("never-created").toAbsolutePath()),
        "no database at");
    assertUnusable(run("show", "--db", db, "--plan", dir.resolve("missing.json").toString()), "does not exist");
    assertUnusable(run("import", "--events", events, "--db", "progress.db"), "is not a JDBC URL");
    assertUnusable(run("import", "--events", events, "--db", "jdbc:nosuch:db"), "no driver for jdbc:nosuch:db");
    assertUnusable(run("import", "--events", dir.resolve("missing").toString(), "--db", db), "does not exist");
  }

  @Test
  void demo_storesInH2_andTellsTheSameStoryAsReport() throws IOException {
    Path demoEvents = dir.resolve("demo.jsonl");
    Path demoPlan = dir.resolve("demo-plan.json");
    Cli.Run demo = run("demo", "--db", db, "--save-events", demoEvents.toString(), "--save-plan", demoPlan.toString());

    assertThat(demo.status()).isZero();
    assertThat(demo.err()).isEmpty();
    assertThat(demo.out())
        .contains("line 26: value 140 is out of range 0..100 for type task")
        .contains("not valid JSON")
        .contains("conflicts with an earlier event")
        .contains("is later than the clock 2026-10-31T00:00:00Z")
        .contains("type 'quiz' is not known")
        .contains("User ana", "User ben", "User chloe", "User dev")
        .contains("█");

    Cli.Run shown = run("show", "--db", db, "--plan", demoPlan.toString());
    // without --as-of the clock is NOW, a day after the demo's end: its future event is still too late
    Cli.Run report = run("report", "--events", demoEvents.toString(), "--plan", demoPlan.toString());
    assertThat(report.json().get("rejected")).hasSize(6);
    assertThat(report.json().get("duplicates").asLong()).isEqualTo(1);
    assertThat(shown.json().get("accepted")).isEqualTo(report.json().get("accepted"));
    assertSameJson(shown.json().get("users"), report.json().get("users"));
    assertThat(demo.out()).contains("Stored " + report.json().get("accepted").asLong() + " events");
    // with --as-of the demo's end, the future event is later than T: ignored, not rejected; the figures are the
    // same, the analytics (as of another day) are not
    Cli.Run asOf = run("report", "--events", demoEvents.toString(), "--plan", demoPlan.toString(),
        "--as-of", "2026-10-31T00:00:00Z");
    assertThat(asOf.json().get("rejected")).hasSize(5);
    for (int u = 0; u < 4; u++) {
      for (String level : new String[] {"spaces", "goals"}) {
        assertSameJson(asOf.json().get("users").get(u).get(level), report.json().get("users").get(u).get(level));
      }
    }
    // the demo's plan has deadlines, which its dashboard and the reports show
    assertThat(demo.out()).contains("deadline " + Simulation.GOAL_DEADLINE + ": ")
        .contains("deadline " + Simulation.SPACE_DEADLINE + ": ").contains("Time spent per day", "Insights");
    assertThat(asOf.out()).contains("\"deadline\": \"" + Simulation.GOAL_DEADLINE + "\"");
  }

  @Test
  void demo_sameSeed_sameOutput() {
    Cli.Run first = run("demo");
    Cli.Run second = run("demo");
    Cli.Run otherSeed = run("demo", "--seed", "7");

    assertThat(first.status()).isZero();
    assertThat(second.out()).isEqualTo(first.out());
    assertThat(otherSeed.out()).isNotEqualTo(first.out());
  }

  private static void assertUnusable(Cli.Run run, String message) {
    assertThat(run.status()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private String write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file.toString();
  }
}
