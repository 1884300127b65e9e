package dev.progress.examples.cli;

import dev.progress.core.UserProgress;
import dev.progress.json.Report;
import dev.progress.view.HtmlRenderer;
import dev.progress.view.ReportView;
import dev.progress.view.UserView;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link Report} as progress-view's self-contained HTML page ({@link HtmlRenderer}): the report's
 * counts, every user's goals, spaces and skills with their breakdowns, and the rejected lines. Stateless; safe
 * for concurrent use.
 */
final class HtmlReport {
  static final String TITLE = "Progress report";

  private HtmlReport() {}

  static void write(Report report, PrintWriter out) {
    HtmlRenderer.write(view(report), out);
    out.flush();
  }

  /** Writes the page to {@code file} whole or not at all (a temporary file beside it, then moved over it). */
  static void write(Report report, Path file) {
    Path target = file.toAbsolutePath();
    Path temporary = null;
    try {
      Path parent = target.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      temporary = Files.createTempFile(parent, ".progress-report-", ".tmp");
      Files.writeString(temporary, HtmlRenderer.render(view(report)), StandardCharsets.UTF_8);
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new CommandException("cannot write " + file + ": " + e, e);
    } finally {
      if (temporary != null) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException e) {
          // the move succeeded or the write failed: either way there is nothing to report
        }
      }
    }
  }

  static ReportView view(Report report) {
    List<String> summary = List.of(
        plural(report.accepted(), "event") + " accepted",
        plural(report.duplicates(), "duplicate"),
        plural(report.rejected().size(), "line") + " rejected");
    List<UserView> users = new ArrayList<>();
    for (UserProgress user : report.users()) {
      users.add(user(user));
    }
    List<String> rejected = report.rejected().stream().map(r -> "line " + r.line() + ": " + r.error()).toList();
    return new ReportView(TITLE, report.asOf(), summary, users, rejected);
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /**
   * One user's page section. The analytics sections (time spent, progress over time, forecasts, retention,
   * insights) appear once their results are set here with {@code UserView.withTimeSpent(...)} and the like.
   */
  private static UserView user(UserProgress progress) {
    return UserView.of(progress);
  }
}
