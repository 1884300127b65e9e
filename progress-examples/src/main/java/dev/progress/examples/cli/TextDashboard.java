package dev.progress.examples.cli;

import dev.progress.core.Progress;
import dev.progress.core.UserProgress;
import dev.progress.json.Rejection;
import dev.progress.json.Report;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Writes a {@link Report} for people: per user, a bar for every goal, space and skill, and under it the
 * explanation of the score ({@link Progress#explanation()}). Bars are made of Unicode blocks with eighths, so
 * 52.8% fills 12.672 of 24 cells. Stateless; safe for concurrent use.
 */
final class TextDashboard {
  static final int BAR_CELLS = 24;
  private static final String EIGHTHS = " ▏▎▍▌▋▊▉";
  private static final int MAX_LABEL = 32;

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
      out.println("User " + user.userId());
      section(out, "Goals", user.goals(), p -> p.key().id());
      section(out, "Spaces", user.spaces(),
          p -> p.key().id() + (p.goalId() == null ? "" : " (" + p.goalId() + ")"));
      section(out, "Skills", user.skills(), p -> p.key().id());
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

  private static void section(PrintWriter out, String title, List<Progress> figures, Function<Progress, String> label) {
    if (figures.isEmpty()) {
      return;
    }
    out.println("  " + title);
    int width = 0;
    for (Progress p : figures) {
      width = Math.max(width, label(label, p).codePointCount(0, label(label, p).length()));
    }
    for (Progress p : figures) {
      String name = label(label, p);
      String padding = " ".repeat(width - name.codePointCount(0, name.length()));
      out.printf(Locale.ROOT, "    %s%s  %s %5.1f%%%n", name, padding, bar(p.total()), p.total());
      if (p.total() == 0 && p.components().stream().allMatch(c -> c.value() == 0)) {
        out.println("        nothing yet: every component is 0");
        continue;
      }
      for (String line : p.explanation().split("\n")) {
        out.println("        " + line);
      }
    }
  }

  private static String label(Function<Progress, String> label, Progress p) {
    String text = label.apply(p).replace("\n", " ").replace("\r", " ");
    if (text.codePointCount(0, text.length()) <= MAX_LABEL) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, MAX_LABEL - 1)) + "…";
  }

  /** A bar of {@link #BAR_CELLS} cells: full blocks, one partial block in eighths, light shade for the rest. */
  static String bar(double percent) {
    double clamped = Math.max(0, Math.min(100, percent));
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
}
