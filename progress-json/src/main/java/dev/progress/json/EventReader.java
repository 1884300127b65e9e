package dev.progress.json;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.progress.core.EventType;
import dev.progress.core.InvalidEventException;
import dev.progress.core.ProgressEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Reads events in the format of section 1 of the model, from untrusted input, without exceptions: every item
 * gives a {@link ParsedEvent} that holds either a valid {@link ProgressEvent} or the reason it is not one,
 * naming the field and the value ({@code value must be a number, not "abc"}, {@code unknown key 'colour' in an
 * event}, {@code duplicate key 'value'}). An item is a JSON object as text, a map of the same fields (as a JSON
 * parser gives them), or a line of a JSON Lines log ({@link #readLines}).
 *
 * <p>Strict: unknown keys, duplicate keys, content after the object, and strings where numbers belong are
 * refused, so that a typo is reported rather than silently dropped. Timestamps are RFC 3339 date-times
 * (section 1). Log lines are UTF-8: a line that is not valid UTF-8 is refused, never repaired.
 *
 * <p>An event without {@code id} gets a deterministic one, so that reading the same input twice gives the same
 * events and importing a file twice adds nothing: a name-based UUID (version 3) of its canonical content
 * (userId, spaceId, goalId, itemId, type, value, timestamp and metadata with sorted keys, as parsed, so
 * whitespace, key order and the notation of numbers do not matter) and of its occurrence number among the
 * id-less items this reader has read with that same content. Two identical id-less lines are thus two events,
 * as two separate calls without ids would be. The occurrence counts are the one thing kept per id-less item.
 * Not thread-safe; one instance reads one source.
 */
public final class EventReader {
  /** An event is at most about 17 KiB of JSON (16 KiB of metadata); a line 60 times that is not an event. */
  public static final int MAX_LINE_BYTES = 1 << 20;

  private static final ObjectReader READER = Json.MAPPER.readerFor(EventLine.class);
  /**
   * The strict mapper's parsers, for {@link #plainLine}, without their detection of duplicate keys (a set of the
   * keys of each object, a fifth of the parsing): {@link #plainLine} refuses a duplicate key itself, and the
   * binder then reads the line again and names the key.
   */
  private static final JsonFactory FACTORY =
      Json.MAPPER.getFactory().rebuild().disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final List<String> KEYS = Json.fieldsOf(EventLine.class);
  private static final Map<String, Collection<String>> FIELDS = Map.of(EventLine.class.getSimpleName(), KEYS);
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
  private final Utf8 utf8 = new Utf8();
  /** Whether lines go through {@link #plainLine} first; off only to test that both ways read alike. */
  private final boolean plainFirst;

  /** An event exactly as JSON gives it; the model's rules are checked by {@link ProgressEvent}. */
  record EventLine(
      @Nullable String id,
      @Nullable String userId,
      @Nullable String spaceId,
      @Nullable String goalId,
      @Nullable String itemId,
      @Nullable String type,
      @Nullable Double value,
      @Nullable String timestamp,
      @Nullable Map<String, @Nullable Object> metadata) {}

  private EventReader(boolean plainFirst) {
    this.plainFirst = plainFirst;
  }

  /** A reader with no id-less items seen yet. */
  public static EventReader create() {
    return new EventReader(true);
  }

  /** A reader that reads every line with the data binder alone, to compare with {@link #create()}'s. */
  static EventReader bindingOnly() {
    return new EventReader(false);
  }

  /** Reads one event given as a JSON object. */
  public ParsedEvent read(String json) {
    if (Json.isBlank(json)) {
      return ParsedEvent.invalid(0, "an event must be a JSON object, not blank text");
    }
    EventLine in;
    try {
      in = READER.readValue(json);
    } catch (JsonProcessingException e) {
      return ParsedEvent.invalid(0, Json.describe(e, "an event", FIELDS, treeOrNull(json)));
    }
    return build(0, in, () -> treeOrNull(json));
  }

  /**
   * Reads one event given as a map of its fields, with the values a JSON parser gives (strings, numbers,
   * booleans, null, maps and lists); the timestamp may also be an {@link Instant}.
   */
  public ParsedEvent read(Map<String, ?> fields) {
    try {
      for (String key : fields.keySet()) {
        if (!KEYS.contains(key)) {
          return ParsedEvent.invalid(0, "unknown key '" + Json.abbreviate(String.valueOf(key))
              + "' in an event; known keys: " + String.join(", ", KEYS));
        }
      }
      Object value = fields.get("value");
      if (value != null && !(value instanceof Number)) {
        return ParsedEvent.invalid(0, "value must be a number, not " + quote(value));
      }
      Object timestamp = fields.get("timestamp");
      Object metadata = fields.get("metadata");
      if (metadata != null && !(metadata instanceof Map)) {
        return ParsedEvent.invalid(0, "metadata must be a JSON object, not " + quote(metadata));
      }
      if (value instanceof Number n && !Double.isFinite(n.doubleValue())) {
        return ParsedEvent.invalid(0, "value " + Json.abbreviate(n.toString()) + " is not a finite number");
      }
      @SuppressWarnings("unchecked")
      @Nullable Map<String, @Nullable Object> meta =
          metadata == null ? null : new LinkedHashMap<>((Map<String, @Nullable Object>) metadata);
      EventLine in = new EventLine(text(fields, "id"), text(fields, "userId"), text(fields, "spaceId"),
          text(fields, "goalId"), text(fields, "itemId"), text(fields, "type"),
          value == null ? null : ((Number) value).doubleValue(),
          timestamp instanceof Instant i ? i.toString() : text(fields, "timestamp"), meta);
      return build(0, in, () -> null);
    } catch (WrongType e) {
      return ParsedEvent.invalid(0, e.getMessage());
    }
  }

  /**
   * Reads a JSON Lines log to its end: one event per line, blank lines (only Unicode white space) skipped but
   * counted, a UTF-8 byte order mark ignored, lines ended by {@code \n}, {@code \r\n} or {@code \r}. A line of
   * more than {@link #MAX_LINE_BYTES} bytes is refused unread.
   *
   * @param each told about every non-blank line, in order, with its 1-based number
   * @return the number of lines read
   * @throws IOException when {@code in} cannot be read; every line before was handed over
   */
  public long readLines(InputStream in, Consumer<ParsedEvent> each) throws IOException {
    return readLines(in, each, bytes -> {}, Long.MAX_VALUE);
  }

  /**
   * @param progress told the number of bytes read every {@code every} lines and at the end
   */
  long readLines(InputStream in, Consumer<ParsedEvent> each, LongConsumer progress, long every) throws IOException {
    LineReader lines = new LineReader(in, MAX_LINE_BYTES);
    long number = 0;
    while (lines.next()) {
      number++;
      if (number % every == 0) {
        progress.accept(lines.bytesRead());
      }
      ParsedEvent parsed = line(lines, number);
      if (parsed != null) {
        each.accept(parsed);
      }
    }
    progress.accept(lines.bytesRead());
    return number;
  }

  /** Lines handed over at once by {@link #readLinesAhead}. */
  static final int AHEAD_BATCH = 512;
  /** Batches {@link #readLinesAhead} may have parsed and not yet handed over: about 16 KB of log each. */
  static final int AHEAD_BATCHES = 16;

  /**
   * Reads a JSON Lines log as {@link #readLines(InputStream, Consumer)} does, with the same results in the
   * same order, but splits and parses the lines on a thread of its own, up to {@value #AHEAD_BATCHES} batches of
   * {@value #AHEAD_BATCH} lines ahead of {@code each}, which runs on the calling thread. On a machine with a core
   * to spare, the log then costs about as long as the slower of the parsing and of what {@code each} does, not
   * their sum. This reader must not be used by another thread until it returns; after it threw because
   * {@code each} did, its parsing thread may still be finishing a batch, so do not use it again.
   *
   * @param each told about every non-blank line, in order, with its 1-based number, on the calling thread; what
   *     it throws stops the reading and propagates as is
   * @return the number of lines read
   * @throws IOException when {@code in} cannot be read (every line before was handed over), or when the calling
   *     thread is interrupted ({@link InterruptedIOException})
   */
  public long readLinesAhead(InputStream in, Consumer<ParsedEvent> each) throws IOException {
    requireNonNull(in, "in");
    requireNonNull(each, "each");
    BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD_BATCHES);
    Ahead ahead = new Ahead(queue);
    Thread parser = new Thread(() -> ahead.run(this, in), "progress-json-reader");
    parser.setDaemon(true);
    // What escapes the parser (an OutOfMemoryError while it hands its failure over) is kept for this thread
    // to throw; the default handler would print it, and, out of memory, fail to print it.
    parser.setUncaughtExceptionHandler(ahead);
    parser.start();
    try {
      while (true) {
        Object next = queue.poll(100, TimeUnit.MILLISECONDS);
        if (next == null) {
          if (!parser.isAlive() && queue.isEmpty()) { // it ended without handing over its end
            throw rethrown(ahead.escaped != null ? ahead.escaped
                : new IllegalStateException("the thread reading the log ended before the log did"));
          }
          continue;
        }
        if (next instanceof Throwable failure) {
          joinQuietly(parser); // it has handed over its last item
          throw rethrown(failure);
        }
        if (next instanceof ParsedEvent[] batch) {
          for (ParsedEvent parsed : batch) {
            if (parsed == null) {
              break;
            }
            each.accept(parsed);
          }
        } else {
          End end = (End) next;
          joinQuietly(parser); // it has handed over its last item
          return end.lines();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading a log");
    } finally {
      // When each failed, the parser stops at its next batch; not waited for, since it may be blocked reading
      // an input that has nothing more to give yet.
      if (parser.isAlive()) {
        ahead.stop();
        parser.interrupt();
      }
    }
  }

  /** Waits for the parsing thread, which is about to end, keeping an interrupt. */
  private static void joinQuietly(Thread parser) {
    boolean interrupted = false;
    while (true) {
      try {
        parser.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The end of a log read ahead: how many lines, or why the reading failed. */
  private record End(long lines) {}

  /** A failure of the parsing thread, to throw on the calling thread as it is. */
  private static IOException rethrown(Throwable failure) throws IOException {
    if (failure instanceof IOException e) {
      return e;
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    return new IOException(failure);
  }

  /** The parsing side of {@link #readLinesAhead}: batches of parsed lines into the queue, then an {@link End}. */
  private static final class Ahead implements Thread.UncaughtExceptionHandler {
    private final BlockingQueue<Object> queue;
    private volatile boolean stopped;
    /** What escaped the parsing thread before it could hand over its end. */
    volatile @Nullable Throwable escaped;
    private ParsedEvent[] batch = new ParsedEvent[AHEAD_BATCH];
    private int size;

    Ahead(BlockingQueue<Object> queue) {
      this.queue = queue;
    }

    void stop() {
      stopped = true;
    }

    @Override
    public void uncaughtException(Thread thread, Throwable e) {
      if (escaped == null) {
        escaped = e;
      }
    }

    void run(EventReader reader, InputStream in) {
      Object end;
      try {
        long lines = reader.readLines(in, this::add);
        hand(batch);
        end = new End(lines);
      } catch (Stopped e) {
        return; // the consumer is gone
      } catch (IOException | RuntimeException | Error e) {
        end = e; // handed over as it is: out of memory, nothing more is allocated for it
      }
      try {
        if (end instanceof Throwable && size > 0) {
          hand(batch); // the lines parsed before the failure, as readLines hands them over
        }
        hand(end);
      } catch (Stopped e) {
        // the consumer is gone
      }
    }

    private void add(ParsedEvent parsed) {
      batch[size++] = parsed;
      if (size == AHEAD_BATCH) {
        hand(batch);
        batch = new ParsedEvent[AHEAD_BATCH];
        size = 0;
      }
    }

    /** Puts into the queue, waiting while it is full, unless the consumer stopped. */
    private void hand(Object item) {
      try {
        while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
          if (stopped) {
            throw new Stopped();
          }
        }
      } catch (InterruptedException e) {
        throw new Stopped();
      }
    }
  }

  /** The consumer of a log read ahead has stopped; carries no stack trace. */
  private static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super(null, null, false, false);
    }
  }

  /** The line {@code lines} last read, or null when it is blank. */
  private @Nullable ParsedEvent line(LineReader lines, long number) {
    if (lines.lastLineTooLong()) {
      return ParsedEvent.invalid(number, "line is " + lines.lastLineLength() + " bytes long, more than the "
          + MAX_LINE_BYTES + " an event line may have");
    }
    byte[] bytes = lines.bytes();
    int size = lines.size();
    if (Utf8.isAscii(bytes, 0, size)) {
      if (isAsciiBlank(bytes, size)) {
        return null;
      }
    } else {
      CharBuffer text = utf8.decode(bytes, 0, size);
      if (text == null) {
        int at = utf8.errorAt();
        return ParsedEvent.invalid(number, "not valid UTF-8: " + Utf8.describeByte(bytes[at]) + " at column "
            + Utf8.column(bytes, 0, at) + "; the line was not read");
      }
      boolean marked = text.length() > 0 && text.charAt(0) == '\uFEFF'; // a mark leading a line is skipped
      if (Json.isBlank(marked ? text.subSequence(1, text.length()) : text)) {
        return null;
      }
    }
    EventLine in = plainFirst ? plainLine(bytes, size) : null;
    if (in == null) {
      try {
        in = READER.readValue(bytes, 0, size);
      } catch (IOException e) {
        int bom = strayByteOrderMark(bytes, size, e);
        if (bom >= 0) {
          return ParsedEvent.invalid(number, "not valid JSON: a byte order mark (U+FEFF) at column "
              + Utf8.column(bytes, 0, bom) + ", outside a string");
        }
        return ParsedEvent.invalid(number, Json.describe(e, "an event", FIELDS, treeOrNull(bytes, size)));
      }
    }
    return build(number, in, () -> treeOrNull(bytes, size));
  }

  /**
   * Where a line Jackson refused has a byte order mark outside a string (one leading the line is skipped, as at
   * the start of a file), or -1: Jackson then calls its second byte an invalid UTF-8 start byte, which it is
   * not. The first mark of the line is taken; a line whose strings hold marks and that fails elsewhere is told
   * by Jackson's own message.
   */
  private static int strayByteOrderMark(byte[] bytes, int size, IOException e) {
    if (!String.valueOf(e.getMessage()).contains("start byte 0xbb")) {
      return -1;
    }
    for (int i = 0; i + 2 < size; i++) {
      if (bytes[i] == (byte) 0xEF && bytes[i + 1] == (byte) 0xBB && bytes[i + 2] == (byte) 0xBF) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The common line read with Jackson's streaming parser instead of the data binder (its property buffer,
   * reflective constructor and per-object key sets): a whole line, event built, then costs about a fifth less
   * (1.0 instead of 1.2 us of CPU on the benchmark's log). The common line is an object of known keys only,
   * each at most once, text fields strings or null, {@code value} a number or null, {@code metadata} null or an
   * object whose values are strings, booleans or null, and nothing after the object. For such a line the binder
   * gives the same {@link EventLine}. Anything else, valid or not (a number or a nested value in metadata, an
   * unknown or a duplicate key, a wrong type, bad JSON), gives null, and the line is read again by the binder,
   * which accepts it as before or says what is wrong with it.
   */
  private static @Nullable EventLine plainLine(byte[] bytes, int size) {
    try (JsonParser p = FACTORY.createParser(bytes, 0, size)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String id = null;
      String userId = null;
      String spaceId = null;
      String goalId = null;
      String itemId = null;
      String type = null;
      Double value = null;
      String timestamp = null;
      Map<String, @Nullable Object> metadata = null;
      int seen = 0; // a bit per key met, in the order of EventLine's components
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        int bit = keyBit(name);
        if (bit == 0 || (seen & bit) != 0) {
          return null; // an unknown or a duplicate key
        }
        seen |= bit;
        JsonToken v = p.nextToken();
        if (bit == VALUE_BIT) {
          if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
            value = p.getDoubleValue();
          } else if (v != JsonToken.VALUE_NULL) {
            return null;
          }
        } else if (bit == METADATA_BIT) {
          if (v == JsonToken.START_OBJECT) {
            metadata = plainMetadata(p);
            if (metadata == null) {
              return null;
            }
          } else if (v != JsonToken.VALUE_NULL) {
            return null;
          }
        } else {
          if (v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NULL) {
            return null;
          }
          String text = v == JsonToken.VALUE_STRING ? p.getText() : null;
          switch (bit) {
            case 1 -> id = text;
            case 1 << 1 -> userId = text;
            case 1 << 2 -> spaceId = text;
            case 1 << 3 -> goalId = text;
            case 1 << 4 -> itemId = text;
            case 1 << 5 -> type = text;
            default -> timestamp = text;
          }
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        return null;
      }
      return new EventLine(id, userId, spaceId, goalId, itemId, type, value, timestamp, metadata);
    } catch (IOException e) {
      return null; // the binder reads it again and names the problem
    }
  }

  private static final int VALUE_BIT = 1 << 6;
  private static final int METADATA_BIT = 1 << 8;

  /** A bit for each key of an event, in the order of {@link EventLine}'s components; 0 for an unknown key. */
  private static int keyBit(String name) {
    return switch (name) {
      case "id" -> 1;
      case "userId" -> 1 << 1;
      case "spaceId" -> 1 << 2;
      case "goalId" -> 1 << 3;
      case "itemId" -> 1 << 4;
      case "type" -> 1 << 5;
      case "value" -> VALUE_BIT;
      case "timestamp" -> 1 << 7;
      case "metadata" -> METADATA_BIT;
      default -> 0;
    };
  }

  /** The rest of a metadata object of strings, booleans and nulls, in order; null for anything else. */
  private static @Nullable Map<String, @Nullable Object> plainMetadata(JsonParser p) throws IOException {
    Map<String, @Nullable Object> metadata = new LinkedHashMap<>();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      if (metadata.containsKey(key)) {
        return null;
      }
      switch (p.nextToken()) {
        case VALUE_STRING -> metadata.put(key, p.getText());
        case VALUE_TRUE -> metadata.put(key, Boolean.TRUE);
        case VALUE_FALSE -> metadata.put(key, Boolean.FALSE);
        case VALUE_NULL -> metadata.put(key, null);
        default -> {
          return null;
        }
      }
    }
    return t == JsonToken.END_OBJECT ? metadata : null;
  }

  private static boolean isAsciiBlank(byte[] bytes, int size) {
    for (int i = 0; i < size; i++) {
      byte b = bytes[i];
      if (b != ' ' && (b < 0x09 || b > 0x0D)) {
        return false;
      }
    }
    return true;
  }

  private interface Tree {
    @Nullable JsonNode get();
  }

  private ParsedEvent build(long number, @Nullable EventLine in, Tree tree) {
    if (in == null) {
      return ParsedEvent.invalid(number, "an event must be a JSON object, not null");
    }
    try {
      Double value = in.value();
      if (value != null && !Double.isFinite(value)) {
        JsonNode node = tree.get();
        JsonNode written = node == null ? null : node.get("value");
        if (written != null && written.isTextual()) { // "NaN" and "Infinity": Jackson reads these strings as doubles
          return ParsedEvent.invalid(number,
              "value must be a number, not \"" + Json.abbreviate(written.asText()) + "\"");
        }
        String text = written == null ? value.toString() : written.asText();
        return ParsedEvent.invalid(number, "value " + Json.abbreviate(text) + " is not a finite number");
      }
      ProgressEvent event = new ProgressEvent(
          in.id() == null ? PENDING_ID : in.id(),
          intern(required("userId", in.userId())),
          internOrNull(in.spaceId()),
          internOrNull(in.goalId()),
          internOrNull(in.itemId()),
          EventType.of(required("type", in.type())),
          required("value", value),
          timestamp(required("timestamp", in.timestamp())),
          internValues(in.metadata()));
      return ParsedEvent.valid(number, in.id() == null ? event.withId(deterministicId(event)) : event);
    } catch (InvalidEventException e) {
      return ParsedEvent.invalid(number, e.getMessage());
    }
  }

  /** The input as a tree, to quote a wrong-typed value; only read again once the input is known to be bad. */
  private static @Nullable JsonNode treeOrNull(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static @Nullable JsonNode treeOrNull(byte[] bytes, int size) {
    try {
      return Json.MAPPER.readTree(bytes, 0, size);
    } catch (IOException e) {
      return null;
    }
  }

  /** A field of a map that must be text when present. */
  private static @Nullable String text(Map<String, ?> fields, String key) {
    Object value = fields.get(key);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new WrongType(key + " must be a string, not " + quote(value));
  }

  private static String quote(Object value) {
    if (value instanceof String s) {
      return "\"" + Json.abbreviate(s) + "\"";
    }
    if (value instanceof Number || value instanceof Boolean) {
      return Json.abbreviate(value.toString());
    }
    return value instanceof Map ? "an object" : value instanceof Collection ? "an array"
        : "a " + value.getClass().getSimpleName();
  }

  /** A map field of the wrong type; carries no stack trace, it is a message. */
  private static final class WrongType extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WrongType(String message) {
      super(message, null, false, false);
    }

    /** Never null: the constructor takes the message. */
    @Override
    public String getMessage() {
      return requireNonNull(super.getMessage(), "message");
    }
  }

  private @Nullable String internOrNull(@Nullable String value) {
    return value == null ? null : intern(value);
  }

  /** One shared copy of each repeated name, up to {@link #MAX_INTERNED} names. */
  private String intern(String value) {
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
  private @Nullable Map<String, @Nullable Object> internValues(@Nullable Map<String, @Nullable Object> metadata) {
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
    Instant instant = Timestamps.parse(text);
    if (instant == null) {
      throw new InvalidEventException("timestamp \"" + Json.abbreviate(text)
          + "\" is not an RFC 3339 date-time such as 2026-11-01T09:30:00Z or 2026-11-01T10:30:00.5+01:00");
    }
    if (instant.isBefore(FIRST_INSTANT) || instant.isAfter(LAST_INSTANT)) { // the model's range, quoting the text
      throw new InvalidEventException("timestamp \"" + Json.abbreviate(text) + "\" is " + instant
          + " in UTC, outside the years 1..9999");
    }
    return instant;
  }

  private static final Instant FIRST_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LAST_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");

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
