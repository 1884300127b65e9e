package dev.progress.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progress.core.Progress;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snippet of progress-view/README.md, compiled and run: if one changes, so must the other. */
class ReadmeViewTest {
  @TempDir Path dir;

  @Test
  void readmeSnippet() throws IOException {
    ProgressTracker tracker = ProgressTracker.inMemory();
    Instant now = Instant.now();
    tracker.track(ProgressEvent.builder().user("ana").task("algebra", "t1", 100).at(now).build());
    tracker.track(ProgressEvent.builder().user("ana").time("algebra", 45).at(now).build());

    // --- snippet
    Progress algebra = tracker.spaceProgress("ana", "algebra");
    String ring = SvgRenderer.render(ProgressIndicator.circular(algebra));     // <svg ... aria-label="algebra: 55%">
    String bar = TextRenderer.unicode().line(ProgressIndicator.linear(algebra)); // algebra  █████████████▎░░░  55.0%

    UserView ana = UserView.of(tracker.userProgress("ana"))
        .withTimeSpent(List.of(TimeSpentChart.daily(LocalDate.now(), List.of(0.0, 20.0, 45.0))));
    String html = HtmlRenderer.render(new ReportView("Progress report", now, List.of(), List.of(ana), List.of()));
    Files.writeString(dir.resolve("report.html"), html);
    // --- end of snippet

    assertThat(ring).contains("aria-label=\"algebra: 55%\"");
    assertThat(bar).isEqualTo("algebra  " + "█".repeat(13) + "▎" + "░".repeat(10) + "  55.0%");
    assertThat(Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8)).contains("Time spent per day");
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    assertThat(readme).contains("String ring = SvgRenderer.render(ProgressIndicator.circular(algebra));")
        .contains("String bar = TextRenderer.unicode().line(ProgressIndicator.linear(algebra));")
        .contains("UserView ana = UserView.of(tracker.userProgress(\"ana\"))")
        .contains("String html = HtmlRenderer.render(new ReportView(\"Progress report\", now, List.of(), List.of(ana), "
            + "List.of()));");
  }
}
