package dev.progress.view;

import static java.util.Objects.requireNonNull;

import dev.progress.core.Progress;
import dev.progress.core.UserProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Progress for terminals: bars of {@link #BAR_CELLS} cells, sparklines, and a user's dashboard with each score's
 * explanation. {@link #unicode()} draws with block characters, in eighths of a cell (52.8% fills 12.672 of 24
 * cells); {@link #ascii()} draws with {@code #} and {@code -} in whole cells, for terminals that cannot show
 * them. Immutable and safe for concurrent use.
 */
public final class TextRenderer {
  /** The width of a bar, in characters. */
  public static final int BAR_CELLS = 24;
  /** The longest label shown in full; longer ones are cut with an ellipsis ({@code …}, or {@code ...} in ASCII). */
  public static final int MAX_LABEL = 32;

  private static final String EIGHTHS = " ▏▎▍▌▋▊▉";
  private static final String SPARKS = "▁▂▃▄▅▆▇█";
  private static final String ASCII_SPARKS = "_.-~=+*#";
  private static final TextRenderer UNICODE = new TextRenderer(false);
  private static final TextRenderer ASCII = new TextRenderer(true);

  private final boolean ascii;

  private TextRenderer(boolean ascii) {
    this.ascii = ascii;
  }

  /** Block characters: the default for UTF-8 terminals. */
  public static TextRenderer unicode() {
    return UNICODE;
  }

  /** Printable ASCII only. */
  public static TextRenderer ascii() {
    return ASCII;
  }

  /** {@link #unicode()} when {@code charset} can encode block characters, otherwise {@link #ascii()}. */
  public static TextRenderer forCharset(Charset charset) {
    CharsetEncoder encoder = charset.newEncoder();
    return encoder.canEncode("█░▏▉▁…") ? UNICODE : ASCII;
  }

  /** Whether this renderer draws with ASCII only. */
  public boolean isAscii() {
    return ascii;
  }

  /**
   * A bar of {@link #BAR_CELLS} cells for {@code percent} (clamped to 0..100): full cells, one partial cell in
   * eighths (Unicode only), and light shade ({@code -} in ASCII) for the rest.
   */
  public String bar(double percent) {
    double clamped = Double.isNaN(percent) ? 0 : Math.max(0, Math.min(100, percent));
    if (ascii) {
      int full = (int) Math.round(clamped / 100 * BAR_CELLS);
      return "#".repeat(full) + "-".repeat(BAR_CELLS - full);
    }
    int eighths = (int) Math.round(clamped / 100 * BAR_CELLS * 8);
    int full = eighths / 8;
    int partial = eighths % 8;
    StringBuilder bar = new StringBuilder(BAR_CELLS);
    bar.append("█".repeat(full));
    if (partial > 0) {
      bar.append(EIGHTHS.charAt(partial));
    }
    bar.append("░".repeat(BAR_CELLS - full - (partial > 0 ? 1 : 0)));
    return bar.toString();
  }

  /**
   * One character per value, its height relative to the largest value (0 is the lowest step; all zeros give a
   * flat line). For time per day in a line of text.
   */
  public String sparkline(List<Double> values) {
    String steps = ascii ? ASCII_SPARKS : SPARKS;
    double max = 0;
    for (double v : values) {
      max = Math.max(max, v);
    }
    StringBuilder out = new StringBuilder(values.size());
    for (double v : values) {
      int step = max <= 0 || !(v > 0) ? 0 : (int) Math.round(Math.min(v, max) / max * (steps.length() - 1));
      out.append(steps.charAt(step));
    }
    return out.toString();
  }

  /** {@code "algebra  █████████████▎░░░░░░░░░░  55.0%"}: the label, the bar and the value to one decimal. */
  public String line(ProgressIndicator indicator) {
    return label(indicator.label()) + "  " + bar(indicator.value())
        + String.format(Locale.ROOT, " %5.1f%%", indicator.value());
  }

  /** {@link #writeUser} into a string. */
  public String render(UserProgress user) {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    writeUser(user, out);
    out.flush();
    return text.toString();
  }

  /**
   * A user's dashboard: a heading, then goals, spaces (with their goal) and skills, each a bar with the
   * explanation of its score under it. Labels of one section are aligned; a score whose every component is 0
   * says so in one line. Does not flush.
   */
  public void writeUser(UserProgress user, PrintWriter out) {
    requireNonNull(user, "user");
    out.println("User " + flat(user.userId()));
    section(out, "Goals", user.goals(), p -> p.key().id());
    section(out, "Spaces", user.spaces(), p -> p.key().id() + (p.goalId() == null ? "" : " (" + p.goalId() + ")"));
    section(out, "Skills", user.skills(), p -> p.key().id());
  }

  private void section(PrintWriter out, String title, List<Progress> figures, Function<Progress, String> name) {
    if (figures.isEmpty()) {
      return;
    }
    out.println("  " + title);
    int width = 0;
    for (Progress p : figures) {
      String label = label(name.apply(p));
      width = Math.max(width, label.codePointCount(0, label.length()));
    }
    for (Progress p : figures) {
      String label = label(name.apply(p));
      String padding = " ".repeat(width - label.codePointCount(0, label.length()));
      out.printf(Locale.ROOT, "    %s%s  %s %5.1f%%%n", label, padding, bar(p.total()), p.total());
      if (p.total() == 0 && p.components().stream().allMatch(c -> c.value() == 0)) {
        out.println("        nothing yet: every component is 0");
        continue;
      }
      for (String line : p.explanation().split("\n")) {
        out.println("        " + line);
      }
    }
  }

  /** At most {@link #MAX_LABEL} code points on one line. */
  private String label(String text) {
    String flat = flat(text);
    if (flat.codePointCount(0, flat.length()) <= MAX_LABEL) {
      return flat;
    }
    String ellipsis = ascii ? "..." : "…";
    return flat.substring(0, flat.offsetByCodePoints(0, MAX_LABEL - ellipsis.length())) + ellipsis;
  }

  /**
   * {@code text} as one line safe for a terminal, for text of one's own that quotes ids (an insight's message,
   * a forecast's key): line breaks and tabs become spaces; other control characters (which could move the cursor
   * or clear the screen) and bidirectional controls (which could reorder the rest of the line, bar and value
   * included) become U+FFFD ({@code ?} in ASCII). Every line this renderer writes passes through it.
   */
  public String oneLine(String text) {
    return flat(requireNonNull(text, "text"));
  }

  private String flat(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> {
      if (cp == '\n' || cp == '\r' || cp == '\t') {
        out.append(' ');
      } else if (Character.isISOControl(cp) || isBidiControl(cp)) {
        out.append(ascii ? '?' : '\uFFFD');
      } else {
        out.appendCodePoint(cp);
      }
    });
    return out.toString();
  }

  private static boolean isBidiControl(int cp) {
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x2066 && cp <= 0x2069);
  }
}
