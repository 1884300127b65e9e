package dev.progress.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Untrusted input without exceptions (issue 8): one result per item from one call, as the command line gives
 * one per line, instead of an {@code InvalidEventException} to catch around each {@code build()}.
 */
class ProgressJsonTest {
  static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");

  private static ProgressTracker tracker() {
    return ProgressTracker.builder().clock(InstantSource.fixed(NOW)).build();
  }

  private static Map<String, Object> time(String id, String user, Object minutes) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (id != null) {
      fields.put("id", id);
    }
    fields.put("userId", user);
    fields.put("spaceId", "algebra");
    fields.put("type", "time");
    fields.put("value", minutes);
    fields.put("timestamp", "2026-10-01T10:00:00Z");
    return fields;
  }

  @Test
  void trackAll_oneResultPerItem_badItemsNeverDropValidNeighbours() {
    ProgressTracker tracker = tracker();
    Map<String, Object> unknownKey = time("k", "ana", 5);
    unknownKey.put("colour", "red");
    List<Object> items = new ArrayList<>(Arrays.asList(
        time("a", "ana", 30),                                                                                 // 0
        "{\"id\":\"b\",\"userId\":\"ana\",\"spaceId\":\"algebra\",\"type\":\"task\",\"itemId\":\"t1\","
            + "\"value\":140,\"timestamp\":\"2026-10-01T10:00:00Z\"}",                                      // 1
        time("a", "ana", 30.0),                                                                               // 2
        time("a", "ana", 31),                                                                                 // 3
        time("c", "ana", "12"),                                                                               // 4
        "not json",                                                                                           // 5
        null,                                                                                                 // 6
        42,                                                                                                   // 7
        unknownKey,                                                                                           // 8
        ProgressEvent.builder().id("d").user("ben").time("algebra", 6).at(NOW).build(),                       // 9
        time("e", "ana", 6).entrySet().stream().collect(HashMap::new,
            (m, e) -> m.put(e.getKey(), e.getKey().equals("timestamp") ? "2026-11-01T12:06:00Z" : e.getValue()),
            HashMap::putAll)));                                                                               // 10

    List<ItemResult> results = ProgressJson.trackAll(tracker, items);

    assertThat(results).extracting(ItemResult::position).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    assertThat(results).extracting(ItemResult::status).containsExactly(
        ItemResult.Status.ACCEPTED, ItemResult.Status.REJECTED, ItemResult.Status.DUPLICATE,
        ItemResult.Status.REJECTED, ItemResult.Status.REJECTED, ItemResult.Status.REJECTED,
        ItemResult.Status.REJECTED, ItemResult.Status.REJECTED, ItemResult.Status.REJECTED,
        ItemResult.Status.ACCEPTED, ItemResult.Status.REJECTED);
    assertThat(results.get(0).eventId()).isEqualTo("a");
    assertThat(results.get(1).reason()).isEqualTo("value 140 is out of range 0..100 for type task");
    assertThat(results.get(3).reason()).contains("id 'a' conflicts");
    assertThat(results.get(4).reason()).isEqualTo("value must be a number, not \"12\"");
    assertThat(results.get(5).reason()).startsWith("not valid JSON");
    assertThat(results.get(6).reason()).isEqualTo("an event must be a JSON object, not null");
    assertThat(results.get(7).reason()).isEqualTo(
        "an event must be JSON text, a map of fields or a ProgressEvent, not a java.lang.Integer");
    assertThat(results.get(8).reason()).startsWith("unknown key 'colour' in an event");
    assertThat(results.get(10).reason()).contains("is later than the clock");
    assertThat(tracker.spaceProgress("ana", "algebra").component("time")).isEqualTo(50.0);
    assertThat(tracker.spaceProgress("ben", "algebra").component("time")).isEqualTo(10.0);
  }

  /** Items without an id get the command line's deterministic ids: sending the same batch again adds nothing. */
  @Test
  void trackAll_itemsWithoutId_resentBatchIsAllDuplicates() {
    ProgressTracker tracker = tracker();
    List<Object> items = List.of(time(null, "ana", 5), time(null, "ana", 5), time(null, "ana", 5.0));

    List<ItemResult> first = ProgressJson.trackAll(tracker, items);
    List<ItemResult> again = ProgressJson.trackAll(tracker, items);

    assertThat(first).allMatch(ItemResult::isAccepted);
    assertThat(first).extracting(ItemResult::eventId).doesNotHaveDuplicates();
    assertThat(again).allMatch(ItemResult::isDuplicate);
    assertThat(again).extracting(ItemResult::eventId).containsExactlyElementsOf(
        first.stream().map(ItemResult::eventId).toList());
    assertThat(tracker.spaceProgress("ana", "algebra").component("time")).isEqualTo(25.0);
  }

  @Test
  void trackLines_resultPerNonBlankLine_withItsNumber() throws IOException {
    String log = "{\"id\":\"a\",\"userId\":\"ana\",\"spaceId\":\"algebra\",\"type\":\"time\",\"value\":30,"
        + "\"timestamp\":\"2026-10-01T10:00:00Z\"}\n\n{\"userId\":\"ana\"}\n"
        + "{\"id\":\"a\",\"userId\":\"ana\",\"spaceId\":\"algebra\",\"type\":\"time\",\"value\":30,"
        + "\"timestamp\":\"2026-10-01T10:00:00Z\"}\n";

    List<ItemResult> results = ProgressJson.trackLines(tracker(),
        new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)));

    assertThat(results).extracting(ItemResult::position).containsExactly(1L, 3L, 4L);
    assertThat(results).extracting(ItemResult::status).containsExactly(
        ItemResult.Status.ACCEPTED, ItemResult.Status.REJECTED, ItemResult.Status.DUPLICATE);
    assertThat(results.get(1).reason()).isEqualTo("type is required");
  }

  @Test
  void eventLog_asOf_ignoresLaterEvents_andReportsThem() throws IOException {
    String log = "{\"id\":\"late\",\"userId\":\"ana\",\"spaceId\":\"s1\",\"goalId\":\"g2\",\"type\":\"time\","
        + "\"value\":30,\"timestamp\":\"2026-10-02T00:00:01Z\"}\n"
        + "{\"id\":\"early\",\"userId\":\"ana\",\"spaceId\":\"s1\",\"goalId\":\"g1\",\"type\":\"time\","
        + "\"value\":30,\"timestamp\":\"2026-10-01T23:00:00Z\"}\n";
    List<ItemResult> results = new ArrayList<>();
    ProgressTracker tracker = tracker();

    EventLog.Summary summary = EventLog.into(tracker).asOf(Instant.parse("2026-10-02T00:00:00Z"))
        .onResult(results::add).chunkSize(1).build()
        .read(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)));

    assertThat(summary).isEqualTo(new EventLog.Summary(1, 0, List.of(), 1));
    assertThat(results).extracting(ItemResult::status)
        .containsExactly(ItemResult.Status.IGNORED, ItemResult.Status.ACCEPTED);
    assertThat(tracker.spaceProgress("ana", "s1").goalId()).isEqualTo("g1");
  }

  @Test
  void writeReport_sectionSixShape() throws IOException {
    ProgressTracker tracker = tracker();
    ProgressJson.trackAll(tracker, List.of(time("a", "ana", 30)));
    Report report = new Report(NOW, 1, 0, List.of(new Rejection(2, "type is required")),
        List.of(tracker.userProgress("ana")));
    StringWriter out = new StringWriter();

    ProgressJson.writeReport(report, out);

    assertThat(out.toString()).isEqualTo("""
        {
          "asOf": "2026-11-01T12:00:00Z",
          "accepted": 1,
          "duplicates": 0,
          "rejected": [
            {
              "line": 2,
              "error": "type is required"
            }
          ],
          "users": [
            {
              "userId": "ana",
              "spaces": [
                {
                  "spaceId": "algebra",
                  "goalId": null,
                  "total": 10.0,
                  "components": {
                    "task": 0.0,
                    "time": 50.0,
                    "milestone": 0.0,
                    "interaction": 0.0
                  }
                }
              ],
              "goals": [],
              "skills": []
            }
          ]
        }
        """);
  }

  /** Metadata values may be null: written as JSON null, read back as null, and the event rebuilt is equal. */
  @Test
  void metadata_nullValues_roundTrip() {
    Map<String, Object> nested = new HashMap<>();
    nested.put("inner", null);
    ProgressEvent event = ProgressEvent.builder().user("ana").time("algebra", 5).at(NOW)
        .meta("note", null).meta("nested", nested).build();

    String json = ProgressJson.writeMetadata(event.metadata());
    Map<String, Object> back = ProgressJson.readMetadata(json);

    assertThat(json).isEqualTo("{\"note\":null,\"nested\":{\"inner\":null}}");
    assertThat(back).containsEntry("note", null);
    assertThat(new ProgressEvent(event.id(), "ana", "algebra", null, null, event.type(), 5, NOW, back))
        .isEqualTo(event);
  }
}
