package dev.progress.json;

import static java.util.Objects.requireNonNull;

import dev.progress.core.ProgressTracker;
import dev.progress.core.UserProgress;
import java.time.Instant;
import java.util.List;

/**
 * The report of section 6 of the model: counts, rejected lines and every user's progress, as
 * {@link ProgressJson#writeReport} writes it. Immutable and safe for concurrent use.
 *
 * @param asOf the clock of the report
 * @param accepted events that count towards the report
 * @param duplicates events already tracked with the same content
 * @param rejected refused lines, by line number
 * @param users sorted by id
 */
public record Report(
    Instant asOf, long accepted, long duplicates, List<Rejection> rejected, List<UserProgress> users) {
  public Report {
    requireNonNull(asOf, "asOf");
    rejected = List.copyOf(rejected);
    users = List.copyOf(users);
  }

  /** The report of everything {@code tracker} holds, after reading a log with {@code summary}. */
  public static Report of(Instant asOf, EventLog.Summary summary, ProgressTracker tracker) {
    return new Report(asOf, summary.accepted(), summary.duplicates(), summary.rejected(),
        tracker.users().stream().map(tracker::userProgress).toList());
  }
}
