package dev.progress.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The strict Jackson configuration shared by the event and plan readers, and the translation of Jackson's
 * failures into one-line messages that name the field and the offending value. Strict means: no duplicate keys,
 * no unknown keys, nothing after the value, and no coercion between strings, numbers and booleans (a
 * {@code "value": "12"} is refused, not read as 12). Numbers without a declared type (metadata) are read
 * exactly, as {@code BigDecimal} or integers, so that the event decides what they are equal to (1e2 is 100,
 * 1e400 is refused). Also the text rules of the model that every reader shares: blank and length.
 */
final class Json {
  /** Thread-safe once configured, as every Jackson mapper. */
  static final ObjectMapper MAPPER = strictMapper();

  private Json() {}

  private static ObjectMapper strictMapper() {
    ObjectMapper mapper = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .build();
    fail(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float,
        CoercionInputShape.Boolean);
    fail(mapper, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.EmptyString,
        CoercionInputShape.Boolean);
    fail(mapper, LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.EmptyString,
        CoercionInputShape.Float, CoercionInputShape.Boolean);
    fail(mapper, LogicalType.Boolean, CoercionInputShape.String, CoercionInputShape.EmptyString,
        CoercionInputShape.Integer);
    return mapper;
  }

  private static void fail(ObjectMapper mapper, LogicalType target, CoercionInputShape... shapes) {
    for (CoercionInputShape shape : shapes) {
      mapper.coercionConfigFor(target).setCoercion(shape, CoercionAction.Fail);
    }
  }

  /**
   * One line saying what is wrong with a JSON document.
   *
   * @param e what Jackson threw
   * @param what the document's kind, for messages about its root ("an event", "the plan")
   * @param fields the keys the objects of the document may have, by the simple name of their record, listed
   *     when an unknown key is met
   * @param document the document as a tree when it is valid JSON, to quote the offending value
   */
  static String describe(
      IOException e, String what, Map<String, Collection<String>> fields, @Nullable JsonNode document) {
    if (e instanceof UnrecognizedPropertyException u) {
      String owner = path(u.getPath().subList(0, Math.max(0, u.getPath().size() - 1)));
      Collection<String> known = fields.getOrDefault(u.getReferringClass().getSimpleName(), List.of());
      return "unknown key '" + abbreviate(u.getPropertyName()) + "' in " + (owner.isEmpty() ? what : owner)
          + (known.isEmpty() ? "" : "; known keys: " + String.join(", ", known));
    }
    if (e instanceof MismatchedInputException m && String.valueOf(m.getOriginalMessage()).startsWith("Trailing token")) {
      return "not valid JSON: more content after the end of the first value (column "
          + m.getLocation().getColumnNr() + ")";
    }
    if (e instanceof MismatchedInputException m) {
      String at = path(m.getPath());
      String got = document == null ? "" : describe(find(document, m.getPath()));
      String kind = PlanJson.WholeNumber.TOO_LARGE.equals(m.getOriginalMessage())
          ? "a whole number of at most " + Integer.MAX_VALUE : kind(m.getTargetType());
      return (at.isEmpty() ? what : at) + " must be " + kind + (got.isEmpty() ? "" : ", not " + got);
    }
    if (e instanceof StreamConstraintsException c) {
      return "not accepted as JSON: " + clean(c.getOriginalMessage());
    }
    if (e.getCause() instanceof StreamConstraintsException c) {
      return "not accepted as JSON: " + clean(c.getOriginalMessage());
    }
    if (e instanceof JsonParseException p) {
      String message = clean(p.getOriginalMessage());
      if (message.startsWith("Duplicate field ")) {
        return "duplicate key " + message.substring("Duplicate field ".length());
      }
      return "not valid JSON: " + message + " (column " + p.getLocation().getColumnNr() + ")";
    }
    if (e instanceof JsonMappingException m) {
      String at = path(m.getPath());
      return (at.isEmpty() ? "" : at + ": ") + clean(m.getOriginalMessage());
    }
    if (e instanceof JsonProcessingException p) {
      return "not valid JSON: " + clean(p.getOriginalMessage());
    }
    return "could not be read: " + e.getMessage();
  }

