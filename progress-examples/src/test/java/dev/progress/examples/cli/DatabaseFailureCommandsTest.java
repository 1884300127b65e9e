package dev.progress.examples.cli;

import static dev.progress.examples.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that fails is not bad input (issue 12, items 1, 5, 8 and 9), on H2 file databases: {@code import}
 * and {@code show} exit 2 with one sentence saying what is wrong (a dropped table, a dropped column, a
 * read-only database, a location that cannot be created), never a stack trace, and lose nothing valid. Before,
 * an import into a database whose {@code progress_current} was dropped reported every new line as rejected
 * (exit 1) with a WARN and a stack trace per user, and {@code show} answered "failed unexpectedly ... Table not
 * found".
 */
class DatabaseFailureCommandsTest {
  @TempDir Path dir;
  private String db;
  private Jdbi jdbi;

  @BeforeEach
  void database() {
    db = "jdbc:h2:" + dir.resolve("progress").toAbsolutePath();
    jdbi = Jdbi.create(db);
  }

  @Test
  void import_afterProgressCurrentWasDropped_exitsTwoNamingTheTable() throws IOException {
    assertThat(run("import", "--events", write("a.jsonl", Logs.lines(1, 200)), "--db", db).status()).isZero();
    jdbi.useHandle(h -> h.execute("DROP TABLE progress_current"));

    Cli.Run again = run("import", "--events", write("b.jsonl", Logs.lines(201, 500)), "--db", db);

    assertOneLineExitTwo(again, "progress import: cannot use the database " + db
        + ": the progress schema is not usable: table progress_current is missing");
    assertThat(storedEvents()).isEqualTo(200);
  }

  @Test
  void import_afterAColumnWasDropped_exitsTwoNamingTheColumn() throws IOException {
    assertThat(run("import", "--events", write("a.jsonl", Logs.lines(1, 200)), "--db", db).status()).isZero();
    jdbi.useHandle(h -> h.execute("ALTER TABLE progress_events DROP COLUMN metadata"));

    Cli.Run again = run("import", "--events", write("b.jsonl", Logs.lines(201, 500)), "--db", db);

    assertOneLineExitTwo(again, "progress import: cannot use the database " + db
        + ": the progress schema is not usable: column progress_events.metadata is missing");
    assertThat(storedEvents()).isEqualTo(200);
  }

  @Test
  void import_intoAReadOnlyDatabase_exitsTwoSayingSo() throws IOException {
    assertThat(run("import", "--events", write("a.jsonl", Logs.lines(1, 200)), "--db", db).status()).isZero();

    Cli.Run readOnly = run("import", "--events", write("b.jsonl", Logs.lines(201, 500)),
        "--db", db + ";ACCESS_MODE_DATA=r");

    assertOneLineExitTwo(readOnly, "progress import: the database " + db + ";ACCESS_MODE_DATA=r is read-only (a "
        + "file that cannot be written, ACCESS_MODE_DATA=r, or a read-only server); this command writes to it");
    assertThat(storedEvents()).isEqualTo(200);
  }

  /**
   * The table is dropped after the first chunk of 20,000 lines was stored: the second chunk fails for every
   * user, the check after the failure finds the missing table, and the import stops at once (no retries: they
   * cannot mend a schema) with one message saying from which line nothing was stored.
   */
  @Test
  void import_tableDroppedInTheMiddle_stopsWithOneMessage_andKeepsWhatWasStored() {
    int chunk = ImportCommand.DATABASE_CHUNK;
    Cli.Run run = Cli.runWithStdin(Logs.actionAfter(Logs.lines(1, chunk),
        () -> jdbi.useHandle(h -> h.execute("DROP TABLE progress_current")), Logs.lines(chunk + 1, chunk + 300)),
        "import", "--events", "-", "--db", db);

    assertOneLineExitTwo(run, "progress import: the database failed at line " + (chunk + 1) + ": the progress "
        + "schema is not usable: table progress_current is missing. Lines before " + (chunk + 1) + " are stored "
        + "(or rejected above); nothing from line " + (chunk + 1) + " on was stored. Rerun the same command once "
        + "the database works: stored events are duplicates.");
    assertThat(storedEvents()).isEqualTo(chunk);
  }

