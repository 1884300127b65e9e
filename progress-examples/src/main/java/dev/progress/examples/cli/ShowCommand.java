package dev.progress.examples.cli;

import dev.progress.core.InMemoryProgressStore;
import dev.progress.core.Plan;
import dev.progress.core.ProgressTracker;
import dev.progress.core.UserProgress;
import dev.progress.core.analytics.AnalyticsReport;
import dev.progress.json.EventLog;
import dev.progress.json.Report;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code progress show}: the report of sections 6 and 11 of the model, read from a database that {@code import}
 * (or any application using the JDBC store) filled. Without {@code --as-of} it shows the stored figures, as
 * computed when the events were stored (nothing is recomputed, and {@code accepted} is the number of stored
 * events of the users shown), and each user's analytics as of now, computed from the stored events (read
 * without locks, replayed into a tracker in memory) with the plan given by {@code --plan} (its deadlines and
 * counts: give the plan given to import). With {@code --as-of T} the stored figures cannot help (they include later events), so the stored
 * events of each user are replayed, in the order they were stored, into an in-memory tracker that keeps events,
 * whose clock is T, ignoring events later than T, with the plan given by {@code --plan}; the analytics come from
 * that tracker. Not thread-safe; one instance runs once.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Prints the report of the progress stored in a database.",
      "With --as-of, replays the stored events up to that instant instead of reading the stored figures."
    })
final class ShowCommand implements Callable<Integer> {
  @ParentCommand ProgressCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--db", paramLabel = "URL", defaultValue = Database.DEFAULT_URL,
      description = "JDBC URL of the database (default: ${DEFAULT-VALUE}).")
  String db;

  @Option(names = "--user", paramLabel = "ID", description = "Only this user.")
  @Nullable String user;

  @Option(names = "--as-of", paramLabel = "INSTANT", converter = Options.InstantConverter.class,
      description = "Replay the stored events up to this instant, which is also the clock.")
  @Nullable Instant asOf;

  @Option(names = "--plan", paramLabel = "FILE",
      description = "The plan given to import: its deadlines and counts for the forecasts, and with --as-of "
          + "the plan to recompute the figures with.")
  @Nullable Path plan;

  @Mixin Options.ReportOutput output;

  @Override
  public Integer call() {
    Plan thePlan = Sources.plan(plan);
    try (Database database = Database.open(db, false)) {
      Map<String, Long> counts = database.eventCounts();
      List<String> users = user == null ? List.copyOf(counts.keySet())
          : counts.containsKey(user) ? List.of(user) : List.of();
      if (user != null && users.isEmpty()) {
        spec.commandLine().getErr().println(TerminalText.line("progress show: no events stored for user '" + user
            + "'"));
      }
      Report report = asOf == null ? stored(database, users, counts, thePlan)
          : replayed(database, users, asOf, thePlan);
      ReportCommand.print(report, output, spec.commandLine().getOut());
      return report.rejected().isEmpty() ? 0 : ProgressCommand.REJECTED;
    }
  }

  /**
   * The stored figures, and analytics from the stored events replayed up to now into a tracker in memory. A
   * tracker on the database would compute the same (in a fresh process it too replays each user's stored
   * events), but in a store transaction that locks the user's row ({@code SELECT ... FOR UPDATE}): it would
   * hold up writers and fail on a read-only database, and {@code show} only reads.
   */
  private Report stored(Database database, List<String> users, Map<String, Long> counts, Plan thePlan) {
    Instant now = parent.clock.instant().truncatedTo(ChronoUnit.MILLIS);
    ProgressTracker figures = ProgressTracker.builder().store(database.store()).build();
    List<UserProgress> progress = users.stream().map(figures::userProgress).toList();
    long events = users.stream().mapToLong(counts::get).sum();
    ProgressTracker replayed = replay(database, users, now, thePlan).tracker();
    Map<String, AnalyticsReport> analytics =
        ReportCommand.analytics(replayed, users.stream().filter(replayed.users()::contains).toList());
    return new Report(now, events, 0, List.of(), progress, analytics);
  }

  private Report replayed(Database database, List<String> users, Instant at, Plan thePlan) {
    Replay replay = replay(database, users, at, thePlan);
    ProgressTracker tracker = replay.tracker();
    List<String> replayed = tracker.users();
    return new Report(at, replay.outcome().accepted(), replay.outcome().duplicates(), replay.outcome().rejected(),
        replayed.stream().map(tracker::userProgress).toList(), ReportCommand.analytics(tracker, replayed));
  }

  /** A tracker in memory that keeps events, and what became of the stored events replayed into it. */
  private record Replay(ProgressTracker tracker, EventLog.Summary outcome) {}

  /**
   * Each user's stored events, in the order they were stored, up to {@code at} (also the clock), replayed into
   * a tracker in memory with the plan and zone; it keeps events, so its analytics are exact in any order.
   */
  private Replay replay(Database database, List<String> users, Instant at, Plan thePlan) {
    ProgressTracker tracker =
        ReportCommand.replayTracker(thePlan, at, plan, output.zone, InMemoryProgressStore.create());
    EventLog log = ReportCommand.log(tracker, at).build();
    long[] position = {0};
    for (String u : users) {
      database.store().replay(u, e -> log.add(e, ++position[0])); // reads committed events, locks nothing
    }
    return new Replay(tracker, log.finish());
  }
}
