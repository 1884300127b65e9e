package dev.progress.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.core.ProgressEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventJsonTest {

  /** The fast path must agree with Instant.parse on everything it accepts, and leave the rest to it. */
  @Test
  void plainUtcSeconds_agreesWithInstantParse() {
    for (String t : List.of("2026-11-01T09:30:00Z", "1970-01-01T00:00:00Z", "2024-02-29T23:59:59Z",
        "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z")) {
      assertThat(EventJson.plainUtcSeconds(t)).as(t).isEqualTo(Instant.parse(t));
    }
    for (String t : List.of("2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-01T24:00:00Z",
        "2026-11-01T23:59:60Z", "2026-11-01T09:30:00.5Z", "2026-11-01T09:30:00+01:00", "2026-11-01 09:30:00Z",
        "2026-1a-01T09:30:00Z", "+2026-11-01T09:30:0Z")) {
      assertThat(EventJson.plainUtcSeconds(t)).as(t).isNull();
    }
  }

  @Test
  void parse_timestampForms() throws Exception {
    EventJson json = new EventJson();
    String line = "{\"id\":\"a\",\"userId\":\"u\",\"spaceId\":\"s\",\"type\":\"time\",\"value\":5,\"timestamp\":\"%s\"}";

    assertThat(json.parse(line.formatted("2026-11-01T09:30:00.123456789Z")).timestamp())
        .isEqualTo(Instant.parse("2026-11-01T09:30:00.123456789Z"));
    assertThat(json.parse(line.formatted("2026-11-01T10:30:00+01:00")).timestamp())
        .isEqualTo(Instant.parse("2026-11-01T09:30:00Z"));
    assertThatThrownBy(() -> json.parse(line.formatted("2026-02-29T00:00:00Z")))
        .hasMessage("timestamp \"2026-02-29T00:00:00Z\" is not an ISO-8601 instant such as 2026-11-01T09:30:00Z");
  }

  @Test
  void parse_withoutId_deterministicPerContentAndOccurrence() throws Exception {
    String a = "{\"userId\":\"u\",\"spaceId\":\"s\",\"type\":\"time\",\"value\":5,\"timestamp\":\"2026-11-01T09:30:00Z\"}";
    String sameContent = "{ \"timestamp\": \"2026-11-01T09:30:00Z\", \"value\": 5.0, \"type\": \"time\", \"spaceId\": \"s\", \"userId\": \"u\" }";
    String other = a.replace("\"value\":5", "\"value\":6");

    EventJson first = new EventJson();
    ProgressEvent a1 = first.parse(a);
    ProgressEvent a2 = first.parse(sameContent);
    ProgressEvent b1 = first.parse(other);
    EventJson second = new EventJson();

    assertThat(a1.id()).isNotEqualTo(a2.id()).isNotEqualTo(b1.id());
    assertThat(second.parse(sameContent).id()).isEqualTo(a1.id());
    assertThat(second.parse(a).id()).isEqualTo(a2.id());
    assertThat(a1.withId("x")).isEqualTo(a2.withId("x"));
  }
}
