package dev.progress.examples.cli;

import static dev.progress.examples.cli.Cli.runWithFailingOut;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every command whose standard output refuses its writes (a full disk, a closed pipe) exits 2 with one message
 * saying so, instead of 0 with nothing written: its writer is a {@link java.io.PrintWriter}, which keeps
 * {@link IOException}s to itself.
 */
class FailingOutputCommandsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"json", "text", "html"})
  void report_standardOutputFails_exitsTwoSayingSo(String format) throws IOException {
    Cli.Run run = runWithFailingOut("report", "--events", events(), "--as-of", "2026-11-01T00:00:00Z",
        "--format", format);

    assertThat(run.status()).isEqualTo(ProgressCommand.UNUSABLE);
    assertThat(run.err()).isEqualTo("progress report: cannot write to standard output\n");
  }

  /** With --out the report reaches its file; the line saying where still has to be written. */
  @Test
  void report_toAFile_standardOutputFails_exitsTwoSayingSo() throws IOException {
    Path page = dir.resolve("report.html");
    Cli.Run run = runWithFailingOut("report", "--events", events(), "--format", "html", "--out", page.toString());

    assertThat(run.status()).isEqualTo(ProgressCommand.UNUSABLE);
    assertThat(run.err()).isEqualTo("progress report: cannot write to standard output\n");
    assertThat(page).exists();
  }

  /** Rejected lines are still reported on standard error, before the message; the exit status is 2, not 1. */
  @Test
  void import_thenShow_standardOutputFails_exitTwoSayingSo() throws IOException {
    String db = "jdbc:h2:" + dir.resolve("progress").toAbsolutePath();
    Cli.Run imported = runWithFailingOut("import", "--events", events(), "--db", db);
    Cli.Run shown = runWithFailingOut("show", "--db", db, "--format", "text");

    assertThat(imported.status()).isEqualTo(ProgressCommand.UNUSABLE);
    assertThat(imported.err()).isEqualTo("line 12: value 140 is out of range 0..100 for type task\n"
        + "progress import: cannot write to standard output\n");
    assertThat(shown.status()).isEqualTo(ProgressCommand.UNUSABLE);
    assertThat(shown.err()).isEqualTo("progress show: cannot write to standard output\n");
  }

  @Test
  void demo_standardOutputFails_exitsTwoSayingSo() {
    Cli.Run run = runWithFailingOut("demo", "--html", dir.resolve("demo.html").toString());

    assertThat(run.status()).isEqualTo(ProgressCommand.UNUSABLE);
    assertThat(run.err()).isEqualTo("progress demo: cannot write to standard output\n");
  }

  @Test
  void help_standardOutputFails_exitsTwoSayingSo() {
    Cli.Run run = runWithFailingOut("report", "--help");

    assertThat(run.status()).isEqualTo(ProgressCommand.UNUSABLE);
    assertThat(run.err()).isEqualTo("progress report: cannot write to standard output\n");
  }

  private String events() throws IOException {
    Path file = dir.resolve("events.jsonl");
    Files.writeString(file, ReportCommandTest.SPEC_EVENTS, StandardCharsets.UTF_8);
    return file.toString();
  }
}
