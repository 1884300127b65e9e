package dev.progress.jdbc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.progress.core.Component;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Event metadata and snapshot components as JSON text, written so that PostgreSQL's {@code jsonb} gives back
 * the same values: {@code jsonb} keeps numbers as {@code numeric} and prints {@code 1.5E7} as
 * {@code 15000000}, which would read back as an integer, so doubles are written in plain notation and always
 * with a fraction ({@code 15000000.0}). Integers read back as the smallest of {@code Integer}, {@code Long},
 * {@code BigInteger} and floats as {@code Double}; the event's constructor makes them canonical again. A
 * {@code BigDecimal} in metadata comes back as a {@code Double}. Safe for concurrent use.
 */
final class JsonCodec {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final ObjectMapper mapper;

  JsonCodec() {
    SimpleModule plainDoubles = new SimpleModule("progress-plain-doubles");
    plainDoubles.addSerializer(Double.class, new PlainDoubleSerializer());
    plainDoubles.addSerializer(Double.TYPE, new PlainDoubleSerializer());
    plainDoubles.addSerializer(Float.class, new PlainFloatSerializer());
    this.mapper = JsonMapper.builder()
        .addModule(plainDoubles)
        .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
        .build();
  }

  /** The metadata as JSON text, or null for none (an empty map). */
  @Nullable String writeMetadata(Map<String, Object> metadata) {
    if (metadata.isEmpty()) {
      return null;
    }
    try {
      return mapper.writeValueAsString(metadata);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("metadata cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  Map<String, Object> readMetadata(@Nullable String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return mapper.readValue(json, MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored metadata is not a JSON object: " + e.getOriginalMessage(), e);
    }
  }

  /** {@code [{"name":"task","value":50.0,"weight":0.4}, ...]}, in the progress's component order. */
  String writeComponents(List<Component> components) {
    StringBuilder out = new StringBuilder(32 + components.size() * 48).append('[');
    try {
      for (int i = 0; i < components.size(); i++) {
        Component c = components.get(i);
        out.append(i == 0 ? "{\"name\":" : ",{\"name\":").append(mapper.writeValueAsString(c.name()))
            .append(",\"value\":").append(plain(c.value()))
            .append(",\"weight\":").append(plain(c.weight()))
            .append('}');
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("component name cannot be written as JSON: " + e.getMessage(), e);
    }
    return out.append(']').toString();
  }

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

  private static final class PlainDoubleSerializer extends StdSerializer<Double> {
    private static final long serialVersionUID = 1L;

    PlainDoubleSerializer() {
      super(Double.class);
    }

    @Override
    public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeNumber(plain(value));
    }
  }

  private static final class PlainFloatSerializer extends StdSerializer<Float> {
    private static final long serialVersionUID = 1L;

    PlainFloatSerializer() {
      super(Float.class);
    }

    @Override
    public void serialize(Float value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeNumber(plain(value.doubleValue()));
    }
  }
}
