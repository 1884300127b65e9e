package dev.progress.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progress.core.UserProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlRendererTest {
  private static final String PAGE = HtmlRenderer.render(ViewFixtures.report());

  private static ReportView report(List<UserView> users) {
    return new ReportView("Progress report", ViewFixtures.AS_OF, List.of(), users, List.of());
  }

  @Test
  void page_isSelfContained_noScriptNothingFetched() {
    assertThat(PAGE).startsWith("<!DOCTYPE html>\n<html lang=\"en\">").endsWith("</html>\n")
        .contains("<meta charset=\"utf-8\">", "<style>")
        .doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<link")
        .doesNotContainIgnoringCase("<img").doesNotContain("url(").doesNotContain("@import");
    Matcher tags = Pattern.compile("<[a-zA-Z][^>]*>").matcher(PAGE);
    while (tags.find()) {
      assertThat(tags.group().replaceAll("\"[^\"]*\"", "\"\"")).as("no element loads anything").doesNotContain(" src=").doesNotContain(" srcset=");
    }
    Matcher links = Pattern.compile("(?:href|xlink:href)=\"([^\"]*)\"").matcher(PAGE);
    while (links.find()) {
      assertThat(links.group(1)).as("every link stays in the page").startsWith("#");
    }
    Matcher urls = Pattern.compile("https?://[^\" ]+").matcher(PAGE);
    while (urls.find()) {
      assertThat(urls.group()).as("the only URL is the SVG namespace").isEqualTo("http://www.w3.org/2000/svg");
    }
  }

  @Test
  void everyInlineSvg_isWellFormedXml() {
    Matcher svg = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(PAGE);
    int count = 0;
    while (svg.find()) {
      Xml.parse(svg.group());
      count++;
    }
    assertThat(count).as("indicators, charts and the swatches of the breakdown tables").isGreaterThan(21);
  }

  @Test
  void hostileIds_areText_neverMarkup() {
    assertThat(PAGE).doesNotContain(ViewFixtures.HOSTILE_USER).doesNotContain("<b>").doesNotContain("<i>")
        .doesNotContain("</li><li>").doesNotContain("\u0001").doesNotContain("\u001b")
        .contains("<bdi>&lt;script&gt;alert(\"x&amp;y\")&lt;/script&gt;' onload='x</bdi>")
        .contains("aria-label=\"a&#39;b&quot;c&lt;d&gt;&amp;e&lt;/svg&gt;&lt;img src=x&gt;: 100%\"")
        .contains("<bdi>\u202Egoal-rtl &amp; &lt;b&gt;</bdi>")
        .contains("ctl\uFFFD\uFFFD[2J 🚀 &lt;i&gt;");
  }

  /** A rejected line quotes the line's values: escaped, and isolated as names are, so an override stays in it. */
  @Test
  void rejectedLines_areEscapedAndIsolated() {
    String page = HtmlRenderer.render(new ReportView("Progress report", ViewFixtures.AS_OF, List.of(), List.of(),
        List.of("line 2: type 'x\u202E</li><li>\u001b[2J' is not known")));

    assertThat(page).doesNotContain("\u001b")
        .contains("<li><bdi>line 2: type 'x\u202E&lt;/li&gt;&lt;li&gt;\uFFFD[2J' is not known</bdi></li>");
  }

  @Test
  void tableOfContents_onlyWithMoreThanThreeUsers() {
    List<UserView> three = List.of(ViewFixtures.small("a", 1), ViewFixtures.small("b", 2), ViewFixtures.small("c", 3));
    List<UserView> four = new ArrayList<>(three);
    four.add(ViewFixtures.small("d", 4));

    assertThat(HtmlRenderer.render(report(three))).doesNotContain("<nav");
    String page = HtmlRenderer.render(report(four));
    assertThat(page).contains("<nav class=\"toc\" aria-labelledby=\"toc\">", "<h2 id=\"toc\">Users (4)</h2>",
        "<li><a href=\"#user-4\"><bdi>d</bdi></a> <span class=\"counts\">0 goals, 1 space, 0 skills</span></li>");
    for (int i = 1; i <= 4; i++) {
      assertThat(page).contains("<section class=\"user\" id=\"user-" + i + "\"");
    }
  }

  @Test
  void optionalSections_appearOnlyWithTheirData() {
    String bare = HtmlRenderer.render(report(List.of(UserView.of(ViewFixtures.ana().progress()))));
    String full = HtmlRenderer.render(report(List.of(ViewFixtures.ana())));

    for (String section : List.of("Time spent", "Progress over time", "Forecasts", "Insights", "Retention")) {
      assertThat(bare).doesNotContain(">" + section);
      assertThat(full).contains(">" + section);
    }
    for (String section : List.of(">Goals<", ">Spaces<", ">Skills<")) {
      assertThat(bare).contains(section);
    }
    assertThat(HtmlRenderer.render(report(List.of()))).contains("No user has an accepted event yet.");
    assertThat(HtmlRenderer.render(report(List.of(ViewFixtures.small("x", 0))))).doesNotContain(">Goals<")
        .contains(">Spaces<").doesNotContain(">Skills<");
  }

  @Test
  void breakdown_explainsTheTotal() {
    assertThat(PAGE).contains("<bdi>milestone</bdi></th><td>33.3</td><td>× 0.3</td><td>10</td></tr>")
        .contains("<tfoot><tr><th scope=\"row\">total</th><td></td><td></td><td>58</td></tr></tfoot>")
        .contains("Nothing yet: every component is 0.");
  }

  @Test
  void forecasts_datesDeadlinesAndRisk_inWords() {
    assertThat(PAGE)
        .contains("<td><time datetime=\"2026-11-12\">12 Nov 2026</time><br><span class=\"muted\">in 13 days</span></td>")
        .contains("✓ on track: 97% of futures make it")
        .contains("⚠ at risk: 20% of futures make it")
        .contains("expected then: 81.3%")
        .contains("<td class=\"muted\">not in sight</td>")
        .contains("too little history to forecast")
        .contains("in 1 day");
  }

  @Test
  void retentionAndInsights() {
    assertThat(PAGE).contains("Retention <strong>83.1%</strong> <span class=\"muted\">last practised 29 Oct 2026</span>")
        .contains("aria-label=\"design retention: 41.5%\"")
        .contains("<span class=\"kind\">deadline at risk</span>");
  }

  @Test
  void printStylesheet_oneUserPerPage() {
    assertThat(HtmlRenderer.CSS).contains("@media print")
        .contains("section.user + section.user, section.rejected { break-before: page; }")
        .contains("break-inside: avoid");
  }

  @Test
  void sameInput_sameBytes() {
    assertThat(HtmlRenderer.render(ViewFixtures.report())).isEqualTo(PAGE);
    StringBuilder out = new StringBuilder();
    HtmlRenderer.write(ViewFixtures.report(), out);
    assertThat(out.toString()).isEqualTo(PAGE);
  }

  @Test
  void userWithNothing_stillHasAHeading() {
    String page = HtmlRenderer.render(report(List.of(UserView.of(new UserProgress("zoe", List.of(), List.of(),
        List.of())))));
    assertThat(page).contains("<span class=\"muted\">User</span> <bdi>zoe</bdi></h2>");
  }
}