  /** {@code spaces[0].tasks}, from Jackson's path of references. */
  static String path(List<JsonMappingException.Reference> references) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference r : references) {
      if (r.getFieldName() != null) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(abbreviate(r.getFieldName()));
      } else if (r.getIndex() >= 0) {
        out.append('[').append(r.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  /** Jackson's message without the advice on features that would accept the input, and not too long. */
  private static String clean(@Nullable String message) {
    if (message == null) {
      return "unknown problem";
    }
    String text = message;
    for (String hint : new String[] {"\n", ": enable `", "; enable `", " (but ", " (through reference chain", ", from `"}) {
      int at = text.indexOf(hint);
      if (at > 0) {
        text = text.substring(0, at);
      }
    }
    // a hint cut from inside parentheses ("maximum allowed (1000, from `...`)") leaves them open
    long open = text.chars().filter(c -> c == '(').count() - text.chars().filter(c -> c == ')').count();
    return abbreviate(text, 200) + ")".repeat((int) Math.max(0, open));
  }

  private static @Nullable JsonNode find(JsonNode document, List<JsonMappingException.Reference> path) {
    JsonNode node = document;
    for (JsonMappingException.Reference r : path) {
      if (node == null) {
        return null;
      }
      node = r.getFieldName() != null ? node.get(r.getFieldName()) : node.get(r.getIndex());
    }
    return node;
  }

  private static String describe(@Nullable JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "";
    }
    if (node.isTextual()) {
      return "\"" + abbreviate(node.textValue()) + "\"";
    }
    if (node.isNumber()) {
      return abbreviate(node.asText());
    }
    if (node.isBoolean() || node.isNull()) {
      return node.asText();
    }
    return node.isArray() ? "an array" : "an object";
  }

  private static String kind(@Nullable Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "a JSON array";
    }
    return "a JSON object";
  }

  /**
   * Shortens a hostile value before it is quoted in a message, and escapes line breaks: past 40 code points,
   * its first 24 and last 12 with {@code ...} between, as the core's messages do.
   */
  static String abbreviate(String value) {
    return abbreviate(value, 40).replace("\n", "\\n").replace("\r", "\\r");
  }

  /**
   * {@code text} when at most {@code max} code points long; otherwise its beginning and its end (the last
   * 30%) with {@code ...} between, so that what closes the text (a parenthesis, a quote) stays, and never half
   * of a surrogate pair.
   */
  static String abbreviate(String text, int max) {
    if (text.length() <= max || text.codePointCount(0, text.length()) <= max) {
      return text;
    }
    int tailLength = max * 3 / 10;
    int head = text.offsetByCodePoints(0, max - tailLength - 4);
    int tail = text.offsetByCodePoints(text.length(), -tailLength);
    return text.substring(0, head) + "..." + text.substring(tail);
  }

  /**
   * Blank as the model says: empty, or only characters with the Unicode White_Space property (U+00A0 and
   * U+0085 included, unlike {@link String#isBlank()}; U+001C..U+001F excluded, unlike it too).
   */
  static boolean isBlank(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      if (!isWhiteSpace(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The Unicode White_Space property; every such character is in the Basic Multilingual Plane. */
  static boolean isWhiteSpace(char c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x85 || Character.isSpaceChar(c);
  }

  /** Length as the model counts it: Unicode code points. */
  static int codePoints(String text) {
    return text.codePointCount(0, text.length());
  }

  /** The field names of a record, in declaration order, for "known keys" messages. */
  static List<String> fieldsOf(Class<? extends Record> type) {
    return java.util.Arrays.stream(type.getRecordComponents())
        .map(java.lang.reflect.RecordComponent::getName)
        .collect(Collectors.toList());
  }
}
