package dev.progress.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link EventReader} reads plain log lines with Jackson's streaming parser and everything else with the data
 * binder. Both must give the same result for every line: the same event (ids of id-less events included) or the
 * same message. Logs of lines made of known and unknown keys in any order, null and wrong-typed values, numbers
 * in every notation, metadata of every shape, duplicate keys, content after the object and broken JSON, read by
 * a reader with the streaming path and by one without it.
 */
class EventReaderPlainLinePropertyTest {
  private static final String[] TEXT_KEYS = {"id", "userId", "spaceId", "goalId", "itemId", "type", "timestamp"};

  @Test
  void plainLines_readAsTheBinderReadsThem() {
    qt().withExamples(400).withShrinkCycles(20).forAll(longs().all()).checkAssert(seed -> {
      List<String> lines = log(new Random(seed), 25);
      String text = String.join("\n", lines);
      assertThat(read(EventReader.create(), text)).as(text).isEqualTo(read(EventReader.bindingOnly(), text));
    });
  }

  /** The lines this test is about are mostly valid ones: the streaming path must not be the rare case. */
  @Test
  void generatedLogs_areMostlyValidEvents_andSomeOfEachKindOfError() {
    List<ParsedEvent> read = new ArrayList<>();
    for (long seed = 0; seed < 40; seed++) {
      read.addAll(read(EventReader.create(), String.join("\n", log(new Random(seed), 25))));
    }
    assertThat(read.stream().filter(ParsedEvent::isValid).count()).isGreaterThan(read.size() / 4);
    assertThat(read).anyMatch(p -> p.isValid() && p.event().metadata().containsKey("skill"))
        .anyMatch(p -> p.isValid() && !p.event().metadata().isEmpty() && p.event().metadata().containsKey("n"))
        .anyMatch(p -> String.valueOf(p.error()).startsWith("duplicate key"))
        .anyMatch(p -> String.valueOf(p.error()).startsWith("unknown key"))
        .anyMatch(p -> String.valueOf(p.error()).contains("must be"))
        .anyMatch(p -> String.valueOf(p.error()).startsWith("not valid JSON"));
  }

  private static List<ParsedEvent> read(EventReader reader, String log) {
    List<ParsedEvent> out = new ArrayList<>();
    try {
      reader.readLines(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)), out::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static List<String> log(Random r, int lines) {
    List<String> log = new ArrayList<>();
    for (int i = 0; i < lines; i++) {
      log.add(line(r, i));
    }
    return log;
  }

  private static String line(Random r, int n) {
    if (r.nextInt(20) == 0) {
      return pick(r, "null", "[]", "{", "", "  ", "\"x\"", "{}", "{\"userId\":\"u1\"} {}", "{\"userId\":\"u1\",}");
    }
    List<String> members = new ArrayList<>();
    for (String key : TEXT_KEYS) {
      String v = textValue(r, key, n);
      if (v != null) {
        members.add(quote(key) + ":" + v);
      }
    }
    if (r.nextInt(10) < 9) {
      members.add("\"value\":" + (r.nextInt(4) > 0 ? pick(r, "5", "50.5", "1e1", "100", "0.5", "12.250", "3E1")
          : pick(r, "-0.0", "1e400", "\"5\"", "true", "null", "100000000000000000000", "1441", "{}")));
    }
    int meta = r.nextInt(14);
    if (meta < 11) {
      members.add("\"metadata\":" + metadata(r, meta));
    }
    if (r.nextInt(25) == 0) {
      members.add("\"colour\":\"red\"");
    }
    if (r.nextInt(25) == 0 && !members.isEmpty()) {
      members.add(members.get(r.nextInt(members.size()))); // a duplicate key
    }
    Collections.shuffle(members, r);
    String sp = r.nextInt(4) == 0 ? " " : "";
    String line = "{" + sp + String.join("," + sp, members) + sp + "}";
    if (r.nextInt(40) == 0) {
      line += pick(r, " x", " {}", " ", "\t");
    }
    return line;
  }

  /** A JSON value for a text key, or null to leave the key out. */
  private static String textValue(Random r, String key, int n) {
    int c = r.nextInt(40);
    if (c < 4 && !key.equals("userId") && !key.equals("type") && !key.equals("timestamp")
        || c == 0 && r.nextInt(4) == 0) {
      return null;
    }
    if (c == 4) {
      return "null";
    }
    if (c == 5) {
      return pick(r, "5", "true", "{}", "[\"a\"]", "1.5");
    }
    if (c == 6) {
      return quote(key.equals("userId") ? "\u00e9\\u00e9\\\"q" : "x\\ty");
    }
    return switch (key) {
      case "id" -> r.nextInt(3) == 0 ? null : quote("e" + n % 7);
      case "userId" -> quote(pick(r, "u1", "u2"));
      case "spaceId" -> quote(pick(r, "s1", "s2"));
      case "goalId" -> r.nextBoolean() ? null : quote("g1");
      case "itemId" -> quote(pick(r, "t1", "t2"));
      case "type" -> quote(r.nextInt(10) > 0 ? pick(r, "task", "time", "interaction") : pick(r, "milestone", "bogus"));
      case "timestamp" -> quote(r.nextInt(8) > 0 ? pick(r, "2026-11-01T09:30:00Z", "2026-11-01T10:30:00+01:00")
          : pick(r, "2026-11-01T24:00:00Z", "x"));
      default -> throw new IllegalArgumentException(key);
    };
  }

  private static String metadata(Random r, int kind) {
    return switch (kind) {
      case 0 -> "null";
      case 1 -> "{}";
      case 2, 3, 4 -> "{\"skill\":" + quote(pick(r, "coding", "math")) + "}";
      case 5 -> "{\"skill\":\"coding\",\"difficulty\":" + quote(pick(r, "easy", "hard", "x")) + ",\"ok\":true,"
          + "\"no\":false,\"none\":null}";
      case 6 -> "{\"n\":" + pick(r, "1", "1.0", "1e2", "-0.0", "1e400", "100000000000000000000") + "}";
      case 7 -> "{\"x\":{\"y\":" + pick(r, "1", "\"a\"", "1e400") + "}}";
      case 8 -> "{\"a\":[1,\"b\",null]}";
      case 9 -> "{\"skill\":\"a\",\"skill\":\"b\"}";
      default -> pick(r, "\"str\"", "[]", "5", "true");
    };
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }

  private static String pick(Random r, String... options) {
    return options[r.nextInt(options.length)];
  }
}
