package dev.progress.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.progress.core.Progress;
import dev.progress.core.ProgressChange;
import dev.progress.view.ProgressIndicator.Kind;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * SVG indicators and charts: well-formed XML, accessible names, and values mapped to geometry exactly. The
 * expected lengths are computed here from the definitions (C = 2 pi r; bar width 360), not read from the renderer.
 */
class SvgRendererTest {
  private static final double C = 2 * Math.PI * 50;
  private static final double EXACT = 0.0005; // numbers are written to 3 decimals

  private static Progress algebra(double task, double time, double milestone, double interaction) {
    return ViewFixtures.space("ana", "algebra", "math-101", task, time, milestone, interaction);
  }

  private static ProgressIndicator value(Kind kind, double v) {
    return new ProgressIndicator(kind, "algebra", v, List.of(), false, v);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 50, 100, 33.3333, 0.1})
  void ring_arcLengthIsTheValuesShareOfTheCircumference(double v) {
    Document svg = Xml.parse(SvgRenderer.ring(value(Kind.CIRCULAR, v)));

    Element arc = Xml.only(svg, "circle", "value");
    double[] dash = Xml.numbers(arc, "stroke-dasharray");
    assertThat(dash[0]).isCloseTo(C * v / 100, offset(EXACT));
    assertThat(dash[1]).isCloseTo(C, offset(EXACT));
    assertThat(Xml.number(arc, "r")).isEqualTo(50);
    assertThat(arc.getAttribute("transform")).as("starts at the top").startsWith("rotate(-90 ");
    assertThat(Xml.only(svg, "circle", "track").getAttribute("stroke-dasharray")).isEmpty();
  }

  @Test
  void ring_zeroDrawsNothing_hundredClosesTheCircle() {
    double[] zero = Xml.numbers(Xml.only(Xml.parse(SvgRenderer.ring(value(Kind.CIRCULAR, 0))), "circle", "value"),
        "stroke-dasharray");
    double[] full = Xml.numbers(Xml.only(Xml.parse(SvgRenderer.ring(value(Kind.CIRCULAR, 100))), "circle", "value"),
        "stroke-dasharray");

    assertThat(zero[0]).isZero();
    assertThat(full[0]).isEqualTo(full[1]);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 50, 100, 12.345})
  void bar_widthIsTheValuesShareOfTheBar(double v) {
    Document svg = Xml.parse(SvgRenderer.bar(value(Kind.LINEAR, v)));

    assertThat(Xml.number(Xml.only(svg, "rect", "value"), "width")).isCloseTo(360 * v / 100, offset(EXACT));
    assertThat(Xml.number(Xml.only(svg, "rect", "track"), "width")).isEqualTo(360);
  }

  /** task 50 x .4 = 20, time 100 x .2 = 20, milestone 33.3333 x .3 = 10, interaction 80 x .1 = 8: total 58. */
  @Test
  void detailedBar_oneSegmentPerPart_asWideAsItsContribution_sideBySide() {
    Document svg = Xml.parse(SvgRenderer.bar(ProgressIndicator.detailed(algebra(50, 100, 33.3333, 80))));

    List<Element> parts = Xml.find(svg, "rect", "part");
    assertThat(parts).hasSize(4);
    double[] contributions = {20, 20, 9.99999, 8};
    double x = 0;
    for (int i = 0; i < 4; i++) {
      assertThat(Xml.number(parts.get(i), "width")).as("part %d", i)
          .isCloseTo(360 * contributions[i] / 100, offset(EXACT));
      assertThat(Xml.number(parts.get(i), "x")).as("part %d starts where the one before ends", i)
          .isCloseTo(x, offset(2 * EXACT));
      x += 360 * contributions[i] / 100;
    }
    assertThat(x).isCloseTo(360 * 0.58, offset(0.001));
    assertThat(Xml.find(svg, "text", "legend")).extracting(Element::getTextContent).containsExactly(
        "task 50 × 0.4 = 20", "time 100 × 0.2 = 20", "milestone 33.3 × 0.3 = 10", "interaction 80 × 0.1 = 8");
    assertThat(Xml.only(svg, "desc", null).getTextContent()).contains("task 50 × 0.4 = 20; time 100");
  }

  @Test
  void detailedRing_arcsFollowEachOther_zeroPartsDrawNothing() {
    Document svg = Xml.parse(SvgRenderer.ring(ProgressIndicator.detailed(algebra(50, 0, 100, 80))));

    List<Element> arcs = Xml.find(svg, "circle", "part");
    assertThat(arcs).extracting(e -> e.getAttribute("class")).containsExactly("part part-0", "part part-2",
        "part part-3");
    double[] lengths = {C * 0.20, C * 0.30, C * 0.08};
    double start = 0;
    for (int i = 0; i < arcs.size(); i++) {
      double[] dash = Xml.numbers(arcs.get(i), "stroke-dasharray");
      assertThat(dash[0]).as("arc %d", i).isCloseTo(lengths[i], offset(EXACT));
      String offsetAttribute = arcs.get(i).getAttribute("stroke-dashoffset");
      double dashOffset = offsetAttribute.isEmpty() ? 0 : Double.parseDouble(offsetAttribute);
      assertThat(-dashOffset).as("arc %d starts where the one before ends", i).isCloseTo(start, offset(2 * EXACT));
      start += lengths[i];
    }
    assertThat(Xml.find(svg, "line", "separator")).hasSize(3);
    assertThat(Xml.find(svg, "text", "legend")).hasSize(4);
  }

  @Test
  void everyImage_isAnAccessibleImageNamedWithItsValue() {
    Progress p = algebra(100, 75, 0, 0);
    for (String svg : List.of(SvgRenderer.ring(ProgressIndicator.circular(p)), SvgRenderer.bar(ProgressIndicator.linear(p)),
        SvgRenderer.ring(ProgressIndicator.detailed(p)), SvgRenderer.render(ProgressIndicator.detailed(p)))) {
      Element root = Xml.parse(svg).getDocumentElement();
      assertThat(root.getAttribute("role")).isEqualTo("img");
      assertThat(root.getAttribute("aria-label")).isEqualTo("algebra: 55%");
      assertThat(root.getFirstChild().getNodeName()).isEqualTo("title");
      assertThat(root.getFirstChild().getTextContent()).isEqualTo("algebra: 55%");
      assertThat(svg).as("the value is also written as text").contains(">55%</text>");
    }
  }

  @Test
  void hostileLabels_areEscaped_andControlCharactersReplaced() {
    String label = "x\"/><script>alert('1')</script>&amp;\u0001\uFFFE";
    String svg = SvgRenderer.bar(value(Kind.LINEAR, 10).withLabel(label));

    Element root = Xml.parse(svg).getDocumentElement();
    assertThat(root.getAttribute("aria-label")).isEqualTo("x\"/><script>alert('1')</script>&amp;\uFFFD\uFFFD: 10%");
    assertThat(Xml.find(Xml.parse(svg), "script", null)).isEmpty();
    assertThat(svg).doesNotContain("<script");
  }

  @Test
  void animated_ringAndBarAnimateFromThePreviousValue_andShowTheNewOneWithoutAnimation() {
    Progress now = algebra(100, 75, 0, 0);
    ProgressIndicator ring = ProgressIndicator.of(Kind.CIRCULAR, new ProgressChange(20, now));
    Element arc = Xml.only(Xml.parse(SvgRenderer.ring(ring)), "circle", "value");
    Element animate = (Element) arc.getElementsByTagNameNS("*", "animate").item(0);

    assertThat(Xml.numbers(arc, "stroke-dasharray")[0]).isCloseTo(C * 0.55, offset(EXACT));
    assertThat(animate.getAttribute("attributeName")).isEqualTo("stroke-dasharray");
    assertThat(Xml.numbers(animate, "from")[0]).isCloseTo(C * 0.20, offset(EXACT));
    assertThat(Xml.numbers(animate, "to")[0]).isCloseTo(C * 0.55, offset(EXACT));
    assertThat(animate.getAttribute("fill")).isEqualTo("freeze");

    Element bar = Xml.only(Xml.parse(SvgRenderer.bar(ProgressIndicator.linear(now).animatedFrom(10))), "rect", "value");
    Element widthAnimation = (Element) bar.getElementsByTagNameNS("*", "animate").item(0);
    assertThat(Xml.number(widthAnimation, "from")).isCloseTo(36, offset(EXACT));
    assertThat(Xml.number(widthAnimation, "to")).isCloseTo(198, offset(EXACT));

    assertThat(SvgRenderer.ring(ring.still())).doesNotContain("<animate");
  }

  @Test
  void barChart_heightsProportionalToMinutes_onANiceScale() {
    TimeSpentChart chart = TimeSpentChart.daily(LocalDate.parse("2026-10-30"),
        List.of(30.0, 0.0, 45.0, 90.0, 20.0, 0.0, 62.5));
    Document svg = Xml.parse(SvgRenderer.barChart(chart));

    List<Element> bars = Xml.find(svg, "rect", "bar");
    assertThat(bars).hasSize(7);
    double plot = 220 - 36 - 40; // the plot's height; the scale's top is 100 (the nice number above 90)
    for (int i = 0; i < 7; i++) {
      double expected = plot * chart.minutes().get(i) / 100;
      assertThat(Xml.number(bars.get(i), "height")).as("bar %d", i).isCloseTo(expected, offset(EXACT));
      assertThat(Xml.number(bars.get(i), "y") + Xml.number(bars.get(i), "height")).isCloseTo(220 - 36, offset(0.001));
    }
    assertThat(Xml.find(svg, "text", "bar-value")).extracting(Element::getTextContent)
        .containsExactly("30", "0", "45", "90", "20", "0", "62.5");
    assertThat(Xml.find(svg, "text", "bar-label")).extracting(Element::getTextContent)
        .containsExactly("Sat 24", "Sun 25", "Mon 26", "Tue 27", "Wed 28", "Thu 29", "Fri 30");
    assertThat(svg.getDocumentElement().getAttribute("aria-label")).startsWith(
        "Time spent per day: Saturday 24 October 2026 30 min, Sunday 25 October 2026 0 min,");
  }

  @Test
  void niceMax_isTheNextRoundNumber() {
    assertThat(SvgRenderer.niceMax(0)).isEqualTo(60);
    assertThat(SvgRenderer.niceMax(90)).isEqualTo(100);
    assertThat(SvgRenderer.niceMax(100)).isEqualTo(100);
    assertThat(SvgRenderer.niceMax(101)).isEqualTo(150);
    assertThat(SvgRenderer.niceMax(1240)).isEqualTo(1500);
    assertThat(SvgRenderer.niceMax(0.3)).isCloseTo(0.3, offset(1e-12));
  }

  @Test
  void lineChart_pointsSpacedByDays_heightByTotal() {
    ProgressOverTime chart = new ProgressOverTime("algebra", List.of(
        new ProgressOverTime.Point(LocalDate.parse("2026-10-01"), 0),
        new ProgressOverTime.Point(LocalDate.parse("2026-10-02"), 50),
        new ProgressOverTime.Point(LocalDate.parse("2026-10-05"), 100)));
    Document svg = Xml.parse(SvgRenderer.lineChart(chart));

    double[] xy = Xml.numbers(Xml.only(svg, "polyline", "line"), "points");
    double left = 48 + 8;
    double width = 480 - 12 - 48 - 16;
    assertThat(xy).containsExactly(new double[] {left, 184, left + width / 4, 112, left + width, 40},
        offset(EXACT));
    assertThat(Xml.find(svg, "circle", "point")).hasSize(3);
    assertThat(svg.getDocumentElement().getAttribute("aria-label"))
        .isEqualTo("algebra over time: 0% on Thursday 1 October 2026, 100% on Monday 5 October 2026");
  }

  @Test
  void output_doesNotDependOnTheDefaultLocale() {
    Progress p = algebra(50, 100, 33.3333, 80);
    Locale before = Locale.getDefault();
    String root;
    String german;
    try {
      Locale.setDefault(Locale.ROOT);
      root = SvgRenderer.ring(ProgressIndicator.detailed(p)) + SvgRenderer.bar(ProgressIndicator.detailed(p));
      Locale.setDefault(Locale.GERMANY);
      german = SvgRenderer.ring(ProgressIndicator.detailed(p)) + SvgRenderer.bar(ProgressIndicator.detailed(p));
    } finally {
      Locale.setDefault(before);
    }
    assertThat(german).isEqualTo(root).contains("314.159").doesNotContain("314,159");
  }
}
