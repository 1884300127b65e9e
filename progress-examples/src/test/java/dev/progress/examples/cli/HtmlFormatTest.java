package dev.progress.examples.cli;

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
 * {@code --format html} and {@code --out} of {@code report} and {@code show}, and the demo's HTML page: one
 * self-contained file whose images carry the figures of the JSON report as accessible names. (The page itself is
 * tested in progress-view, in a real browser too.)
 */
class HtmlFormatTest {
  @TempDir Path dir;

  /** The figures of the section 6 example (ReportCommandTest computes them by hand): s1 58, g1 52.8, coding 24. */
  @Test
  void report_htmlToFile_printsThePath_andThePageCarriesEveryFigure() throws IOException {
    Path page = dir.resolve("out/report.html");
    Cli.Run run = run("report", "--events", file("events.jsonl", ReportCommandTest.SPEC_EVENTS), "--plan",
        file("plan.json", ReportCommandTest.SPEC_PLAN), "--as-of", "2026-11-01T00:00:00Z", "--format", "html",
        "--out", page.toString());

    assertThat(run.status()).as("one line is rejected").isEqualTo(1);
    assertThat(run.out().trim()).isEqualTo("Wrote the html report to " + page.toAbsolutePath());
    String html = Files.readString(page, StandardCharsets.UTF_8);
    assertThat(figures(html)).containsExactly("g1: 52.8%", "s1: 58%", "coding: 24%");
    // section 11 (ReportCommandTest has the numbers): retention 55.747, 60 minutes in October, flat totals
    assertThat(ariaLabels(html)).contains("coding retention: 55.7%",
        "Time spent per month: June 2026 0 min, July 2026 0 min, August 2026 0 min, September 2026 0 min, "
            + "October 2026 60 min, November 2026 0 min",
        "s1 over time: 58% on Monday 5 October 2026, 58% on Sunday 1 November 2026");
    assertThat(html).contains("<h3>Forecasts</h3>", "too little history to forecast", "<h3>Insights</h3>",
        "Nothing in the last 7 days; your last activity was on 2026-10-01");
    assertThat(html).startsWith("<!DOCTYPE html>")
        .contains("9 events accepted", "1 duplicate", "1 line rejected", "Rejected lines (1)",
            "line 12: value 140 is out of range 0..100 for type task")
        .doesNotContain("<script", "<link", "src=", "url(", "@import");
    assertThat(dir.resolve("out")).isDirectoryNotContaining("glob:**.tmp");
  }

  @Test
  void report_htmlWithoutOut_goesToStandardOutput_sameBytesAsTheFile() throws IOException {
    String events = file("events.jsonl", ReportCommandTest.SPEC_EVENTS);
    Path page = dir.resolve("report.html");
    Cli.Run toStdout = run("report", "--events", events, "--as-of", "2026-11-01T00:00:00Z", "--format", "html");
    run("report", "--events", events, "--as-of", "2026-11-01T00:00:00Z", "--format", "html", "--out",
        page.toString());

    assertThat(toStdout.out()).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    assertThat(toStdout.out()).isEqualTo(Files.readString(page, StandardCharsets.UTF_8));
  }

  @Test
  void report_jsonWithOut_writesTheSameJsonToTheFile() throws IOException {
    String events = file("events.jsonl", ReportCommandTest.SPEC_EVENTS);
    Path json = dir.resolve("report.json");
    Cli.Run printed = run("report", "--events", events, "--as-of", "2026-11-01T00:00:00Z");
    Cli.Run written = run("report", "--events", events, "--as-of", "2026-11-01T00:00:00Z", "--out", json.toString());

    assertThat(written.out()).contains("Wrote the json report to ");
    assertThat(Files.readString(json, StandardCharsets.UTF_8)).isEqualTo(printed.out());
  }

  @Test
  void report_outIntoADirectoryThatCannotBeWritten_exitsTwoNamingTheFile() throws IOException {
    Path blocker = Files.writeString(dir.resolve("not-a-directory"), "x");
    Cli.Run run = run("report", "--events", file("events.jsonl", ReportCommandTest.SPEC_EVENTS), "--format", "html",
        "--out", blocker.resolve("report.html").toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("cannot write " + blocker.resolve("report.html")).doesNotContain("\tat ");
  }

  @Test
  void show_htmlToFile_fromTheDatabase() throws IOException {
    String db = "jdbc:h2:" + dir.resolve("progress").toAbsolutePath();
    String plan = file("plan.json", ReportCommandTest.SPEC_PLAN);
    run("import", "--events", file("events.jsonl", ReportCommandTest.SPEC_EVENTS), "--plan", plan, "--db", db);
    Path page = dir.resolve("show.html");

    Cli.Run run = run("show", "--db", db, "--plan", plan, "--format", "html", "--out", page.toString());

    assertThat(run.status()).isZero();
    assertThat(run.out()).contains(page.toAbsolutePath().toString());
    String html = Files.readString(page, StandardCharsets.UTF_8);
    assertThat(figures(html)).containsExactly("g1: 52.8%", "s1: 58%", "coding: 24%");
    assertThat(html).contains("<h3>Time spent</h3>", "<h3>Forecasts</h3>", "<h3>Insights</h3>", "coding retention: ");
  }

  @Test
  void demo_writesAnHtmlPage_andPrintsItsPath() throws IOException {
    Path page = dir.resolve("demo.html");
    Cli.Run run = run("demo", "--html", page.toString());

    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("HTML report: " + page.toAbsolutePath() + " (open it in a browser)");
    String html = Files.readString(page, StandardCharsets.UTF_8);
    assertThat(html).contains("<nav class=\"toc\"", "User</span> <bdi>ana</bdi>", "Rejected lines (6)");
    assertThat(figures(html)).hasSizeGreaterThan(20).allMatch(l -> l.matches(".+: \\d+(\\.\\d)?%"));
    // the demo's plan gives web-developer a deadline, which its forecast shows
    assertThat(html).contains("<time datetime=\"" + Simulation.GOAL_DEADLINE + "\">", "of futures make it",
        "<h3>Insights</h3>", "<h3>Time spent</h3>");
  }

  /** The accessible names of the goal, space and skill indicators: not retention bars, not charts. */
  private static List<String> figures(String html) {
    return ariaLabels(html).stream()
        .filter(l -> !l.contains(" retention: ") && !l.contains(" over time: ") && !l.startsWith("Time spent per "))
        .toList();
  }

  private static List<String> ariaLabels(String html) {
    List<String> labels = new ArrayList<>();
    Matcher m = Pattern.compile("aria-label=\"([^\"]*)\"").matcher(html);
    while (m.find()) {
      labels.add(m.group(1));
    }
    return labels;
  }

  private String file(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file.toString();
  }
}
