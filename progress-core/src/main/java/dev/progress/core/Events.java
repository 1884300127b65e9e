package dev.progress.core;

import dev.progress.core.internal.Texts;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/** Validation helpers shared by the value types of this package. */
final class Events {
  static final int MAX_ID_LENGTH = 128;
  static final int MAX_METADATA_BYTES = 16 * 1024;
  static final int MAX_METADATA_DEPTH = 32;

  private Events() {}

  static @Nullable String optionalId(String field, @Nullable String value) {
    return value == null ? null : requiredId(field, value);
  }

  static String requiredId(String field, @Nullable String value) {
    if (value == null) {
      throw new InvalidEventException(field + " is required");
    }
    String problem = idProblem(field, value);
    if (problem != null) {
      throw new InvalidEventException(problem);
    }
    return value;
  }

  /**
   * Why {@code value} is not an id of the model (1..128 code points, not blank, text a store keeps exactly),
   * naming {@code field}; null when it is one. For checks that throw something else than
   * {@link InvalidEventException} (a plan's ids).
   */
  static @Nullable String idProblem(String field, String value) {
    int length = codePoints(value);
    if (length == 0 || length > MAX_ID_LENGTH) {
      return field + " '" + Texts.abbreviate(value) + "' must be 1.." + MAX_ID_LENGTH + " characters, has " + length;
    }
    if (isBlank(value)) {
      return field + " '" + Texts.abbreviate(value) + "' must not be blank";
    }
    return textProblem(field, value);
  }

  /**
   * The length of an id as the model counts it: Unicode code points, so an emoji is one character, not the two
   * UTF-16 units Java's {@link String#length()} counts (an unpaired surrogate counts one, and is refused later).
   */
  static int codePoints(String value) {
    return value.codePointCount(0, value.length());
  }

  /**
   * Blank as the model says: empty, or only characters with the Unicode White_Space property (U+00A0, U+2007,
   * U+202F and U+0085 included, unlike {@link String#isBlank()}; U+001C..U+001F excluded, unlike it too).
   */
  static boolean isBlank(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (!isWhiteSpace(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The Unicode White_Space property; every such character is in the Basic Multilingual Plane. */
  static boolean isWhiteSpace(char c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x85 || Character.isSpaceChar(c);
  }

  /**
   * Refuses text that no store can keep exactly: U+0000 (PostgreSQL text cannot hold it) and unpaired UTF-16
   * surrogates (not encodable as UTF-8, so a driver would store a replacement character instead).
   */
  static void checkText(String field, String value) {
    String problem = textProblem(field, value);
    if (problem != null) {
      throw new InvalidEventException(problem);
    }
  }

  /** Why {@link #checkText} refuses {@code value}, or null. */
  static @Nullable String textProblem(String field, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == 0) {
        return field + " '" + Texts.abbreviate(value.replace('\0', '?')) + "' contains the character U+0000 at index "
            + i;
      }
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return field + " contains an unpaired surrogate U+" + Integer.toHexString(c).toUpperCase() + " at index " + i;
      }
    }
    return null;
  }

  static final Instant MIN_TIMESTAMP = Instant.parse("0001-01-01T00:00:00Z");
  static final Instant MAX_TIMESTAMP = Instant.parse("9999-12-31T23:59:59.999999999Z");

  /** Years 1..9999: what ISO-8601 text, SQL timestamps and JSON readers all agree on. */
  static void checkTimestamp(Instant timestamp) {
    if (timestamp.isBefore(MIN_TIMESTAMP) || timestamp.isAfter(MAX_TIMESTAMP)) {
      throw new InvalidEventException("timestamp " + timestamp + " is outside the years 1..9999");
    }
  }

  /**
   * Copies JSON-shaped metadata (maps with string keys, lists, strings, numbers, booleans, nulls) into an
   * unmodifiable tree, refusing anything deeper than {@link #MAX_METADATA_DEPTH} or larger than
   * {@link #MAX_METADATA_BYTES} once serialized as JSON.
   */
  static Map<String, @Nullable Object> copyMetadata(Map<String, ?> metadata) {
    if (metadata instanceof Metadata checked) {
      return checked; // made below from a map that passed every check, and immutable since
    }
    if (metadata.isEmpty()) {
      return EMPTY_METADATA;
    }
    return new Metadata(copyMap("metadata", metadata, 0, new long[] {0}));
  }

