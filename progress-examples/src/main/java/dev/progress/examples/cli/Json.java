package dev.progress.examples.cli;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
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

/**
 * The strict Jackson configuration shared by the event and plan readers, and the translation of Jackson's
 * failures into one-line messages that name the field and the offending value. Strict means: no duplicate keys,
 * no unknown keys, nothing after the value, and no coercion between strings, numbers and booleans (a
 * {@code "value": "12"} is refused, not read as 12).
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
   * @param fields the keys the document's objects may have, listed when an unknown key is met
   */
  static String describe(IOException e, String what, Map<String, Collection<String>> fields) {
    if (e instanceof UnrecognizedPropertyException u) {
      String at = path(u);
      String owner = at.isEmpty() ? what : at;
      Collection<String> known = fields.getOrDefault(u.getReferringClass().getSimpleName(), List.of());
      return "unknown key '" + abbreviate(u.getPropertyName()) + "' in " + owner
          + (known.isEmpty() ? "" : "; known keys: " + String.join(", ", known));
    }
    if (e instanceof MismatchedInputException m) {
      String at = path(m);
      String expected = kind(m.getTargetType());
      String got = current(m);
      return (at.isEmpty() ? what : at) + " must be " + expected + (got.isEmpty() ? "" : ", not " + got);
    }
    if (e instanceof StreamConstraintsException c) {
      return "not accepted as JSON: " + abbreviate(c.getOriginalMessage());
    }
    if (e instanceof JsonParseException p) {
      String message = p.getOriginalMessage();
      // Jackson's texts carry a hint about the feature that would allow the input; it is not for our users.
      int hint = message.indexOf("\n");
      message = hint >= 0 ? message.substring(0, hint) : message;
      if (message.startsWith("Duplicate field")) {
        return "duplicate key " + message.substring("Duplicate field ".length());
      }
      return "not valid JSON: " + abbreviate(message) + " (column " + p.getLocation().getColumnNr() + ")";
    }
    if (e instanceof JsonMappingException m) {
      String at = path(m);
      return (at.isEmpty() ? "" : at + ": ") + abbreviate(m.getOriginalMessage());
    }
    if (e instanceof JsonProcessingException p) {
      return "not valid JSON: " + abbreviate(p.getOriginalMessage());
    }
    return "could not be read: " + e.getMessage();
  }

  /** {@code spaces[0].tasks}, from Jackson's path of references. */
  static String path(JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
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

  private static String kind(@org.jspecify.annotations.Nullable Class<?> type) {
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

  /** The offending token, read back from the parser the exception came from. */
  private static String current(MismatchedInputException m) {
    if (!(m.getProcessor() instanceof JsonParser p)) {
      return "";
    }
    JsonToken token = p.currentToken();
    if (token == null) {
      return "";
    }
    try {
      return switch (token) {
        case VALUE_STRING -> "\"" + abbreviate(p.getText()) + "\"";
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> abbreviate(p.getText());
        case VALUE_TRUE -> "true";
        case VALUE_FALSE -> "false";
        case VALUE_NULL -> "null";
        case START_ARRAY, END_ARRAY -> "an array";
        case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
        default -> "";
      };
    } catch (IOException ignored) {
      return "";
    }
  }

  /** Shortens a hostile value before it is quoted in a message, and escapes line breaks. */
  static String abbreviate(String value) {
    String s = value;
    if (value.length() > 60) {
      int cut = Character.isHighSurrogate(value.charAt(56)) ? 56 : 57;
      s = value.substring(0, cut) + "...";
    }
    return s.replace("\n", "\\n").replace("\r", "\\r");
  }

  /** The field names of a record, in declaration order, for "known keys" messages. */
  static List<String> fieldsOf(Class<? extends Record> type) {
    return java.util.Arrays.stream(type.getRecordComponents())
        .map(java.lang.reflect.RecordComponent::getName)
        .collect(Collectors.toList());
  }
}
