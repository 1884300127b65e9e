package dev.progress.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine;

/** Runs the progress command in-process, the way main does, with captured output and a fixed clock. */
final class Cli {
  /** "Now" for every in-process run without --as-of. */
  static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
  private static final ObjectMapper PLAIN = new ObjectMapper();

  private Cli() {}

  /** What a run printed and returned. */
  record Run(int status, String out, String err) {
    JsonNode json() {
      try {
        return PLAIN.readTree(out);
      } catch (Exception e) {
        throw new AssertionError("output is not JSON: " + out, e);
      }
    }
  }

  static Run run(String... args) {
    return runWithStdin("", args);
  }

  static Run runWithStdin(String stdin, String... args) {
    CommandLine cli = ProgressCommand.commandLine(
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), InstantSource.fixed(NOW));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int status = cli.execute(args);
    cli.getOut().flush();
    cli.getErr().flush();
    return new Run(status, out.toString(), err.toString());
  }

  static JsonNode json(String text) {
    try {
      return PLAIN.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  /**
   * Asserts that two JSON documents are equal including the order of every object's keys (JsonNode equality
   * alone ignores it) and the kind of every number ({@code 58.0} is not {@code 58}).
   */
  static void assertSameJson(JsonNode actual, JsonNode expected) {
    assertSameJson(actual, expected, "$");
  }

  private static void assertSameJson(JsonNode actual, JsonNode expected, String path) {
    assertThat(actual.getNodeType()).as(path).isEqualTo(expected.getNodeType());
    if (expected.isObject()) {
      assertThat(names(actual)).as("keys of " + path).containsExactlyElementsOf(names(expected));
      for (String name : names(expected)) {
        assertSameJson(actual.get(name), expected.get(name), path + "." + name);
      }
    } else if (expected.isArray()) {
      assertThat(actual.size()).as("size of " + path).isEqualTo(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        assertSameJson(actual.get(i), expected.get(i), path + "[" + i + "]");
      }
    } else {
      assertThat(actual).as(path).isEqualTo(expected);
      assertThat(actual.asText()).as(path).isEqualTo(expected.asText());
    }
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
