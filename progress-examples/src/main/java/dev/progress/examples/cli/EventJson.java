package dev.progress.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.progress.core.EventType;
import dev.progress.core.InvalidEventException;
import dev.progress.core.ProgressEvent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Reads one line of a JSON Lines event log into a {@link ProgressEvent}, with the field names of section 1 of
 * the model. A line that is not JSON, has an unknown or wrong-typed field, or breaks a rule of the model is
 * refused with a {@link BadLineException} whose message names the field and the value.
 *
 * <p>An event without {@code id} gets a deterministic one, so that importing the same file twice adds
 * nothing: a name-based UUID (version 3) of its canonical content (userId, spaceId, goalId, itemId, type,
 * value, timestamp and metadata with sorted keys, as parsed, so whitespace and key order do not matter) and of
 * its occurrence number among the id-less lines of the file with that same content. Two identical id-less
 * lines are thus two events, as two separate calls without ids would be. The occurrence counts are the one
 * thing kept per id-less line. Not thread-safe; one instance reads one file.
 */
final class EventJson {
  private static final ObjectReader READER = Json.MAPPER.readerFor(EventLine.class);
  private static final Map<String, Collection<String>> FIELDS =
      Map.of(EventLine.class.getSimpleName(), Json.fieldsOf(EventLine.class));
  /** Stands in for the id until the canonical content of an id-less event is known. */
  private static final String PENDING_ID = "pending";

  /**
   * Most distinct strings that {@link #intern} shares. A log repeats the same user, space, item and skill names
   * on every line, and the tracker keeps those names in its per-key and per-item state; sharing one copy of
   * each saves parsing garbage and keeps the state small. The bound keeps a log of unique names from growing
   * this map without limit: past it, strings are simply not shared.
   */
  static final int MAX_INTERNED = 100_000;

  private final Map<UUID, Integer> occurrences = new HashMap<>();
  private final Map<String, String> interned = new HashMap<>();

  /** An event line exactly as JSON gives it; the model's rules are checked by {@link ProgressEvent}. */
  record EventLine(
      @Nullable String id,
      @Nullable String userId,
      @Nullable String spaceId,
      @Nullable String goalId,
      @Nullable String itemId,
      @Nullable String type,
      @Nullable Double value,
      @Nullable String timestamp,
      @Nullable Map<String, Object> metadata) {}

  /** A line that is not a valid event; the message says why. Carries no stack trace: it is not a bug. */
  static final class BadLineException extends Exception {
    private static final long serialVersionUID = 1L;

    BadLineException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Parses and validates one non-blank line.
   *
   * @throws BadLineException naming what is wrong
   */
  ProgressEvent parse(String line) throws BadLineException {
    EventLine in;
    try {
      in = READER.readValue(line);
    } catch (JsonProcessingException e) {
      throw new BadLineException(Json.describe(e, "an event", FIELDS, treeOrNull(line)));
    }
    if (in == null) {
      throw new BadLineException("an event must be a JSON object, not null");
    }
    try {
      ProgressEvent event = new ProgressEvent(
          in.id() == null ? PENDING_ID : in.id(),
          intern(required("userId", in.userId())),
          intern(in.spaceId()),
          intern(in.goalId()),
          intern(in.itemId()),
          EventType.of(required("type", in.type())),
          required("value", in.value()),
          timestamp(required("timestamp", in.timestamp())),
          internValues(in.metadata()));
      return in.id() == null ? event.withId(deterministicId(event)) : event;
    } catch (InvalidEventException e) {
      throw new BadLineException(e.getMessage());
    }
  }

  /** The line as a tree, to quote a wrong-typed value; only read again once the line is known to be bad. */
  private static @Nullable JsonNode treeOrNull(String line) {
    try {
      return Json.MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** One shared copy of each repeated name, up to {@link #MAX_INTERNED} names. */
  private @Nullable String intern(@Nullable String value) {
    if (value == null) {
      return null;
    }
    String shared = interned.get(value);
    if (shared != null) {
      return shared;
    }
    if (interned.size() < MAX_INTERNED) {
      interned.put(value, value);
    }
    return value;
  }

  /** Metadata with its top-level string values ({@code skill}, {@code difficulty}, ...) shared. */
  private @Nullable Map<String, Object> internValues(@Nullable Map<String, Object> metadata) {
    if (metadata == null) {
      return null;
    }
    metadata.replaceAll((key, value) -> value instanceof String s ? intern(s) : value);
    return metadata;
  }

  private static <T> T required(String field, @Nullable T value) {
    if (value == null) {
      throw new InvalidEventException(field + " is required");
    }
    return value;
  }

  private static Instant timestamp(String text) {
    Instant fast = plainUtcSeconds(text);
    if (fast != null) {
      return fast;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidEventException("timestamp \"" + Json.abbreviate(text)
          + "\" is not an ISO-8601 instant such as 2026-11-01T09:30:00Z");
    }
  }

  /**
   * The common {@code 2026-11-01T09:30:00Z} form without {@link Instant#parse}, which builds a formatter on every
   * call (a seventh of a report's time). Anything else, or anything out of range, is left to
   * {@link Instant#parse}, so the accepted inputs and the errors are exactly its own.
   */
  static @Nullable Instant plainUtcSeconds(String t) {
    if (t.length() != 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
        || t.charAt(13) != ':' || t.charAt(16) != ':' || t.charAt(19) != 'Z') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 7);
    int day = digits(t, 8, 10);
    int hour = digits(t, 11, 13);
    int minute = digits(t, 14, 16);
    int second = digits(t, 17, 19);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The decimal number in {@code t[from, to)}, or -1 when a character is not an ASCII digit. */
  private static int digits(String t, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private String deterministicId(ProgressEvent e) {
    List<Object> canonical = new ArrayList<>(Arrays.asList(
        e.userId(), e.spaceId(), e.goalId(), e.itemId(), e.type().name(),
        BigDecimal.valueOf(e.value()).stripTrailingZeros().toPlainString(), e.timestamp().toString(),
        e.metadata()));
    byte[] content;
    try {
      content = Json.MAPPER.writeValueAsBytes(canonical);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("validated metadata is always serializable", ex);
    }
    UUID base = UUID.nameUUIDFromBytes(content);
    int occurrence = occurrences.merge(base, 1, Integer::sum);
    byte[] occurrenceBytes = ("#" + occurrence).getBytes(StandardCharsets.UTF_8);
    byte[] named = Arrays.copyOf(content, content.length + occurrenceBytes.length);
    System.arraycopy(occurrenceBytes, 0, named, content.length, occurrenceBytes.length);
    return UUID.nameUUIDFromBytes(named).toString();
  }
}
