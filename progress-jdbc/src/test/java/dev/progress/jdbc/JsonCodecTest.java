package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progress.core.Component;
import dev.progress.core.Progress;
import dev.progress.core.ProgressKey;
import dev.progress.core.spi.ChangedKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The components column: what the store writes reads back exactly through the small reader, whatever the
 * database did to the notation (spaces, key order, escapes), and anything of another shape goes to Jackson.
 */
class JsonCodecTest {
  private final JsonCodec codec = new JsonCodec();
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void components_written_readBackExactly_inAnyNotationOfTheSameJson() {
    qt().withExamples(300).withShrinkCycles(0).forAll(longs().all()).checkAssert(seed -> {
      Random random = new Random(seed);
      List<Component> components = new ArrayList<>();
      int n = random.nextInt(6);
      for (int i = 0; i < n; i++) {
        components.add(new Component(name(random), value(random), random.nextInt(4) == 0 ? 0 : random.nextDouble()));
      }
      String written = codec.writeComponents(
          ChangedKeys.of("r", Instant.EPOCH, List.of(new Progress(ProgressKey.space("u", "s"), null, 0, components))),
          0);

      assertThat(JsonCodec.readComponentsOfTheUsualShape(written)).as(written).isEqualTo(components);
      assertThat(codec.readComponentsWithJackson(written)).isEqualTo(components);
      String reformatted = reformat(written, random);
      assertThat(JsonCodec.readComponentsOfTheUsualShape(reformatted)).as(reformatted).isEqualTo(components);
      assertThat(codec.readComponents(reformatted)).isEqualTo(components);
    });
  }

  /** The same JSON as jsonb or another tool might print it: spaces, keys in another order, escaped text. */
  private String reformat(String json, Random random) {
    try {
      return reformatted(json, random);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  private String reformatted(String json, Random random) throws com.fasterxml.jackson.core.JsonProcessingException {
    ArrayNode array = (ArrayNode) mapper.readTree(json);
    ArrayNode out = mapper.createArrayNode();
    for (var element : array) {
      ObjectNode c = mapper.createObjectNode();
      List<String> keys = new ArrayList<>(List.of("name", "value", "weight"));
      java.util.Collections.shuffle(keys, random);
      for (String key : keys) {
        c.set(key, element.get(key));
      }
      out.add(c);
    }
    String text = random.nextBoolean() ? mapper.writerWithDefaultPrettyPrinter().writeValueAsString(out)
        : mapper.writeValueAsString(out).replace(",", ", ").replace(":", ": ");
    if (random.nextBoolean()) { // every non-ASCII character as a \\u escape
      StringBuilder escaped = new StringBuilder();
      text.chars().forEach(ch -> escaped.append(ch < 128 ? String.valueOf((char) ch) : String.format("\\u%04x", ch)));
      text = escaped.toString();
    }
    return text;
  }

  private static String name(Random random) {
    String[] pieces = {"task", "time", "\"quoted\"", "back\\slash", "tab\t", "new\nline", "é", "学习", "🚀",
        "\u0001", "/", "'); DROP TABLE x;--", " "};
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < 1 + random.nextInt(3); i++) {
      name.append(pieces[random.nextInt(pieces.length)]);
    }
    return name.toString();
  }

  private static double value(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> 0;
      case 1 -> 100;
      case 2 -> random.nextInt(101);
      case 3 -> 1e-7 * random.nextInt(1000);
      default -> random.nextDouble() * 100;
    };
  }

  @Test
  void components_ofAnotherShape_goToJacksonWhichReadsOrNamesThem() {
    String extraKey = "[{\"name\":\"task\",\"value\":50.0,\"weight\":0.4,\"note\":\"x\"}]";
    assertThat(JsonCodec.readComponentsOfTheUsualShape(extraKey)).isNull();
    assertThat(codec.readComponents(extraKey)).containsExactly(new Component("task", 50, 0.4));
    String duplicateKey = "[{\"name\":\"a\",\"name\":\"task\",\"value\":50.0,\"weight\":0.4}]";
    assertThat(codec.readComponents(duplicateKey)).containsExactly(new Component("task", 50, 0.4));
    assertThat(codec.readComponents(" [ ] ")).isEmpty();

    assertThatThrownBy(() -> codec.readComponents("[{\"name\":\"task\",\"value\":50.0}]"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("stored component {\"name\":\"task\",\"value\":50.0} has no name, value and weight");
    assertThatThrownBy(() -> codec.readComponents("{\"name\":\"task\"}"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("stored components are not a JSON array: {\"name\":\"task\"}");
    assertThatThrownBy(() -> codec.readComponents("[{\"name\":"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("stored components are not a JSON array: ");
  }
}
