package dev.progress.examples.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on standard error for long imports, redrawn in place with a carriage return at most
 * five times a second. Only drawn when the process runs in a terminal ({@link System#console()}); otherwise,
 * as in scripts, tests and CI logs, every method does nothing. Not thread-safe; confine to one thread.
 */
final class ProgressBar {
  private static final long REDRAW_NANOS = 200_000_000L;
  private final PrintWriter err;
  private final long total;
  private final boolean enabled;
  private long lastDraw;
  private boolean drawn;

  /**
   * @param total the expected number of characters, or -1 when unknown (standard input)
   */
  private ProgressBar(PrintWriter err, long total, boolean enabled) {
    this.err = err;
    this.total = total;
    this.enabled = enabled;
  }

  static ProgressBar onTerminal(PrintWriter err, long total) {
    return new ProgressBar(err, total, System.console() != null);
  }

  /** Redraws with {@code done} characters read, unless it was redrawn very recently. */
  void update(long done) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (drawn && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    drawn = true;
    if (total > 0) {
      double percent = Math.min(100, 100.0 * done / total);
      err.printf(Locale.ROOT, "\r%s %5.1f%% ", TextDashboard.bar(percent), percent);
    } else {
      err.printf(Locale.ROOT, "\r%,d characters read ", done);
    }
    err.flush();
  }

  /** Erases the bar, so that a message can take its line. */
  void clear() {
    if (enabled && drawn) {
      err.print("\r" + " ".repeat(TextDashboard.BAR_CELLS + 24) + "\r");
      err.flush();
      drawn = false;
    }
  }
}
