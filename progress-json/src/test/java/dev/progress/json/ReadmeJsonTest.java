package dev.progress.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progress.core.ProgressTracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's "JSON and untrusted input" snippet is this code: the test checks the README shows it, and runs it. */
class ReadmeJsonTest {

  @Test
  void snippet() {
    ProgressTracker tracker =
        ProgressTracker.builder().clock(InstantSource.fixed(Instant.parse("2026-11-01T00:00:00Z"))).build();

    // README begin
    List<ItemResult> results = ProgressJson.trackAll(tracker, List.of(
        Map.of("userId", "ana", "spaceId", "algebra", "type", "time", "value", 45, "timestamp", "2026-10-01T10:00:00Z"),
        "{\"userId\": \"ana\", \"spaceId\": \"algebra\", \"itemId\": \"t1\", \"type\": \"task\", \"value\": 140, "
            + "\"timestamp\": \"2026-10-01T10:00:00Z\"}"));
    results.get(1).reason();   // value 140 is out of range 0..100 for type task
    // README end

    assertThat(results.get(0).status()).isEqualTo(ItemResult.Status.ACCEPTED);
    assertThat(results.get(1).reason()).isEqualTo("value 140 is out of range 0..100 for type task");
    assertThat(tracker.spaceProgress("ana", "algebra").component("time")).isEqualTo(75.0);
  }

  @Test
  void readmeShowsTheSnippet() throws IOException {
    String source = Files.readString(Path.of("src/test/java/dev/progress/json/ReadmeJsonTest.java"));
    String snippet = source.substring(source.indexOf("// README begin\n") + 16, source.indexOf("    // README end"))
        .replaceAll("(?m)^    ", "");
    assertThat(Files.readString(Path.of("../README.md"))).contains(snippet);
  }
}