  @Test
  void show_afterProgressEventsWasDropped_exitsTwoNamingTheTable() throws IOException {
    assertThat(run("import", "--events", write("a.jsonl", Logs.lines(1, 200)), "--db", db).status()).isZero();
    jdbi.useHandle(h -> h.execute("DROP TABLE progress_events"));

    assertOneLineExitTwo(run("show", "--db", db), "progress show: cannot use the database " + db
        + ": the progress schema is not usable: table progress_events is missing");
  }

  @Test
  void show_afterProgressCurrentWasDropped_exitsTwoNamingTheTable() throws IOException {
    assertThat(run("import", "--events", write("a.jsonl", Logs.lines(1, 200)), "--db", db).status()).isZero();
    jdbi.useHandle(h -> h.execute("DROP TABLE progress_current"));

    assertOneLineExitTwo(run("show", "--db", db, "--as-of", "2026-11-01T00:00:00Z"), "progress show: cannot use "
        + "the database " + db + ": the progress schema is not usable: table progress_current is missing");
  }

  /**
   * Issue 12, item 5: a location H2 cannot create printed 53 lines of H2's stack trace (its trace file could
   * not be written either) and then a message without the cause in words.
   */
  @Test
  void import_locationUnderARegularFile_oneLineSayingWhy() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
    String url = "jdbc:h2:" + file.toAbsolutePath() + "/progress";

    Cli.Run imported = run("import", "--events", write("a.jsonl", Logs.lines(1, 10)), "--db", url);
    Cli.Run shown = run("show", "--db", url);

    assertOneLineExitTwo(imported, "progress import: cannot open the database " + url + ": "
        + file.toAbsolutePath() + " is a file, not a directory");
    assertOneLineExitTwo(shown, "progress show: no database at " + url + "; run progress import first");
  }

  /** What H2 reports when the operating system refuses (as root only chattr can do it, so the cases are built). */
  @Test
  void describe_permissionDenied_saysSoInWords() {
    String url = "jdbc:h2:/srv/locked/progress";
    SQLException eacces = new SQLException("IO Exception: \"/srv/locked/progress.mv.db\" [90028-232]", "90028",
        90028, new IllegalStateException("Could not open file", new AccessDeniedException("/srv/locked/progress.mv.db")));
    SQLException eperm = new SQLException("IO Exception [90028-232]", "90028", 90028,
        new FileSystemException("/srv/locked/progress.mv.db", null, "Operation not permitted"));
    SQLException erofs = new SQLException("IO Exception [90028-232]", "90028", 90028,
        new FileSystemException("/srv/locked/progress.mv.db", null, "Read-only file system"));

    assertThat(Database.describe(url, eacces))
        .isEqualTo("cannot open the database " + url + ": permission denied on /srv/locked/progress.mv.db");
    assertThat(Database.describe(url, eperm))
        .isEqualTo("cannot open the database " + url + ": permission denied on /srv/locked/progress.mv.db");
    assertThat(Database.describe(url, erofs))
        .isEqualTo("cannot open the database " + url + ": /srv/locked/progress.mv.db is on a read-only file system");
  }

  /** Issue 12, item 8: H2's PASSWORD setting is masked in the summary and in error messages. */
  @Test
  void import_h2UrlWithPassword_neverPrintsThePassword() throws IOException {
    String withPassword = db + ";PASSWORD=S3cretPass";
    String events = write("a.jsonl", Logs.lines(1, 10));

    Cli.Run imported = run("import", "--events", events, "--db", withPassword);
    Cli.Run wrong = run("show", "--db", db + ";PASSWORD=Wr0ngPass");

    assertThat(imported.status()).isZero();
    assertThat(imported.out()).endsWith(db + ";PASSWORD=*** now holds 10 events of 10 users.\n");
    assertOneLineExitTwo(wrong, "progress show: cannot use the database " + db
        + ";PASSWORD=***: Wrong user name or password [28000-232]");
    assertThat(imported.out() + imported.err() + wrong.err()).doesNotContain("S3cretPass", "Wr0ngPass");
  }

  static void assertOneLineExitTwo(Cli.Run run, String message) {
    assertThat(run.status()).as(run.err()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception").isEqualTo(message + "\n");
  }

  private long storedEvents() {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM progress_events").mapTo(Long.class).one());
  }

  private String write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file.toString();
  }
}
