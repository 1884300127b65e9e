package dev.progress.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTML report in a real browser: headless Chromium, with no network and a fresh profile, loads the report of
 * {@link ViewFixtures#report()} from a local file, dumps the DOM it built and takes a screenshot. Every indicator
 * must be in the DOM with its value (the accessible names below are written out by hand from the fixture's
 * figures), nothing hostile may have become markup, and the screenshot must show the page, not a blank one.
 * The files stay in {@code target/browser/} to look at.
 */
class BrowserTest {
  private static Path dir;
  private static Path page;
  private static Chromium chromium;

  @BeforeAll
  static void writeReport() throws IOException {
    dir = Path.of(System.getProperty("progress.browserOutput", "target/browser"));
    Files.createDirectories(dir);
    page = dir.resolve("report.html");
    Files.writeString(page, HtmlRenderer.render(ViewFixtures.report()), StandardCharsets.UTF_8);
    chromium = Chromium.find(dir);
  }

  @Test
  void dom_hasEveryIndicatorWithItsValue_andNothingHostileBecameMarkup() throws Exception {
    String dom = chromium.dumpDom(page);
    Files.writeString(dir.resolve("report.dom.html"), dom, StandardCharsets.UTF_8);

    List<String> labels = ariaLabels(dom);
    String skill = ViewFixtures.HOSTILE_SKILL.replace('\u0001', '\uFFFD').replace('\u001b', '\uFFFD');
    assertThat(labels).contains(
        "web-developer: 46.2%", "html-css: 83%", "javascript: 58%", "portfolio: 0%",
        "coding: 24%", "design: 70%", "coding retention: 83.1%", "design retention: 41.5%",
        "intro: 10%", "intro: 40%", "intro: 0%",
        ViewFixtures.HOSTILE_GOAL + ": 60%", ViewFixtures.HOSTILE_SPACE + ": 100%", skill + ": 20%",
        skill + " retention: 100%",
        "web-developer over time: 5% on Wednesday 21 October 2026, 52.8% on Friday 30 October 2026",
        "javascript over time: 20% on Monday 26 October 2026, 58% on Friday 30 October 2026",
        ViewFixtures.HOSTILE_SPACE + " over time: 100% on Friday 30 October 2026");
    assertThat(labels.stream().filter(l -> l.startsWith("Time spent per day: Saturday 24 October 2026 30 min")))
        .hasSize(1);
    assertThat(labels.stream().filter(l -> l.startsWith("Time spent per week: week from Monday 5 October 2026")))
        .hasSize(1);
    assertThat(labels.stream().filter(l -> l.startsWith("Time spent per month: May 2026 0 min"))).hasSize(1);
    assertThat(labels).as("one image per goal (2), space (7), skill (3), retention (3), time chart (3) and line chart (3)").hasSize(21);

    assertThat(dom).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<img")
        .doesNotContain("<b>").doesNotContain("<i>").doesNotContain("<li><li>");
    assertThat(dom).contains("&lt;script&gt;alert(\"x&amp;y\")&lt;/script&gt;' onload='x");
    assertThat(dom).as("a table of contents for 5 users").contains("<nav class=\"toc\"");
    for (String section : List.of("Goals", "Spaces", "Skills", "Time spent", "Progress over time", "Forecasts",
        "Insights", "Rejected lines (2)")) {
      assertThat(dom).contains(">" + section + "<");
    }
  }

  @Test
  void screenshot_showsThePage() throws Exception {
    Path png = dir.resolve("report.png");
    chromium.screenshot(page, png, 1280, 2400);

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).as("a PNG Java can decode").isNotNull();
    assertThat(image.getWidth()).isEqualTo(1280);
    Set<Integer> colours = new HashSet<>();
    long notWhite = 0;
    long indicatorBlue = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        colours.add(rgb);
        if (rgb != 0xFFFFFF) {
          notWhite++;
        }
        if (rgb == 0x1D4ED8) {
          indicatorBlue++;
        }
      }
    }
    long pixels = (long) image.getWidth() * image.getHeight();
    assertThat(colours.size()).as("distinct colours (text, rings, bars, charts)").isGreaterThan(100);
    assertThat((double) notWhite / pixels).as("share of pixels that are not white").isGreaterThan(0.2);
    assertThat(indicatorBlue).as("pixels of the indicators' blue: the rings and bars were drawn").isGreaterThan(2000);
  }

  /** Every aria-label in an HTML serialization, unescaped. */
  static List<String> ariaLabels(String html) {
    List<String> labels = new ArrayList<>();
    Matcher m = Pattern.compile("aria-label=\"([^\"]*)\"").matcher(html);
    while (m.find()) {
      labels.add(m.group(1).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
          .replace("&#39;", "'").replace("&nbsp;", "\u00A0").replace("&amp;", "&"));
    }
    return labels;
  }
}
