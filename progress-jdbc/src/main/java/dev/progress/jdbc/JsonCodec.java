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
 * {@code jsonb} or H2 does to the notation of its numbers. Snapshot components are this module's own column:
 * doubles written in plain notation and always with a fraction ({@code 15000000.0}), since {@code jsonb} keeps
 * numbers as {@code numeric} and would print {@code 1.5E7} as {@code 15000000}. Safe for concurrent use.
 */
final class JsonCodec {
  private final ObjectMapper mapper = new ObjectMapper();

  /** The metadata as JSON text, or null for none (an empty map). */
  @Nullable String writeMetadata(Map<String, @Nullable Object> metadata) {
    return metadata.isEmpty() ? null : ProgressJson.writeMetadata(metadata);
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

  List<Component> readComponents(String json) {
    try {
      JsonNode array = mapper.readTree(json);
      List<Component> components = new ArrayList<>(array.size());
      for (JsonNode c : array) {
        components.add(new Component(c.get("name").asText(), c.get("value").doubleValue(),
            c.get("weight").doubleValue()));
      }
      return components;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored components are not a JSON array: " + e.getOriginalMessage(), e);
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
