package dev.progress.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

  private record Result(int status, String out, String err) {}

  private Result java(String... args) throws IOException, InterruptedException {
    String jar = System.getProperty("progress.jar");
    assertThat(jar).as("system property progress.jar, set by the failsafe configuration").isNotNull();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
    command.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process process = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the jar finishes within a minute").isTrue();
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