  /**
   * The metadata of an event without any: every event's metadata is of one class, so the per-event paths that
   * read it (skill, digest) see one type and are compiled once, not again when the first event without
   * metadata arrives.
   */
  static final Map<String, @Nullable Object> EMPTY_METADATA =
      new Metadata(Collections.unmodifiableMap(new LinkedHashMap<>(0))); // the class copyMap's copies have

  /**
   * The metadata of an event, once checked and copied: an unmodifiable view of the copy, which nothing else
   * references. Only {@link #copyMetadata} makes one, so a map of this class has passed its checks, and an
   * event built from another event's metadata (a stored event's reader keeps the maps of the metadata it read
   * before) takes it as it is, without a second copy.
   */
  private static final class Metadata extends AbstractMap<String, @Nullable Object> {
    private final Map<String, @Nullable Object> map;
    /** The well-known keys every tracked event is asked for, looked up once: see {@link #skill}. */
    private final @Nullable Object skill;
    private final @Nullable Object difficulty;

    Metadata(Map<String, @Nullable Object> map) {
      this.map = map;
      Object s = map.get("skill");
      this.skill = s != null ? s : map.get("taskType");
      this.difficulty = map.get("difficulty");
    }

    @Override
    public @Nullable Object get(@Nullable Object key) {
      return map.get(key);
    }

    @Override
    public boolean containsKey(@Nullable Object key) {
      return map.containsKey(key);
    }

    @Override
    public int size() {
      return map.size();
    }

    @Override
    public Set<Entry<String, @Nullable Object>> entrySet() {
      return map.entrySet();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super @Nullable Object> action) {
      map.forEach(action);
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o == this || map.equals(o);
    }

    @Override
    public int hashCode() {
      return map.hashCode();
    }

    @Override
    public String toString() {
      return map.toString();
    }
  }

  /**
   * Metadata {@code skill}, else {@code taskType}, else null: a field of a checked copy (a tracker asks every
   * event for it, several times), a lookup in any other map.
   */
  static @Nullable Object skill(Map<String, @Nullable Object> metadata) {
    if (metadata instanceof Metadata checked) {
      return checked.skill;
    }
    Object skill = metadata.get("skill");
    return skill != null ? skill : metadata.get("taskType");
  }

  /** Metadata {@code difficulty}, as {@link #skill}. */
  static @Nullable Object difficulty(Map<String, @Nullable Object> metadata) {
    return metadata instanceof Metadata checked ? checked.difficulty : metadata.get("difficulty");
  }

