package dev.progress.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
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
    return runWithStdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
  }

  /**
   * Runs with this standard input. What the libraries write on the process's {@code System.err} (slf4j-simple's
   * log, H2's trace) during the run is appended to {@link Run#err}, since a user's terminal would show it too.
   */
  static Run runWithStdin(InputStream stdin, String... args) {
    StringWriter out = new StringWriter();
    return run(stdin, new PrintWriter(out), out, args);
  }

  /**
   * Runs with a standard output that refuses every write, as a full disk or a closed pipe does: {@link Run#out}
   * is empty.
   */
  static Run runWithFailingOut(String... args) {
    OutputStream failing = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("No space left on device");
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        throw new IOException("No space left on device");
      }
    };
    return run(new ByteArrayInputStream(new byte[0]),
        new PrintWriter(new OutputStreamWriter(failing, StandardCharsets.UTF_8)), new StringWriter(), args);
  }

  private static synchronized Run run(InputStream stdin, PrintWriter outWriter, StringWriter out, String... args) {
    ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
    PrintStream original = System.err;
    // Before the command line is built: picocli replaces the err writer when System.err changed after that.
    System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
    try {
      CommandLine cli = ProgressCommand.commandLine(stdin, InstantSource.fixed(NOW));
      StringWriter err = new StringWriter();
      cli.setOut(outWriter);
      cli.setErr(new PrintWriter(err));
      int status = cli.execute(args);
      cli.getOut().flush();
      cli.getErr().flush();
      return new Run(status, out.toString(), err + systemErr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
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
