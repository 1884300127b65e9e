package dev.progress.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progress.core.Component;
import dev.progress.core.spi.ChangedKeys;
import dev.progress.core.spi.ComponentLayout;
import dev.progress.json.ProgressJson;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON columns of the store. Event metadata is written and read by {@code progress-json}
 * ({@link ProgressJson#writeMetadata}), so that a stored event equals its source event whatever
 * {@code jsonb} or H2 does to the notation of its numbers. Snapshot components are this module's own column
 * ({@code json} on PostgreSQL since schema version 3, {@code jsonb} before): doubles written in plain notation and
 * always with a fraction ({@code 15000000.0}), since {@code jsonb} keeps numbers as {@code numeric} and would
 * print {@code 1.5E7} as {@code 15000000}. Safe for concurrent use.
 */
final class JsonCodec {
  private final ObjectMapper mapper = new ObjectMapper();

  /** The metadata as JSON text, or null for none (an empty map). */
  @Nullable String writeMetadata(Map<String, @Nullable Object> metadata) {
    return metadata.isEmpty() ? null : ProgressJson.writeMetadata(metadata);
  }

  /** The strings as a JSON array. */
  String writeStrings(List<String> strings) {
    try {
      return mapper.writeValueAsString(strings);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + strings.size() + " strings as JSON: " + e.getMessage(), e);
    }
  }

  Map<String, @Nullable Object> readMetadata(@Nullable String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return ProgressJson.readMetadata(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("stored " + e.getMessage(), e);
    }
  }

  /**
   * The {@code i}-th changed key's components, {@code [{"name":"task","value":50.0,"weight":0.4}, ...]} in
   * breakdown order, straight from the engine's view (no {@link Component} built).
   */
  String writeComponents(ChangedKeys changed, int i) {
    ComponentLayout layout = changed.layout(i);
    StringBuilder out = new StringBuilder(16 + layout.size() * 48).append('[');
    for (int c = 0; c < layout.size(); c++) {
      out.append(c == 0 ? "{\"name\":" : ",{\"name\":");
      quote(out, layout.name(c));
      out.append(",\"value\":").append(plain(changed.value(i, c)))
          .append(",\"weight\":").append(plain(layout.weight(c)))
          .append('}');
    }
    return out.append(']').toString();
  }

  /** Appends {@code text} as a JSON string: quotes, backslashes and control characters escaped, the rest as is. */
  static void quote(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * The components of a stored figure. The column holds what {@link #writeComponents} wrote, as written
   * ({@code json}) or as {@code jsonb} reformatted it before schema version 3 (with spaces); a small reader of exactly that shape (an array of objects with a
   * string {@code name} and numbers {@code value} and {@code weight}, in any order, with any whitespace) reads it
   * without building a tree, and anything else goes to Jackson, which reads any JSON or names the error.
   */
  List<Component> readComponents(String json) {
    List<Component> fast = readComponentsOfTheUsualShape(json);
    return fast != null ? fast : readComponentsWithJackson(json);
  }

  /** The small reader alone: null when the text is not of the shape {@link #writeComponents} writes. */
  static @Nullable List<Component> readComponentsOfTheUsualShape(String json) {
    return new ComponentsReader(json).read();
  }

  List<Component> readComponentsWithJackson(String json) {
    try {
      JsonNode array = mapper.readTree(json);
      if (array == null || !array.isArray()) {
        throw new IllegalStateException("stored components are not a JSON array: " + json);
      }
      List<Component> components = new ArrayList<>(array.size());
      for (JsonNode c : array) {
        JsonNode name = c.get("name");
        JsonNode value = c.get("value");
        JsonNode weight = c.get("weight");
        if (name == null || !name.isTextual() || value == null || !value.isNumber() || weight == null
            || !weight.isNumber()) {
          throw new IllegalStateException("stored component " + c + " has no name, value and weight");
        }
        components.add(new Component(name.asText(), value.doubleValue(), weight.doubleValue()));
      }
      return components;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored components are not a JSON array: " + e.getOriginalMessage(), e);
    }
  }

  /** Reads one components column of the usual shape; {@link #read} answers null at the first surprise. */
  private static final class ComponentsReader {
    private final String json;
    private int at;

    ComponentsReader(String json) {
      this.json = json;
    }

    @Nullable List<Component> read() {
      if (!skipTo('[')) {
        return null;
      }
      List<Component> components = new ArrayList<>(4);
      if (peek() == ']') {
        at++;
        return end() ? components : null;
      }
      while (true) {
        Component c = component();
        if (c == null) {
          return null;
        }
        components.add(c);
        char next = peek();
        at++;
        if (next == ']') {
          return end() ? components : null;
        }
        if (next != ',') {
          return null;
        }
      }
    }

    private @Nullable Component component() {
      if (!skipTo('{')) {
        return null;
      }
      String name = null;
      double value = Double.NaN;
      double weight = Double.NaN;
      for (int field = 0; field < 3; field++) {
        String key = string();
        if (key == null || !skipTo(':')) {
          return null;
        }
        switch (key) {
          case "name" -> name = string();
          case "value" -> value = number();
          case "weight" -> weight = number();
          default -> {
            return null;
          }
        }
        if (!skipTo(field < 2 ? ',' : '}')) {
          return null;
        }
      }
      if (name == null || Double.isNaN(value) || Double.isNaN(weight)) {
        return null;
      }
      return new Component(name, value, weight);
    }

    /** A JSON string at the next non-blank position, unescaped; null when there is none. */
    private @Nullable String string() {
      if (!skipTo('"')) {
        return null;
      }
      int start = at;
      while (at < json.length() && json.charAt(at) != '"' && json.charAt(at) != '\\') {
        at++;
      }
      if (at < json.length() && json.charAt(at) == '"') {
        return json.substring(start, at++);
      }
      StringBuilder out = new StringBuilder().append(json, start, at);
      while (at < json.length()) {
        char c = json.charAt(at++);
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (at >= json.length()) {
          return null;
        }
        char escaped = json.charAt(at++);
        switch (escaped) {
          case '"', '\\', '/' -> out.append(escaped);
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            if (at + 4 > json.length()) {
              return null;
            }
            int code = 0;
            for (int i = 0; i < 4; i++) {
              int digit = Character.digit(json.charAt(at++), 16);
              if (digit < 0) {
                return null;
              }
              code = code * 16 + digit;
            }
            out.append((char) code);
          }
          default -> {
            return null;
          }
        }
      }
      return null;
    }

    /** A JSON number at the next non-blank position; NaN when there is none. */
    private double number() {
      skipBlanks();
      int start = at;
      while (at < json.length() && "+-.0123456789eE".indexOf(json.charAt(at)) >= 0) {
        at++;
      }
      if (start == at) {
        return Double.NaN;
      }
      try {
        return Double.parseDouble(json.substring(start, at));
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }

    /** Whether the next non-blank character is {@code c}; consumes it. */
    private boolean skipTo(char c) {
      skipBlanks();
      if (at < json.length() && json.charAt(at) == c) {
        at++;
        return true;
      }
      return false;
    }

    private char peek() {
      skipBlanks();
      return at < json.length() ? json.charAt(at) : 0;
    }

    private boolean end() {
      skipBlanks();
      return at == json.length();
    }

    private void skipBlanks() {
      while (at < json.length() && " \t\n\r".indexOf(json.charAt(at)) >= 0) {
        at++;
      }
    }
  }

  /** {@code 15000000.0}, {@code 0.00000010}: the shortest exact digits, never an exponent, always a fraction. */
  static String plain(double d) {
    String shortest = Double.toString(d);
    if (shortest.indexOf('E') < 0) {
      return shortest;
    }
    String plain = new BigDecimal(shortest).toPlainString();
    return plain.indexOf('.') < 0 ? plain + ".0" : plain;
  }
}
