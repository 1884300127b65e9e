package dev.progress.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The README's quickstart is this code: the test checks the README still shows it, then runs it. */
class ReadmeQuickstartTest {

  static void quickstart(PrintStream out) {
    // README-BEGIN
    ProgressTracker tracker = ProgressTracker.inMemory();
    Instant now = Instant.now();

    tracker.track(ProgressEvent.builder().user("ana").task("algebra", "t1", 100).at(now).build());
    tracker.track(ProgressEvent.builder().user("ana").task("algebra", "t2", 50).at(now).build());
    tracker.track(ProgressEvent.builder().user("ana").time("algebra", 45).at(now).build());
    tracker.track(ProgressEvent.builder().user("ana").milestone("algebra", "m1", 100).at(now).build());

    Progress algebra = tracker.spaceProgress("ana", "algebra");
    out.println(algebra.explanation());
    // README-END
  }

  @Test
  void readmeShowsTheQuickstart() throws IOException {
    String source = Files.readString(Path.of("src/test/java/dev/progress/core/ReadmeQuickstartTest.java"));
    String snippet = source.substring(source.indexOf("// README-BEGIN\n") + 16, source.indexOf("    // README-END"))
        .replaceAll("(?m)^    ", "");
    String readme = Files.readString(Path.of("../README.md"));
    assertThat(readme).contains(snippet);
  }

  @Test
  void quickstartRunsAndExplainsTheScore() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    quickstart(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("""
        task 50.0 x 0.40 = 20.00
        time 75.0 x 0.20 = 15.00
        milestone 100.0 x 0.30 = 30.00
        interaction 0.0 x 0.10 = 0.00
        total = 65.00
        """);
  }
}
