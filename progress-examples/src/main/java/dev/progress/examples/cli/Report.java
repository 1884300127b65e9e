package dev.progress.examples.cli;

import static java.util.Objects.requireNonNull;

import dev.progress.core.ProgressTracker;
import dev.progress.core.UserProgress;
import java.time.Instant;
import java.util.List;

/**
 * The report of section 6 of the model: counts, rejected lines and every user's progress. Immutable and safe
 * for concurrent use.
 *
 * @param asOf the clock of the report
 * @param accepted events that count towards the report
 * @param duplicates events already tracked with the same content
 * @param rejected refused lines, by line number
 * @param users sorted by id
 */
record Report(
    Instant asOf, long accepted, long duplicates, List<EventLog.Rejection> rejected, List<UserProgress> users) {
  Report {
    requireNonNull(asOf, "asOf");
    rejected = List.copyOf(rejected);
    users = List.copyOf(users);
  }

  /** The report of everything {@code tracker} holds, after reading a log with {@code outcome}. */
  static Report of(Instant asOf, EventLog.Outcome outcome, ProgressTracker tracker) {
    return new Report(asOf, outcome.accepted(), outcome.duplicates(), outcome.rejected(),
        tracker.users().stream().map(tracker::userProgress).toList());
  }
}
