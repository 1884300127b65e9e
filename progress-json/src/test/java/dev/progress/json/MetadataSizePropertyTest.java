package dev.progress.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.progress.core.InvalidEventException;
import dev.progress.core.ProgressEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The metadata limit (model, section 1: at most 16 KiB once serialized as JSON, UTF-8 bytes, escapes counted)
 * is the size of what the store writes, Jackson's serialization, to the byte: metadata of random shape and
 * characters (control characters, quotes, backslashes, two-, three- and four-byte characters), padded to within
 * a few bytes of the limit, is accepted exactly when Jackson writes it in 16,384 bytes or fewer.
 */
class MetadataSizePropertyTest {
  private static final int LIMIT = 16 * 1024;
  private static final String[] PIECES = {"a", "Z", "0", " ", "\"", "\\", "\n", "\t", "\b", "\f", "\r", "\u0001",
      "\u001f", "/", "\u00e9", "\u07ff", "\u0800", "\u20ac", "\uffee", "\ud83d\ude80", "\u2028"};

  @Test
  void theLimitIsJacksonsSize_toTheByte() {
    qt().withExamples(400).forAll(longs().all(), integers().between(-4, 4)).checkAssert((seed, delta) -> {
      Map<String, @Nullable Object> metadata = randomMap(new Random(seed), 0);
      int base = bytes(metadata);
      if (base > LIMIT - 40) {
        return; // the shape alone is near the limit: padding could not land around it
      }
      // a pad entry of n ASCII characters adds n + 8 bytes ("pad":"..."), and a comma when the map has entries
      int overhead = metadata.isEmpty() ? 8 : 9;
      metadata.put("pad", "x".repeat(LIMIT - base - overhead + delta));
      int size = bytes(metadata);
      assertThat(size).as("the padding's arithmetic").isEqualTo(LIMIT + delta);
      if (size <= LIMIT) {
        assertThat(event(metadata).metadata()).isEqualTo(metadata);
      } else {
        assertThatThrownBy(() -> event(metadata)).isInstanceOf(InvalidEventException.class)
            .hasMessage("metadata is larger than 16384 bytes serialized (at least " + size + ")");
      }
    });
  }

  /** Regression: a map's and a list's last comma, and {@code \n} counted as six bytes, made these too large. */
  @Test
  void controlCharactersWithShortEscapes_andTheLastEntry_countAsWritten() {
    Map<String, Object> exact = Map.of("a", "x".repeat(LIMIT - 8)); // {"a":"..."}: 8 bytes around the value
    assertThat(bytes(exact)).isEqualTo(LIMIT);
    assertThat(event(exact).metadata()).isEqualTo(exact);
    Map<String, Object> newlines = Map.of("a", "\n".repeat(5000), "l", List.of(1L, 2L, List.of()));
    assertThat(event(newlines).metadata()).isEqualTo(newlines);
  }

  private static ProgressEvent event(Map<String, ?> metadata) {
    return ProgressEvent.builder().id("e1").user("u1").time("s1", 5).at(Instant.EPOCH).metadata(metadata).build();
  }

  private static int bytes(Map<String, ?> metadata) {
    return MetadataJson.write(metadata).getBytes(StandardCharsets.UTF_8).length;
  }

  private static Map<String, @Nullable Object> randomMap(Random random, int depth) {
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    int entries = random.nextInt(depth == 0 ? 6 : 4);
    for (int i = 0; i < entries; i++) {
      map.put("k" + i + text(random, 4), value(random, depth + 1));
    }
    return map;
  }

  private static @Nullable Object value(Random random, int depth) {
    return switch (random.nextInt(depth > 3 ? 5 : 7)) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> random.nextLong() >> random.nextInt(64); // canonical: a whole number is a Long
      case 3 -> random.nextInt(1000) + 0.5; // canonical: a number with a fraction is a Double
      case 4 -> text(random, 300);
      case 5 -> {
        List<@Nullable Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.add(value(random, depth + 1));
        }
        yield list;
      }
      default -> randomMap(random, depth);
    };
  }

  private static String text(Random random, int maxPieces) {
    StringBuilder b = new StringBuilder();
    for (int i = random.nextInt(maxPieces + 1); i > 0; i--) {
      b.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return b.toString();
  }
}
