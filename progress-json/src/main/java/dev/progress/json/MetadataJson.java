package dev.progress.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Event metadata as JSON text, for a database column (PostgreSQL {@code jsonb}, H2 {@code JSON}) or any other
 * store. An event's metadata holds each number in one form (whole numbers as {@code Long} or
 * {@code BigInteger}, others as the nearest {@code Double}), written as Jackson writes them: {@code 100},
 * {@code -0.0} never occurs (it is the whole number 0), {@code 1.5E-7}. Numbers are read back exactly
 * ({@code BigDecimal} for those with a fraction or exponent), so a database that reshapes a number's notation,
 * as {@code jsonb} does ({@code 1.5E-7} comes back as {@code 0.00000015}), still gives back the same event once
 * {@link dev.progress.core.ProgressEvent} makes the numbers canonical again. Safe for concurrent use.
 */
final class MetadataJson {
  private static final TypeReference<Map<String, @Nullable Object>> MAP = new TypeReference<>() {};
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  /** Resolved once: a reader per call would look the map type up again (a quarter of a stored event's read). */
  private static final ObjectReader READER = MAPPER.readerFor(MAP);

  private MetadataJson() {}

  static String write(Map<String, ?> metadata) {
    try {
      return MAPPER.writeValueAsString(metadata);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("metadata cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }

  static Map<String, @Nullable Object> read(String json) {
    try {
      @Nullable Map<String, @Nullable Object> metadata = READER.readValue(json); // JSON null gives null
      if (metadata == null) {
        throw new IllegalArgumentException("metadata must be a JSON object, not null");
      }
      return metadata;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("metadata is not a JSON object: " + e.getOriginalMessage(), e);
    }
  }
}
