package dev.progress.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged {@code target/progress.jar} as a separate process, the way users run it: a fresh JVM, the
 * shaded dependencies, real standard streams and exit status.
 */
class ProgressJarIT {
  @TempDir Path dir;

  @Test
  void report_fromTheJar_printsTheSectionSixReport() throws Exception {
    Path events = dir.resolve("events.jsonl");
    Files.writeString(events, ReportCommandTest.SPEC_EVENTS, StandardCharsets.UTF_8);
    Path plan = dir.resolve("plan.json");
    Files.writeString(plan, ReportCommandTest.SPEC_PLAN, StandardCharsets.UTF_8);

    Result result = java("report", "--events", events.toString(), "--plan", plan.toString(),
        "--as-of", "2026-11-01T00:00:00Z");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).isEmpty();
    JsonNode report = new ObjectMapper().readTree(result.out());
    assertThat(report.get("accepted").asLong()).isEqualTo(9);
    assertThat(report.at("/users/0/goals/0/total").asText()).isEqualTo("52.8");
    assertThat(result.out()).contains("\"milestone\": 33.3333");
  }

  @Test
  void demo_fromTheJar_printsTheDashboardInUtf8() throws Exception {
    Result result = java("demo");

    assertThat(result.status()).isZero();
    assertThat(result.out()).contains("User ana").contains("█").contains("line 26: value 140");
  }

  @Test
  void badOption_fromTheJar_exitsTwoWithoutStackTrace() throws Exception {
    Result result = java("report", "--events", dir.resolve("missing.jsonl").toString());

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("does not exist").doesNotContain("Exception").doesNotContain("\tat ");
  }

  /**
   * Standard output closed before anything is written (a pipe whose reader is gone): the writes fail, the
   * command exits 2 saying so. Before, the failure was kept by the writers and the command exited 1 (a rejected
   * line) with nothing on standard error.
   */
  @Test
  void report_standardOutputClosed_fromTheJar_exitsTwoSayingSo() throws Exception {
    Path events = dir.resolve("events.jsonl");
    Files.writeString(events, ReportCommandTest.SPEC_EVENTS, StandardCharsets.UTF_8);
    String jar = System.getProperty("progress.jar");
    assertThat(jar).as("system property progress.jar, set by the failsafe configuration").isNotNull();
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar, "report", "--events", events.toString(), "--format", "text")
        .directory(dir.toFile())
        .redirectError(dir.resolve("err.txt").toFile())
        .start();
    process.getOutputStream().close();
    process.getInputStream().close(); // the JVM ignores SIGPIPE: its writes fail with "Broken pipe"

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the jar finishes within a minute").isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8))
        .isEqualTo("progress report: cannot write to standard output\n");
  }

  /**
   * Issue 12, item 1, as a user meets it: a second process drops {@code progress_current} while {@code import}
   * runs (H2 {@code AUTO_SERVER=TRUE}, so both can use the file). Before, every later line was "rejected" (exit
   * 1) with a WARN and a stack trace per user on standard error; now: exit 2, one line, no stack frame, and
   * everything before the failure stays stored.
   */
  @Test
  void import_tableDroppedByAnotherProcessInTheMiddle_fromTheJar_oneLineNoStackTrace() throws Exception {
    String url = "jdbc:h2:" + dir.resolve("shared").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    int chunk = ImportCommand.DATABASE_CHUNK;
    Process process = start("import", "--events", "-", "--db", url);
    try (Writer stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
      stdin.write(Logs.lines(1, chunk));
      stdin.flush();
      Jdbi other = Jdbi.create(url);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (storedEvents(other) < chunk) {
        assertThat(System.nanoTime()).as("the first chunk is stored within a minute").isLessThan(deadline);
        Thread.sleep(100);
      }
      other.useHandle(h -> h.execute("DROP TABLE progress_current"));
      stdin.write(Logs.lines(chunk + 1, chunk + 300));
    }
    Result result = finish(process);

    assertThat(result.status()).as(result.err()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).doesNotContain("\tat ").doesNotContain("WARN").hasLineCount(1)
        .startsWith("progress import: the database failed at line " + (chunk + 1) + ": the progress schema is not "
            + "usable: table progress_current is missing.");
    assertThat(storedEvents(Jdbi.create(url))).isEqualTo(chunk);
  }

  /** Issue 12, item 5: H2 printed 53 lines of its own stack trace when it could not create its trace file. */
  @Test
  void import_locationUnderARegularFile_fromTheJar_oneLineNoStackTrace() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Path events = Files.writeString(dir.resolve("events.jsonl"), Logs.lines(1, 10), StandardCharsets.UTF_8);

    Result result = java("import", "--events", events.toString(), "--db", "jdbc:h2:" + file + "/progress");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("progress import: cannot open the database jdbc:h2:" + file
        + "/progress: " + file + " is a file, not a directory\n");
  }

  /** Issue 12, item 7. */
  @Test
  void asOf_outOfRange_fromTheJar_optionErrorNoStackTrace() throws Exception {
    Path events = Files.writeString(dir.resolve("events.jsonl"), Logs.lines(1, 10), StandardCharsets.UTF_8);

    Result result = java("report", "--events", events.toString(), "--as-of", "+1000000000-12-31T23:55:00Z");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).startsWith("progress report: Invalid value for option '--as-of': "
        + "'+1000000000-12-31T23:55:00Z' is outside the years 1..9999").doesNotContain("\tat ");
  }

  /**
   * Issue 12, item 4: running out of memory printed a raw stack trace and exited 1 with no output. Now it is
   * one sentence saying how much heap there was and how much to give, and exit status 2.
   */
  @Test
  void report_outOfMemory_fromTheJar_oneSentenceSayingHowMuchHeap() throws Exception {
    StringBuilder log = new StringBuilder();
    for (int u = 0; u < 60_000; u++) {
      log.append("{\"userId\":\"user-").append(u).append("\",\"spaceId\":\"s1\",\"type\":\"time\",")
          .append("\"value\":5,\"timestamp\":\"2026-10-01T10:00:00Z\"}\n");
    }
    Path events = Files.writeString(dir.resolve("events.jsonl"), log, StandardCharsets.UTF_8);

    Result result = javaWith(List.of("-Xmx48m"), "report", "--events", events.toString());

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).startsWith("progress report: ran out of memory with a ")
        .contains("MB heap").contains("give Java more, e.g. java -Xmx512m -jar progress.jar report ...")
        .doesNotContain("\tat ").doesNotContain("Exception");
  }

  /**
   * Issue 12, item 4: the report of a log of many users was built whole (every user's figures and analytics)
   * before it was written, which took more heap than the users' states: 25,000 users of 5 events needed more
   * than 192 MB. It is written user by user now and runs in 160 MB (it needs about 120).
   */
  @Test
  void report_ofManyUsers_isWrittenUserByUser_inASmallHeap() throws Exception {
    StringBuilder log = new StringBuilder();
    String[] kinds = {
      "\"itemId\":\"t%d\",\"type\":\"task\",\"value\":100,\"metadata\":{\"skill\":\"coding\"}",
      "\"type\":\"time\",\"value\":30,\"metadata\":{\"skill\":\"coding\"}",
      "\"itemId\":\"m1\",\"type\":\"milestone\",\"value\":100",
      "\"type\":\"interaction\",\"value\":80",
      "\"itemId\":\"t%d\",\"type\":\"task\",\"value\":100,\"metadata\":{\"skill\":\"coding\"}"};
    for (int n = 0; n < 5; n++) {
      for (int u = 0; u < 25_000; u++) {
        log.append("{\"id\":\"e").append(n).append("\",\"userId\":\"user-").append(u)
            .append("\",\"spaceId\":\"space-").append(u % 7).append("\",\"goalId\":\"goal-").append(u % 3)
            .append("\",").append(String.format(java.util.Locale.ROOT, kinds[n], n))
            .append(String.format(java.util.Locale.ROOT, ",\"timestamp\":\"2026-10-%02dT10:00:00Z\"}%n", n + 1));
      }
    }
    Path events = Files.writeString(dir.resolve("events.jsonl"), log, StandardCharsets.UTF_8);

    Result result = javaWith(List.of("-Xmx160m"), "report", "--events", events.toString(),
        "--as-of", "2026-11-01T00:00:00Z");

    assertThat(result.err()).isEmpty();
    assertThat(result.status()).isEqualTo(0);
    JsonNode report = new ObjectMapper().readTree(result.out());
    assertThat(report.get("accepted").asLong()).isEqualTo(125_000);
    assertThat(report.get("users")).hasSize(25_000);
    assertThat(report.at("/users/0/analytics/streak/longest").asInt()).isEqualTo(5);
  }

  private static long storedEvents(Jdbi jdbi) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM progress_events").mapTo(Long.class).one());
  }

  private record Result(int status, String out, String err) {}

  private Result java(String... args) throws IOException, InterruptedException {
    Process process = start(args);
    process.getOutputStream().close();
    return finish(process);
  }

  private Result javaWith(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
    Process process = start(jvmOptions, args);
    process.getOutputStream().close();
    return finish(process);
  }

  private Process start(String... args) throws IOException {
    return start(List.of(), args);
  }

  private Process start(List<String> jvmOptions, String... args) throws IOException {
    String jar = System.getProperty("progress.jar");
    assertThat(jar).as("system property progress.jar, set by the failsafe configuration").isNotNull();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile())
        .start();
  }

  private Result finish(Process process) throws IOException, InterruptedException {
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the jar finishes within a minute").isTrue();
    return new Result(process.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
  }
}
