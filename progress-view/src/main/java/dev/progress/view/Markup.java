package dev.progress.view;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Escaping and number formatting shared by the SVG and HTML renderers: everything that reaches the output goes
 * through here, so the output is well-formed and the same on every machine. Stateless; safe for concurrent use.
 */
final class Markup {
  private Markup() {}

  /** Text content: {@code & < >} escaped, characters XML cannot carry replaced by U+FFFD. */
  static String text(String s) {
    return escape(s, false);
  }

  /** An attribute value in double or single quotes. */
  static String attr(String s) {
    return escape(s, true);
  }

  private static String escape(String s, boolean attribute) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      int width = Character.charCount(cp);
      if (!allowed(cp) || (width == 1 && Character.isSurrogate(s.charAt(i)))) {
        out.append('\uFFFD');
      } else {
        switch (cp) {
          case '&' -> out.append("&amp;");
          case '<' -> out.append("&lt;");
          case '>' -> out.append("&gt;");
          case '"' -> out.append(attribute ? "&quot;" : "\"");
          case '\'' -> out.append(attribute ? "&#39;" : "'");
          case '\t', '\n', '\r' -> out.append(attribute ? " " : String.valueOf((char) cp));
          default -> out.appendCodePoint(cp);
        }
      }
      i += width;
    }
    return out.toString();
  }

  /**
   * Whether XML 1.0 can carry the code point and HTML does not forbid it: no C0 control but tab and line ends,
   * no C1 control, no noncharacter.
   */
  private static boolean allowed(int cp) {
    if (cp < 0x20) {
      return cp == '\t' || cp == '\n' || cp == '\r';
    }
    if (cp >= 0x7F && cp <= 0x9F) {
      return false;
    }
    if (cp >= 0xFDD0 && cp <= 0xFDEF) {
      return false;
    }
    return (cp & 0xFFFE) != 0xFFFE;
  }

  /** A length or coordinate: at most 3 decimals, half up, no trailing zeros ({@code 163.363}, {@code 12}). */
  static String num(double v) {
    return round(v, 3);
  }

  /** A percentage as people read it: at most 1 decimal, half up ({@code 55}, {@code 52.8}, {@code 33.3}). */
  static String pct(double v) {
    return round(v, 1);
  }

  static String round(double v, int decimals) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException("cannot format " + v + ": not a finite number");
    }
    String s = BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    return s.equals("-0") ? "0" : s;
  }

  /**
   * At most {@code max} code points of {@code s}, cut with an ellipsis; line breaks become spaces. For text
   * drawn in a fixed space; the full text stays in titles and labels.
   */
  static String shorten(String s, int max) {
    String flat = s.replace('\n', ' ').replace('\r', ' ');
    if (flat.codePointCount(0, flat.length()) <= max) {
      return flat;
    }
    return flat.substring(0, flat.offsetByCodePoints(0, max - 1)) + "…";
  }
}
