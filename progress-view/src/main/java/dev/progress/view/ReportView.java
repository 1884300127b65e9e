package dev.progress.view;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * A whole report: a heading, a few lines saying what it covers, the users, and lines that were refused. Immutable
 * and safe for concurrent use.
 *
 * @param title the page's title ({@code "Progress report"})
 * @param asOf the clock of the figures
 * @param summary lines under the title ({@code "297 events accepted, 2 duplicates, 4 lines rejected"})
 * @param users in the order to show them
 * @param rejected refused input lines, each a sentence ({@code "line 26: value 140 is out of range ..."})
 */
public record ReportView(
    String title, Instant asOf, List<String> summary, List<UserView> users, List<String> rejected) {
  public ReportView {
    requireNonNull(title, "title");
    requireNonNull(asOf, "asOf");
    summary = List.copyOf(summary);
    users = List.copyOf(users);
    rejected = List.copyOf(rejected);
  }
}
