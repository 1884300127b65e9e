package dev.progress.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ParseOnlyTest {

  /** The parse-only pass reads a log as the report does: blank lines skipped, bad lines counted, not thrown. */
  @Test
  void parseAll_countsEventsAndRejectedLines() throws Exception {
    String log = """
        {"id": "e1", "userId": "u1", "spaceId": "s1", "type": "task", "itemId": "t1", "value": 100, "timestamp": "2026-01-01T00:00:00Z"}

        {"id": "e2", "userId": "u1", "spaceId": "s1", "type": "task", "value": 140, "timestamp": "2026-01-01T00:00:00Z"}
        not json
        {"id": "e33", "userId": "u2", "spaceId": "s1", "type": "time", "value": 5, "timestamp": "2026-01-01T00:00:01Z"}
        """;
    long[] counts = ParseOnly.parseAll(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)));
    assertThat(counts[0]).as("events").isEqualTo(2);
    assertThat(counts[1]).as("rejected lines").isEqualTo(2);
    assertThat(counts[2]).as("sum of the events' id lengths").isEqualTo(5);
  }
}