  private static @Nullable Object copyValue(String path, @Nullable Object value, int depth, long[] size) {
    if (depth > MAX_METADATA_DEPTH) {
      throw new InvalidEventException(path + " is nested deeper than " + MAX_METADATA_DEPTH + " levels");
    }
    Object result;
    if (value == null) {
      size[0] += 4;
      result = null;
    } else if (value instanceof String s) {
      checkText(path, s);
      size[0] += jsonLength(s);
      result = s;
    } else if (value instanceof Boolean b) {
      size[0] += b ? 4 : 5;
      result = b;
    } else if (value instanceof Number n) {
      result = canonicalNumber(path, n);
      size[0] += result.toString().length();
    } else if (value instanceof Map<?, ?> map) {
      result = copyMap(path, map, depth, size);
    } else if (value instanceof List<?> list) {
      List<@Nullable Object> copy = new ArrayList<>(list.size());
      size[0] += 2; // [ ]
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          size[0] += 1; // the comma before every element but the first
        }
        copy.add(copyValue(path + "[" + i + "]", list.get(i), depth + 1, size));
        checkSize(size[0]);
      }
      result = Collections.unmodifiableList(copy);
    } else {
      throw new InvalidEventException(
          path + " has unsupported type " + value.getClass().getName() + "; use JSON values only");
    }
    checkSize(size[0]);
    return result;
  }

  /** Copies a JSON object (its depth already checked): string keys, values as {@link #copyValue} copies them. */
  private static Map<String, @Nullable Object> copyMap(String path, Map<?, ?> map, int depth, long[] size) {
    Map<String, @Nullable Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
    size[0] += 2; // { }
    boolean first = true;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new InvalidEventException(
            path + " has a key that is not a string: " + Texts.abbreviate(String.valueOf(e.getKey())));
      }
      checkText(path + " key", key);
      size[0] += jsonLength(key) + (first ? 1 : 2); // the colon, and the comma before every entry but the first
      first = false;
      copy.put(key, copyValue(path + "." + Texts.abbreviate(key), e.getValue(), depth + 1, size));
      checkSize(size[0]);
    }
    return Collections.unmodifiableMap(copy);
  }

  /**
   * One representation per number, so that numbers equal as numbers are equal values (model, section 1: -0.0
   * equals 0.0 and 3.0 is the whole number 3) and compare equal after a trip through JSON or a database: a whole
   * number as {@code Long} (or {@code BigInteger} beyond it), whatever its type or notation ({@code 3},
   * {@code 3.0}, {@code 3e0}, {@code -0.0} is 0); any other number as the nearest {@code Double}, as a JSON
   * reader gives it (so a {@code BigDecimal} fraction is kept to double precision, and one too small for a
   * double, like {@code 1E-400}, is 0). A number beyond the range of a double ({@code 1e400}) is refused.
   */
  static Number canonicalNumber(String path, Number n) {
    if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return n.longValue();
    }
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      if (!Double.isFinite(d)) {
        throw notFinite(path, n.toString());
      }
      return canonicalDouble(d);
    }
    if (n instanceof BigInteger big) {
      if (big.bitLength() < 64) {
        return big.longValue();
      }
      if (new BigDecimal(big).abs().compareTo(MAX_DOUBLE) > 0) {
        throw notFinite(path, Texts.abbreviate(big.toString()));
      }
      return big;
    }
    if (n instanceof BigDecimal dec) {
      if (dec.signum() == 0) {
        return 0L;
      }
      if (dec.precision() - dec.scale() > 309) { // 10^309 or more: beyond a double, and too long to expand
        throw notFinite(path, Texts.abbreviate(dec.toString()));
      }
      BigDecimal whole = dec.stripTrailingZeros();
      if (whole.scale() <= 0) {
        return canonicalNumber(path, whole.toBigIntegerExact());
      }
      return canonicalNumber(path, dec.doubleValue());
    }
    throw new InvalidEventException(
        path + " has unsupported number type " + n.getClass().getName() + "; use JSON values only");
  }

  private static final BigDecimal MAX_DOUBLE = new BigDecimal(Double.MAX_VALUE);

  private static Number canonicalDouble(double d) {
    if (d != Math.rint(d)) {
      return d;
    }
    if (d >= -0x1p63 && d < 0x1p63) {
      return (long) d; // -0.0 is 0
    }
    return new BigDecimal(d).toBigIntegerExact();
  }

  private static InvalidEventException notFinite(String path, String number) {
    return new InvalidEventException(path + " " + number + " is not a finite number");
  }

  private static void checkSize(long bytes) {
    if (bytes > MAX_METADATA_BYTES) {
      throw new InvalidEventException(
          "metadata is larger than " + MAX_METADATA_BYTES + " bytes serialized (at least " + bytes + ")");
    }
  }

  /**
   * UTF-8 length of the string as a quoted JSON string, escaped as JSON writers escape it (Jackson, which writes
   * the stored metadata): two bytes for {@code \b \f \n \r \t \" \\}, six ({@code \}{@code u001F}) for any other
   * control character, the UTF-8 bytes of anything else.
   */
  private static long jsonLength(String s) {
    long n = 2;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
        n += 2;
      } else if (c < 0x20) {
        n += 6;
      } else if (c == '"' || c == '\\') {
        n += 2;
      } else if (c < 0x80) {
        n += 1;
      } else if (c < 0x800 || Character.isSurrogate(c)) {
        n += 2; // a surrogate pair is 4 bytes in all: 2 + 2
      } else {
        n += 3;
      }
    }
    return n;
  }
}
