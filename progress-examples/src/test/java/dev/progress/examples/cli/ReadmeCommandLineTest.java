package dev.progress.examples.cli;

import static dev.progress.examples.cli.Cli.assertSameJson;
import static dev.progress.examples.cli.Cli.json;
import static dev.progress.examples.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's command-line samples are what the commands print: the report example is run on the README's own
 * events and plan and compared key for key (the README compacts the JSON), and every line of the text dashboard
 * and demo samples, but the {@code ...} that stand for omitted lines, appears in the output in that order.
 */
class ReadmeCommandLineTest {
  private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

  @TempDir Path dir;

  @Test
  void reportSample_isWhatReportPrints() throws IOException {
    String section = section("### `report`", "### `import`");
    Path events = Files.writeString(dir.resolve("events.jsonl"), blocks(section, "jsonl").get(0));
    Path plan = Files.writeString(dir.resolve("plan.json"), blocks(section, "json").get(0));

    Cli.Run json = run("report", "--events", events.toString(), "--plan", plan.toString(), "--as-of",
        "2026-11-01T00:00:00Z");
    Cli.Run text = run("report", "--events", events.toString(), "--plan", plan.toString(), "--as-of",
        "2026-11-01T00:00:00Z", "--format", "text");

    assertThat(json.status()).isEqualTo(1);
    assertSameJson(json.json(), json(blocks(section, "json").get(1)));
    assertLinesInOrder(text.out(), blocks(section, "text").get(0));
  }

  @Test
  void demoSample_isWhatDemoPrints() throws IOException {
    String section = section("### `demo`", "## Modules");

    Cli.Run demo = run("demo", "--html", dir.resolve("demo.html").toString());

    assertThat(demo.status()).isZero();
    assertLinesInOrder(demo.out(), blocks(section, "text").get(0));
  }

  /** Every line of {@code sample} but the {@code ...} ones is a whole line of {@code output}, in order. */
  private static void assertLinesInOrder(String output, String sample) {
    List<String> lines = output.lines().toList();
    int from = 0;
    for (String line : sample.lines().toList()) {
      if (line.strip().equals("...")) {
        continue;
      }
      int at = lines.subList(from, lines.size()).indexOf(line);
      assertThat(at).as("README line '%s' in the output after line %d:%n%s", line, from, output)
          .isNotNegative();
      from += at + 1;
    }
  }

  private static String section(String heading, String next) throws IOException {
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf(heading);
    assertThat(start).as(heading).isNotNegative();
    return readme.substring(start, readme.indexOf(next, start));
  }

  private static List<String> blocks(String section, String language) {
    List<String> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(section);
    while (m.find()) {
      if (m.group(1).equals(language)) {
        out.add(m.group(2));
      }
    }
    return out;
  }
}
