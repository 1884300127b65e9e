package dev.progress.examples.cli;

import static dev.progress.examples.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text a log or a command line supplies (rejection reasons quoting a line's values, file names, option values,
 * ids) reaches a terminal with its control and bidirectional characters as U+FFFD, as ids in the dashboard do:
 * an escape sequence cannot clear the screen or colour what follows, an override cannot reorder the line. In
 * HTML such text is escaped and isolated in {@code <bdi>}; in JSON it stays exact (JSON escapes it itself).
 */
class TerminalTextCommandsTest {
  /** An escape sequence that clears the screen and turns the text red, then a right-to-left override. */
  private static final String EVIL = "\u001b[2J\u001b[31mEVIL\u202e";
  private static final String EVIL_CLEANED = "\uFFFD[2J\uFFFD[31mEVIL\uFFFD";

  @TempDir Path dir;
  private String events;

  @BeforeEach
  void hostileLog() throws IOException {
    Path file = dir.resolve("hostile.jsonl");
    Files.writeString(file, String.join("\n",
        ReportCommandTest.good("u1", "s1", 10),
        "{\"id\":\"h1\",\"userId\":\"u1\",\"spaceId\":\"s1\",\"type\":\"time\",\"value\":5,"
            + "\"timestamp\":\"\\u001b[2J\\u001b[31mEVIL\\u202e\"}",
        "{\"id\":\"h2\",\"userId\":\"u1\",\"spaceId\":\"s1\",\"type\":\"bad\\u001b[31m\",\"value\":5,"
            + "\"timestamp\":\"2026-10-01T10:00:00Z\"}"), StandardCharsets.UTF_8);
    events = file.toString();
  }

  @Test
  void report_text_rejectedLines_controlAndBidiCharactersBecomeReplacementCharacters() {
    Cli.Run run = run("report", "--events", events, "--format", "text");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).doesNotContain("\u001b").doesNotContain("\u202e").endsWith("Rejected lines\n"
        + "  line 2: timestamp \"" + EVIL_CLEANED + "\" is not an RFC 3339 date-time such as 2026-11-01T09:30:00Z"
        + " or 2026-11-01T10:30:00.5+01:00\n"
        + "  line 3: type 'bad\uFFFD[31m' is not known; register a rule for it\n");
  }

  @Test
  void report_json_rejectedLines_stayExact() {
    Cli.Run run = run("report", "--events", events);

    assertThat(run.json().at("/rejected/0/error").asText()).startsWith("timestamp \"" + EVIL + "\" is not");
    assertThat(run.json().at("/rejected/1/error").asText())
        .isEqualTo("type 'bad\u001b[31m' is not known; register a rule for it");
  }

  @Test
  void report_html_rejectedLines_escapedAndIsolated() {
    Cli.Run run = run("report", "--events", events, "--format", "html");

    assertThat(run.out()).doesNotContain("\u001b")
        .contains("<li><bdi>line 2: timestamp \"\uFFFD[2J\uFFFD[31mEVIL\u202e\" is not an RFC 3339 date-time")
        .contains("<li><bdi>line 3: type 'bad\uFFFD[31m' is not known; register a rule for it</bdi></li>");
  }

  @Test
  void import_rejectedLinesOnStandardError_andShowsMessage_controlAndBidiCharactersBecomeReplacementCharacters() {
    String db = "jdbc:h2:" + dir.resolve("progress").toAbsolutePath();
    Cli.Run imported = run("import", "--events", events, "--db", db);
    Cli.Run shown = run("show", "--db", db, "--user", "zoe" + EVIL);

    assertThat(imported.status()).isEqualTo(1);
    assertThat(imported.err()).isEqualTo("line 2: timestamp \"" + EVIL_CLEANED + "\" is not an RFC 3339 date-time"
        + " such as 2026-11-01T09:30:00Z or 2026-11-01T10:30:00.5+01:00\n"
        + "line 3: type 'bad\uFFFD[31m' is not known; register a rule for it\n");
    assertThat(shown.status()).isZero();
    assertThat(shown.err()).isEqualTo("progress show: no events stored for user 'zoe" + EVIL_CLEANED + "'\n");
  }

  @Test
  void messagesQuotingFileNamesAndOptionValues_controlAndBidiCharactersBecomeReplacementCharacters() {
    Cli.Run missing = run("report", "--events", dir.resolve("missing" + EVIL + ".jsonl").toString());
    Cli.Run badValue = run("report", "--events", events, "--format", "html" + EVIL);

    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err()).doesNotContain("\u001b").doesNotContain("\u202e").contains("missing" + EVIL_CLEANED);
    assertThat(badValue.status()).isEqualTo(2);
    assertThat(badValue.err()).doesNotContain("\u001b").doesNotContain("\u202e").contains("html" + EVIL_CLEANED);
  }
}
