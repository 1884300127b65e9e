package dev.progress.json;

import static java.util.Objects.requireNonNull;

import dev.progress.core.InvalidConfigurationException;
import dev.progress.core.Plan;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON formats of the progress model: events (section 1, one per line in a log), the plan (section 5) and
 * the report (section 6), and untrusted input tracked with one result per item instead of exceptions.
 *
 * <pre>{@code
 * List<ItemResult> results = ProgressJson.trackAll(tracker, List.of(
 *     Map.of("userId", "ana", "spaceId", "algebra", "type", "time", "value", 45, "timestamp", "2026-10-01T10:00:00Z"),
 *     "{\"userId\": \"ana\", \"spaceId\": \"algebra\", \"type\": \"task\", \"value\": 140, ...}"));
 * // results.get(0): ACCEPTED; results.get(1): REJECTED, "value 140 is out of range 0..100 for type task"
 * Plan plan = ProgressJson.readPlan(Files.newInputStream(Path.of("plan.json")));
 * }</pre>
 *
 * <p>To read events one at a time use an {@link EventReader}; to stream a long log into a tracker, an
 * {@link EventLog}. Stateless; safe for concurrent use.
 */
public final class ProgressJson {
  private ProgressJson() {}

  /**
   * Tracks untrusted items, each a JSON object as text, a map of an event's fields (as a JSON parser gives
   * them; see {@link EventReader#read(Map)}) or a {@link ProgressEvent}, and says what became of each: one
   * {@link ItemResult} per item, in the items' order, with the item's 0-based index as its position. Invalid
   * items are rejected naming the field and the value; the valid ones go to the tracker in order, in one
   * {@link ProgressTracker#trackAll} call, so a bad item never drops a valid neighbour. Items without an id get
   * the deterministic id an {@link EventReader} gives, counting occurrences within this call.
   */
  public static List<ItemResult> trackAll(ProgressTracker tracker, List<?> items) {
    requireNonNull(tracker, "tracker");
    List<ItemResult> results = new ArrayList<>(items.size());
    EventLog log = EventLog.into(tracker).chunkSize(Math.max(1, items.size())).onResult(results::add).build();
    EventReader reader = EventReader.create();
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      if (item instanceof ProgressEvent event) {
        log.add(event, i);
      } else {
        log.add(parse(reader, item), i);
      }
    }
    log.finish();
    return results;
  }

  /**
   * Tracks a JSON Lines log ({@link EventReader#readLines}) and says what became of each non-blank line, with
   * its line number as position. For logs too long to keep a result per line, use an {@link EventLog}.
   *
   * @throws IOException when {@code lines} cannot be read; the lines before were tracked
   */
  public static List<ItemResult> trackLines(ProgressTracker tracker, InputStream lines) throws IOException {
    List<ItemResult> results = new ArrayList<>();
    EventLog.into(tracker).onResult(results::add).build().read(lines);
    return results;
  }

  /**
   * Reads a plan (section 5 of the model) from UTF-8 JSON, with or without a byte order mark.
   *
   * @throws InvalidConfigurationException when it is not UTF-8 or JSON, has an unknown or wrong-typed key, or
   *     contradicts itself; the message names the place ({@code spaces[0].tasks must be a whole number, not 2.5})
   * @throws IOException when {@code in} cannot be read
   */
  public static Plan readPlan(InputStream in) throws IOException {
    return PlanJson.read(in.readAllBytes());
  }

  /** Reads a plan from JSON text, as {@link #readPlan(InputStream)} does. */
  public static Plan readPlan(String json) {
    return PlanJson.read(json);
  }

  /**
   * Writes the report of section 6 of the model: keys in the order shown there, lists sorted by id, numbers
   * rounded half up to 4 decimals and printed with at least one ({@code 58.0}, {@code 33.3333}), one key per
   * line, and a final line end. Does not close {@code out}.
   */
  public static void writeReport(Report report, Writer out) throws IOException {
    ReportJson.write(report, out);
  }

  /**
   * A report written one user at a time ({@link ReportWriter#user}), for reports of many users: the same JSON as
   * {@link #writeReport} without holding every user at once.
   *
   * @param summary the counts and rejected lines of the log the report is about
   */
  public static ReportWriter reportWriter(Writer out, Instant asOf, EventLog.Summary summary) throws IOException {
    return ReportJson.open(out, asOf, summary.accepted(), summary.duplicates(), summary.rejected());
  }

  /**
   * An event's metadata as JSON text, to store it; {@link #readMetadata} gives back metadata that makes an equal
   * event, even through a database that changes the notation of numbers.
   */
  public static String writeMetadata(Map<String, ?> metadata) {
    return MetadataJson.write(metadata);
  }

  /**
   * Metadata written by {@link #writeMetadata}, as a map for {@link ProgressEvent}.
   *
   * @throws IllegalArgumentException when {@code json} is not a JSON object
   */
  public static Map<String, @Nullable Object> readMetadata(String json) {
    return MetadataJson.read(json);
  }

  private static ParsedEvent parse(EventReader reader, Object item) {
    if (item instanceof String json) {
      return reader.read(json);
    }
    if (item instanceof Map<?, ?> map) {
      for (Object key : map.keySet()) {
        if (!(key instanceof String)) {
          return new ParsedEvent(0, null, "an event's keys must be strings, not " + key);
        }
      }
      @SuppressWarnings("unchecked")
      Map<String, ?> fields = (Map<String, ?>) map;
      return reader.read(fields);
    }
    return new ParsedEvent(0, null, item == null ? "an event must be a JSON object, not null"
        : "an event must be JSON text, a map of fields or a ProgressEvent, not a " + item.getClass().getName());
  }
}
