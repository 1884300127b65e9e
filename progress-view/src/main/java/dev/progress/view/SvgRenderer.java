package dev.progress.view;

import static dev.progress.view.Markup.attr;
import static dev.progress.view.Markup.num;
import static dev.progress.view.Markup.pct;
import static dev.progress.view.Markup.shorten;
import static dev.progress.view.Markup.text;
import static java.util.Objects.requireNonNull;

import dev.progress.view.ProgressIndicator.Kind;
import dev.progress.view.ProgressIndicator.Part;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Indicators and charts as SVG images, each a standalone, well-formed XML document (that can also be inlined in
 * HTML). Every image is accessible: {@code role="img"}, an {@code aria-label} and a {@code <title>} carrying the
 * value ({@code "algebra: 55%"}), the value also written as text, and segments named in a legend, so colour never
 * carries meaning alone; colours have a contrast of at least 4.5:1 on white. The output depends only on the input:
 * numbers have at most 3 decimals, formatted without the default locale.
 *
 * <p>Geometry: a ring has radius {@value #RING_RADIUS} and is filled clockwise from the top, with {@code
 * stroke-dasharray="L C"} where C = 2&pi;r and L = C x value / 100; a detailed ring has one such arc per part, L =
 * C x contribution / 100, each starting where the one before ended ({@code stroke-dashoffset}); a bar is {@value
 * #BAR_WIDTH} wide and filled to {@code BAR_WIDTH x value / 100}, a stacked bar with one rectangle per part as
 * wide as its contribution. Stateless; safe for concurrent use.
 */
public final class SvgRenderer {
  /** The radius of a ring's centre line. */
  public static final double RING_RADIUS = 50;
  /** The width of a ring's stroke. */
  public static final double RING_STROKE = 12;
  /** The width of a full bar. */
  public static final double BAR_WIDTH = 360;
  /** The width of a chart. */
  public static final double CHART_WIDTH = 480;
  /** The height of a chart. */
  public static final double CHART_HEIGHT = 220;

  static final String INK = "#1f2937";
  static final String MUTED = "#4b5563";
  static final String TRACK = "#e5e7eb";
  static final String GRID = "#d1d5db";
  static final String VALUE = "#1d4ed8";
  /** Part colours, each with a contrast of at least 4.5:1 against white (Tailwind's 700 shades). */
  static final List<String> PALETTE = List.of("#1d4ed8", "#b45309", "#047857", "#7e22ce", "#be123c", "#0e7490");
  static final String FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif";

  private static final double CIRCUMFERENCE = 2 * Math.PI * RING_RADIUS;
  private static final double RING_SIZE = 2 * (RING_RADIUS + RING_STROKE / 2) + 8;
  private static final double CENTRE = RING_SIZE / 2;

  // chart plot area
  private static final double PLOT_LEFT = 48;
  private static final double PLOT_RIGHT = CHART_WIDTH - 12;
  private static final double PLOT_TOP = 40;
  private static final double PLOT_BOTTOM = CHART_HEIGHT - 36;

  private SvgRenderer() {}

  /** A ring for {@link Kind#CIRCULAR}, a bar for {@link Kind#LINEAR}, a stacked bar for {@link Kind#DETAILED}. */
  public static String render(ProgressIndicator indicator) {
    return indicator.kind() == Kind.CIRCULAR ? ring(indicator) : bar(indicator);
  }

  /** The circumference of a ring: the length of a full arc. */
  public static double circumference() {
    return CIRCUMFERENCE;
  }

  /**
   * A ring with the value in its centre and the label under it; for a {@link Kind#DETAILED} indicator, one arc
   * per part and a legend beside the ring.
   */
  public static String ring(ProgressIndicator indicator) {
    return ring(indicator, false);
  }

  /**
   * A ring; {@code bare} leaves out the label under it and a detailed ring's legend, for a page that writes
   * them itself.
   */
  static String ring(ProgressIndicator indicator, boolean bare) {
    requireNonNull(indicator, "indicator");
    boolean detailed = indicator.kind() == Kind.DETAILED;
    List<Part> parts = indicator.parts();
    double width = detailed && !bare ? RING_SIZE + 12 + 200 : RING_SIZE;
    double height = bare ? RING_SIZE : Math.max(RING_SIZE + 22, detailed ? 24 + 20.0 * parts.size() : 0);
    StringBuilder svg = open(width, height, indicator.accessibleLabel(), "progress-ring");
    desc(svg, indicator);
    svg.append("<circle class=\"track\" cx=\"").append(num(CENTRE)).append("\" cy=\"").append(num(CENTRE))
        .append("\" r=\"").append(num(RING_RADIUS)).append("\" fill=\"none\" stroke=\"").append(TRACK)
        .append("\" stroke-width=\"").append(num(RING_STROKE)).append("\"/>");
    if (!detailed) {
      arc(svg, "value", VALUE, arcLength(indicator.value()), 0, indicator, null);
    } else {
      double start = 0;
      List<Double> boundaries = new ArrayList<>();
      for (int i = 0; i < parts.size(); i++) {
        Part p = parts.get(i);
        double length = arcLength(p.contribution());
        if (length > 0) {
          arc(svg, "part part-" + i, colour(i), length, start, null, explain(p));
          start += length;
          boundaries.add(start);
        }
      }
      if (boundaries.size() > 1) {
        for (double b : boundaries) {
          separator(svg, b);
        }
      }
    }
    svg.append("<text class=\"value\" x=\"").append(num(CENTRE)).append("\" y=\"").append(num(CENTRE))
        .append("\" text-anchor=\"middle\" dominant-baseline=\"central\" font-size=\"22\" font-weight=\"700\" fill=\"")
        .append(INK).append("\">").append(text(indicator.valueText())).append("</text>");
    if (!bare) {
      svg.append("<text class=\"label\" x=\"").append(num(CENTRE)).append("\" y=\"").append(num(RING_SIZE + 14))
          .append("\" text-anchor=\"middle\" font-size=\"13\" fill=\"").append(INK).append("\">")
          .append(text(shorten(indicator.label(), 18))).append("</text>");
      if (detailed) {
        legend(svg, parts, RING_SIZE + 12, 20);
      }
    }
    return svg.append("</svg>").toString();
  }

  /**
   * A bar with the label above it on the left and the value on the right; for a {@link Kind#DETAILED} indicator,
   * one segment per part, named inside when it is wide enough, and a legend under the bar.
   */
  public static String bar(ProgressIndicator indicator) {
    return bar(indicator, false);
  }

  /**
   * A bar; {@code bare} leaves out the label and value above it and a detailed bar's legend, for a page that
   * writes them itself.
   */
  static String bar(ProgressIndicator indicator, boolean bare) {
    requireNonNull(indicator, "indicator");
    boolean detailed = indicator.kind() == Kind.DETAILED;
    boolean legend = detailed && !bare;
    List<Part> parts = indicator.parts();
    double barTop = bare ? 2 : 24;
    double barHeight = 16;
    double height = barTop + barHeight + (bare ? 2 : 4) + (legend ? 8 + 20.0 * parts.size() : 0);
    StringBuilder svg = open(BAR_WIDTH, height, indicator.accessibleLabel(), "progress-bar");
    desc(svg, indicator);
    if (!bare) {
      svg.append("<text class=\"label\" x=\"0\" y=\"15\" font-size=\"14\" fill=\"").append(INK).append("\">")
          .append(text(shorten(indicator.label(), 36))).append("</text>");
      svg.append("<text class=\"value\" x=\"").append(num(BAR_WIDTH)).append("\" y=\"15\" text-anchor=\"end\" ")
          .append("font-size=\"14\" font-weight=\"700\" fill=\"").append(INK).append("\">")
          .append(text(indicator.valueText())).append("</text>");
    }
    svg.append("<rect class=\"track\" x=\"0\" y=\"").append(num(barTop)).append("\" width=\"").append(num(BAR_WIDTH))
        .append("\" height=\"").append(num(barHeight)).append("\" rx=\"3\" fill=\"").append(TRACK).append("\"/>");
    if (!detailed) {
      double width = barWidth(indicator.value());
      svg.append("<rect class=\"value\" x=\"0\" y=\"").append(num(barTop)).append("\" width=\"").append(num(width))
          .append("\" height=\"").append(num(barHeight)).append("\" rx=\"3\" fill=\"").append(VALUE).append('"');
      if (indicator.animate()) {
        svg.append('>');
        animate(svg, "width", num(barWidth(indicator.previousValue())), num(width));
        svg.append("</rect>");
      } else {
        svg.append("/>");
      }
    } else {
      double x = 0;
      for (int i = 0; i < parts.size(); i++) {
        Part p = parts.get(i);
        double width = barWidth(p.contribution());
        if (width <= 0) {
          continue;
        }
        svg.append("<rect class=\"part part-").append(i).append("\" x=\"").append(num(x)).append("\" y=\"")
            .append(num(barTop)).append("\" width=\"").append(num(width)).append("\" height=\"")
            .append(num(barHeight)).append("\" fill=\"").append(colour(i)).append("\" stroke=\"#ffffff\" ")
            .append("stroke-width=\"1\"><title>").append(text(explain(p))).append("</title></rect>");
        String name = shorten(p.name(), 14);
        if (width >= 7 * name.codePointCount(0, name.length()) + 8) {
          svg.append("<text class=\"part-name\" x=\"").append(num(x + 4)).append("\" y=\"")
              .append(num(barTop + 12)).append("\" font-size=\"11\" fill=\"#ffffff\">").append(text(name))
              .append("</text>");
        }
        x += width;
      }
      if (legend) {
        legend(svg, parts, 0, barTop + barHeight + 12);
      }
    }
    return svg.append("</svg>").toString();
  }

  /** Bars of minutes per period, each with its minutes written above it and its label under it. */
  public static String barChart(TimeSpentChart chart) {
    requireNonNull(chart, "chart");
    List<Double> minutes = chart.minutes();
    StringBuilder label = new StringBuilder(chart.title()).append(": ");
    for (int i = 0; i < minutes.size(); i++) {
      label.append(i == 0 ? "" : ", ").append(chart.descriptions().get(i)).append(' ')
          .append(minutesText(minutes.get(i))).append(" min");
    }
    if (minutes.isEmpty()) {
      label.append("no data");
    }
    StringBuilder svg = open(CHART_WIDTH, CHART_HEIGHT, label.toString(), "chart bar-chart");
    chartTitle(svg, chart.title() + " (minutes; total " + minutesText(chart.total()) + ")");
    double max = niceMax(minutes.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    for (int t = 0; t <= 2; t++) {
      double v = max * t / 2;
      gridLine(svg, y(v, max), minutesText(v));
    }
    double slot = (PLOT_RIGHT - PLOT_LEFT) / Math.max(1, minutes.size());
    for (int i = 0; i < minutes.size(); i++) {
      double v = minutes.get(i);
      double h = barHeight(v, max);
      double x = PLOT_LEFT + i * slot + slot * 0.2;
      double w = slot * 0.6;
      String description = chart.descriptions().get(i) + ": " + minutesText(v) + " min";
      svg.append("<rect class=\"bar\" x=\"").append(num(x)).append("\" y=\"").append(num(PLOT_BOTTOM - h))
          .append("\" width=\"").append(num(w)).append("\" height=\"").append(num(h)).append("\" fill=\"")
          .append(VALUE).append("\"><title>").append(text(description)).append("</title></rect>");
      svg.append("<text class=\"bar-value\" x=\"").append(num(x + w / 2)).append("\" y=\"")
          .append(num(PLOT_BOTTOM - h - 4)).append("\" text-anchor=\"middle\" font-size=\"11\" fill=\"").append(INK)
          .append("\">").append(minutesText(v)).append("</text>");
      svg.append("<text class=\"bar-label\" x=\"").append(num(x + w / 2)).append("\" y=\"")
          .append(num(PLOT_BOTTOM + 16)).append("\" text-anchor=\"middle\" font-size=\"11\" fill=\"").append(MUTED)
          .append("\">").append(text(shorten(chart.labels().get(i), 16))).append("</text>");
    }
    return svg.append("</svg>").toString();
  }

  /** A key's total over time: a line on a 0..100 scale, days spaced by the time between them. */
  public static String lineChart(ProgressOverTime chart) {
    requireNonNull(chart, "chart");
    ProgressOverTime.Point first = chart.first();
    ProgressOverTime.Point last = chart.last();
    String label = chart.label() + " over time: " + pct(first.total()) + "% on " + TimeSpentChart.longDate(first.day())
        + (chart.points().size() > 1 ? ", " + pct(last.total()) + "% on " + TimeSpentChart.longDate(last.day()) : "");
    StringBuilder svg = open(CHART_WIDTH, CHART_HEIGHT, label, "chart line-chart");
    chartTitle(svg, shorten(chart.label(), 40) + " over time (%)");
    for (int t = 0; t <= 2; t++) {
      gridLine(svg, y(50.0 * t, 100), String.valueOf(50 * t));
    }
    long span = last.day().toEpochDay() - first.day().toEpochDay();
    StringBuilder points = new StringBuilder();
    List<double[]> xy = new ArrayList<>();
    for (ProgressOverTime.Point p : chart.points()) {
      double x = span == 0 ? (PLOT_LEFT + PLOT_RIGHT) / 2
          : PLOT_LEFT + 8 + (PLOT_RIGHT - PLOT_LEFT - 16) * (p.day().toEpochDay() - first.day().toEpochDay()) / span;
      double y = y(p.total(), 100);
      xy.add(new double[] {x, y});
      points.append(points.length() == 0 ? "" : " ").append(num(x)).append(',').append(num(y));
    }
    svg.append("<polyline class=\"line\" points=\"").append(points).append("\" fill=\"none\" stroke=\"")
        .append(VALUE).append("\" stroke-width=\"2.5\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>");
    boolean everyPoint = chart.points().size() <= 31;
    for (int i = 0; i < xy.size(); i++) {
      if (everyPoint || i == xy.size() - 1) {
        ProgressOverTime.Point p = chart.points().get(i);
        svg.append("<circle class=\"point\" cx=\"").append(num(xy.get(i)[0])).append("\" cy=\"")
            .append(num(xy.get(i)[1])).append("\" r=\"3.5\" fill=\"").append(VALUE)
            .append("\" stroke=\"#ffffff\" stroke-width=\"1.5\"><title>")
            .append(text(TimeSpentChart.longDate(p.day()) + ": " + pct(p.total()) + "%")).append("</title></circle>");
      }
    }
    double[] end = xy.get(xy.size() - 1);
    boolean single = xy.size() == 1;
    svg.append("<text class=\"last-value\" x=\"").append(num(single ? end[0] : Math.min(end[0], PLOT_RIGHT - 4)))
        .append("\" y=\"").append(num(Math.max(end[1] - 9, PLOT_TOP - 12))).append("\" text-anchor=\"")
        .append(single ? "middle" : "end").append("\" font-size=\"12\" ")
        .append("font-weight=\"700\" fill=\"").append(INK).append("\">").append(pct(last.total())).append("%</text>");
    axisDate(svg, xy.get(0)[0], first.day(), chart.points().size() > 1 ? "start" : "middle");
    if (chart.points().size() > 1) {
      axisDate(svg, end[0], last.day(), "end");
    }
    return svg.append("</svg>").toString();
  }

  // ------------------------------------------------------------------ geometry, exposed to tests

  static double arcLength(double percent) {
    return CIRCUMFERENCE * percent / 100;
  }

  static double barWidth(double percent) {
    return BAR_WIDTH * percent / 100;
  }

  static double barHeight(double minutes, double max) {
    return (PLOT_BOTTOM - PLOT_TOP) * minutes / max;
  }

  /** The smallest of 1, 1.5, 2, 3, 4, 5, 6, 8 times a power of ten that is at least {@code max}; 60 for 0. */
  static double niceMax(double max) {
    if (!(max > 0)) {
      return 60;
    }
    double power = Math.pow(10, Math.floor(Math.log10(max)));
    for (double step : new double[] {1, 1.5, 2, 3, 4, 5, 6, 8, 10}) {
      if (step * power >= max) {
        return step * power;
      }
    }
    return 10 * power;
  }

  // ------------------------------------------------------------------ pieces

  private static StringBuilder open(double width, double height, String label, String cssClass) {
    StringBuilder svg = new StringBuilder(2048);
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"").append(cssClass).append("\" width=\"")
        .append(num(width)).append("\" height=\"").append(num(height)).append("\" viewBox=\"0 0 ").append(num(width))
        .append(' ').append(num(height)).append("\" role=\"img\" aria-label=\"").append(attr(label))
        .append("\" font-family=\"").append(FONT).append("\"><title>").append(text(label)).append("</title>");
    return svg;
  }

  private static void desc(StringBuilder svg, ProgressIndicator indicator) {
    if (indicator.parts().isEmpty()) {
      return;
    }
    StringBuilder desc = new StringBuilder();
    for (Part p : indicator.parts()) {
      desc.append(desc.length() == 0 ? "" : "; ").append(explain(p));
    }
    svg.append("<desc>").append(text(desc.toString())).append("</desc>");
  }

  private static void arc(StringBuilder svg, String cssClass, String colour, double length, double start,
      @Nullable ProgressIndicator animated, @Nullable String title) {
    svg.append("<circle class=\"").append(cssClass).append("\" cx=\"").append(num(CENTRE)).append("\" cy=\"")
        .append(num(CENTRE)).append("\" r=\"").append(num(RING_RADIUS)).append("\" fill=\"none\" stroke=\"")
        .append(colour).append("\" stroke-width=\"").append(num(RING_STROKE)).append("\" stroke-dasharray=\"")
        .append(num(length)).append(' ').append(num(CIRCUMFERENCE)).append('"');
    if (start > 0) {
      svg.append(" stroke-dashoffset=\"").append(num(-start)).append('"');
    }
    svg.append(" transform=\"rotate(-90 ").append(num(CENTRE)).append(' ').append(num(CENTRE)).append(")\"");
    ProgressIndicator animation = animated != null && animated.animate() ? animated : null;
    if (animation == null && title == null) {
      svg.append("/>");
      return;
    }
    svg.append('>');
    if (title != null) {
      svg.append("<title>").append(text(title)).append("</title>");
    }
    if (animation != null) {
      animate(svg, "stroke-dasharray", num(arcLength(animation.previousValue())) + " " + num(CIRCUMFERENCE),
          num(length) + " " + num(CIRCUMFERENCE));
    }
    svg.append("</circle>");
  }

  /** A white radial line across the ring where one arc ends, so adjacent parts stay apart in greyscale. */
  private static void separator(StringBuilder svg, double atLength) {
    double angle = 2 * Math.PI * atLength / CIRCUMFERENCE - Math.PI / 2;
    double inner = RING_RADIUS - RING_STROKE / 2 - 1;
    double outer = RING_RADIUS + RING_STROKE / 2 + 1;
    svg.append("<line class=\"separator\" x1=\"").append(num(CENTRE + inner * Math.cos(angle))).append("\" y1=\"")
        .append(num(CENTRE + inner * Math.sin(angle))).append("\" x2=\"").append(num(CENTRE + outer * Math.cos(angle)))
        .append("\" y2=\"").append(num(CENTRE + outer * Math.sin(angle)))
        .append("\" stroke=\"#ffffff\" stroke-width=\"2\"/>");
  }

  private static void animate(StringBuilder svg, String attribute, String from, String to) {
    svg.append("<animate attributeName=\"").append(attribute).append("\" from=\"").append(from).append("\" to=\"")
        .append(to).append("\" dur=\"0.8s\" fill=\"freeze\" calcMode=\"spline\" keyTimes=\"0;1\" ")
        .append("keySplines=\"0.25 0.1 0.25 1\"/>");
  }

  private static void legend(StringBuilder svg, List<Part> parts, double x, double top) {
    for (int i = 0; i < parts.size(); i++) {
      Part p = parts.get(i);
      double y = top + 20.0 * i;
      svg.append("<rect class=\"swatch part-").append(i).append("\" x=\"").append(num(x)).append("\" y=\"")
          .append(num(y)).append("\" width=\"12\" height=\"12\" rx=\"2\" fill=\"").append(colour(i)).append("\"/>");
      svg.append("<text class=\"legend\" x=\"").append(num(x + 18)).append("\" y=\"").append(num(y + 10.5))
          .append("\" font-size=\"12\" fill=\"").append(INK).append("\">").append(text(explain(p))).append("</text>");
    }
  }

  private static void chartTitle(StringBuilder svg, String title) {
    svg.append("<text class=\"chart-title\" x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"700\" fill=\"")
        .append(INK).append("\">").append(text(title)).append("</text>");
  }

  private static void gridLine(StringBuilder svg, double y, String label) {
    svg.append("<line class=\"grid\" x1=\"").append(num(PLOT_LEFT)).append("\" y1=\"").append(num(y))
        .append("\" x2=\"").append(num(PLOT_RIGHT)).append("\" y2=\"").append(num(y)).append("\" stroke=\"")
        .append(GRID).append("\" stroke-width=\"1\"/>");
    svg.append("<text class=\"tick\" x=\"").append(num(PLOT_LEFT - 6)).append("\" y=\"").append(num(y + 4))
        .append("\" text-anchor=\"end\" font-size=\"11\" fill=\"").append(MUTED).append("\">").append(text(label))
        .append("</text>");
  }

  private static void axisDate(StringBuilder svg, double x, java.time.LocalDate day, String anchor) {
    svg.append("<text class=\"tick\" x=\"").append(num(x)).append("\" y=\"").append(num(PLOT_BOTTOM + 16))
        .append("\" text-anchor=\"").append(anchor).append("\" font-size=\"11\" fill=\"").append(MUTED).append("\">")
        .append(day.getDayOfMonth()).append(' ')
        .append(TimeSpentChart.MONTHS[day.getMonthValue() - 1], 0, 3).append(' ').append(day.getYear())
        .append("</text>");
  }

  private static double y(double v, double max) {
    return PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * v / max;
  }

  static String colour(int part) {
    return PALETTE.get(part % PALETTE.size());
  }

  /** {@code "task 50 × 0.4 = 20"}. */
  static String explain(Part p) {
    return p.name() + " " + pct(p.value()) + " × " + Markup.round(p.weight(), 2) + " = " + Markup.round(p.contribution(), 2);
  }

  /** Whole minutes as integers, others to one decimal. */
  static String minutesText(double minutes) {
    return pct(minutes);
  }
}
