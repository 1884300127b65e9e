package dev.progress.examples.cli;

import dev.progress.core.Progress;
import dev.progress.core.UserProgress;
import dev.progress.json.Rejection;
import dev.progress.json.Report;
import dev.progress.view.TextRenderer;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Writes a {@link Report} for people: the report's counts, then per user a bar for every goal, space and skill
 * with the explanation of the score under it ({@link Progress#explanation()}), drawn by progress-view's {@link
 * TextRenderer}. Stateless; safe for concurrent use.
 */
final class TextDashboard {
  static final int BAR_CELLS = TextRenderer.BAR_CELLS;
  private static final TextRenderer RENDERER = TextRenderer.unicode();

  private TextDashboard() {}

  static void write(Report report, PrintWriter out) {
    write(report, out, true);
  }

  /**
   * @param listRejected whether to end with the rejected lines (a caller that printed them as they came says
   *     no; the heading still counts them)
   */
  static void write(Report report, PrintWriter out, boolean listRejected) {
    out.printf(Locale.ROOT, "Progress as of %s: %d accepted, %d duplicate%s, %d rejected%n",
        report.asOf(), report.accepted(), report.duplicates(), report.duplicates() == 1 ? "" : "s",
        report.rejected().size());
    if (report.users().isEmpty()) {
      out.println();
      out.println("No user has an accepted event yet.");
    }
    for (UserProgress user : report.users()) {
      out.println();
      RENDERER.writeUser(user, out);
    }
    if (listRejected && !report.rejected().isEmpty()) {
      out.println();
      out.println("Rejected lines");
      for (Rejection r : report.rejected()) {
        out.println("  line " + r.line() + ": " + r.error());
      }
    }
    out.flush();
  }

  /** A bar of {@link #BAR_CELLS} cells in Unicode blocks (eighths of a cell). */
  static String bar(double percent) {
    return RENDERER.bar(percent);
  }
}
