package dev.progress.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progress.core.Progress;
import dev.progress.core.ProgressChange;
import dev.progress.view.ProgressIndicator.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/**
 * Fixed input gives byte-identical output: every renderer's output for {@link ViewFixtures} is compared with a
 * file under {@code src/test/resources/snapshots}. A change of the output is made on purpose only: regenerate
 * the files with
 *
 * <pre>
 * ./mvnw -B -ntp -pl progress-view -am test -Dtest=SnapshotTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dprogress.updateSnapshots=true
 * </pre>
 *
 * then review {@code git diff progress-view/src/test/resources/snapshots} (open the .svg and .html files in a
 * browser) and commit them with the change that explains them.
 */
class SnapshotTest {
  private static final Path DIR = Path.of(System.getProperty("progress.snapshotDir", "src/test/resources/snapshots"));
  private static final boolean UPDATE = Boolean.getBoolean("progress.updateSnapshots");

  private static Progress algebra() {
    return ViewFixtures.space("ana", "algebra", "math-101", 50, 100, 33.3333, 80);
  }

  @Test
  void ring() throws IOException {
    assertSnapshot("ring.svg", SvgRenderer.ring(ProgressIndicator.circular(algebra())));
  }

  @Test
  void ring_detailed() throws IOException {
    assertSnapshot("ring-detailed.svg", SvgRenderer.ring(ProgressIndicator.detailed(algebra())));
  }

  @Test
  void ring_animated() throws IOException {
    assertSnapshot("ring-animated.svg",
        SvgRenderer.ring(ProgressIndicator.of(Kind.CIRCULAR, new ProgressChange(20, algebra()))));
  }

  @Test
  void bar() throws IOException {
    assertSnapshot("bar.svg", SvgRenderer.bar(ProgressIndicator.linear(algebra())));
  }

  @Test
  void bar_detailed() throws IOException {
    assertSnapshot("bar-detailed.svg", SvgRenderer.bar(ProgressIndicator.detailed(algebra())));
  }

  @Test
  void barChart() throws IOException {
    assertSnapshot("bar-chart.svg", SvgRenderer.barChart(
        TimeSpentChart.daily(LocalDate.parse("2026-10-30"), List.of(30.0, 0.0, 45.0, 90.0, 20.0, 0.0, 62.5))));
  }

  @Test
  void lineChart() throws IOException {
    assertSnapshot("line-chart.svg", SvgRenderer.lineChart(ViewFixtures.ana().history().get(0)));
  }

  @Test
  void htmlReport() throws IOException {
    assertSnapshot("report.html", HtmlRenderer.render(ViewFixtures.report()));
  }

  @Test
  void textDashboard() throws IOException {
    assertSnapshot("dashboard.txt", TextRenderer.unicode().render(ViewFixtures.ana().progress())
        + TextRenderer.unicode().render(ViewFixtures.hostile().progress()));
  }

  @Test
  void textDashboard_ascii() throws IOException {
    assertSnapshot("dashboard-ascii.txt", TextRenderer.ascii().render(ViewFixtures.ana().progress()));
  }

  /** The snapshots hold whatever the default locale and time zone: the output never depends on them. */
  @Test
  void htmlReport_sameBytesInAnotherLocaleAndZone() throws IOException {
    Locale locale = Locale.getDefault();
    TimeZone zone = TimeZone.getDefault();
    String html;
    try {
      Locale.setDefault(Locale.forLanguageTag("ar-EG"));
      TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kathmandu"));
      html = HtmlRenderer.render(ViewFixtures.report());
    } finally {
      Locale.setDefault(locale);
      TimeZone.setDefault(zone);
    }
    assertThat(html).isEqualTo(HtmlRenderer.render(ViewFixtures.report()));
    if (!UPDATE) {
      assertThat(html.getBytes(StandardCharsets.UTF_8)).isEqualTo(Files.readAllBytes(DIR.resolve("report.html")));
    }
  }

  private static void assertSnapshot(String name, String actual) throws IOException {
    Path file = DIR.resolve(name);
    byte[] bytes = actual.getBytes(StandardCharsets.UTF_8);
    if (UPDATE) {
      Files.createDirectories(DIR);
      Files.write(file, bytes);
      return;
    }
    assertThat(file).as("snapshot %s is missing; see SnapshotTest's Javadoc to create it", file).exists();
    String expected = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(actual).as("output differs from snapshot %s; if the change is intended, regenerate the snapshots "
        + "as SnapshotTest's Javadoc says and review the diff", file).isEqualTo(expected);
    assertThat(bytes).isEqualTo(Files.readAllBytes(file));
  }
}
