package dev.progress.examples.cli;

import dev.progress.view.TextRenderer;

/**
 * Text from a log or a command line (a rejection's reason quoting a line's values, a file name, an option's
 * value, an id) made safe for a terminal by progress-view's cleaning, {@link TextRenderer#oneLine}: control
 * characters (an escape sequence that would clear the screen or colour what follows) and bidirectional
 * controls (an override that would reorder the line) become U+FFFD. Everything the commands print for people,
 * on standard output or standard error, passes through here or through the renderer; the JSON report does not
 * (JSON escapes control characters itself, and its text stays exact). Stateless; safe for concurrent use.
 */
final class TerminalText {
  private static final TextRenderer RENDERER = TextRenderer.unicode();

  private TerminalText() {}

  /** {@code text} on one line: line breaks and tabs become spaces, control and bidi characters U+FFFD. */
  static String line(String text) {
    return RENDERER.oneLine(text);
  }

  /** {@code text} with each of its lines made safe as {@link #line} does, the line breaks ({@code \n}) kept. */
  static String lines(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int start = 0;
    for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      out.append(RENDERER.oneLine(text.substring(start, end))).append('\n');
      start = end + 1;
    }
    return out.append(RENDERER.oneLine(text.substring(start))).toString();
  }

  /** A rejected line for people: {@code line 12: reason}, on one line. */
  static String rejection(long line, String reason) {
    return "line " + line + ": " + RENDERER.oneLine(reason);
  }
}
