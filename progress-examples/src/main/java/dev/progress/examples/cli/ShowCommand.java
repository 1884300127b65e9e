package dev.progress.examples.cli;

import dev.progress.core.ProgressTracker;
import dev.progress.core.UserProgress;
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
 * {@code progress show}: the report of section 6 of the model, read from a database that {@code import} (or
 * any application using the JDBC store) filled. Without {@code --as-of} it shows the stored figures, as
 * computed when the events were stored: nothing is recomputed, and {@code accepted} is the number of stored
 * events of the users shown. With {@code --as-of T} the stored figures cannot help (they include later events),
 * so the stored events of each user are replayed, in the order they were stored, into an in-memory tracker
 * whose clock is T, ignoring events later than T, with the plan given by {@code --plan}. Not thread-safe; one
 * instance runs once.
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
      description = "With --as-of: the plan to recompute with (use the one given to import).")
  @Nullable Path plan;

  @Mixin Options.ReportOutput output;

  @Override
  public Integer call() {
    if (plan != null && asOf == null) {
      throw new CommandException("--plan only applies with --as-of: without it, show prints the figures "
          + "stored by import, computed with the plan given to import");
    }
    try (Database database = Database.open(db, false)) {
      Map<String, Long> counts = database.eventCounts();
      List<String> users = user == null ? List.copyOf(counts.keySet())
          : counts.containsKey(user) ? List.of(user) : List.of();
      if (user != null && users.isEmpty()) {
        spec.commandLine().getErr().println("progress show: no events stored for user '" + user + "'");
      }
      Report report = asOf == null ? stored(database, users, counts) : replayed(database, users, asOf);
      ReportCommand.print(report, output, spec.commandLine().getOut());
      return report.rejected().isEmpty() ? 0 : ProgressCommand.REJECTED;
    }
  }

  private Report stored(Database database, List<String> users, Map<String, Long> counts) {
    ProgressTracker tracker = ProgressTracker.builder().store(database.store()).build();
    List<UserProgress> progress = users.stream().map(tracker::userProgress).toList();
    long events = users.stream().mapToLong(counts::get).sum();
    return new Report(parent.clock.instant().truncatedTo(ChronoUnit.MILLIS), events, 0, List.of(), progress);
  }

  private Report replayed(Database database, List<String> users, Instant at) {
    ProgressTracker tracker = ReportCommand.replayTracker(Sources.plan(plan), at, plan);
    EventLog log = ReportCommand.log(tracker, at).build();
    long[] position = {0};
    for (String u : users) {
      database.store().replay(u, e -> log.add(e, ++position[0])); // reads committed events, locks nothing
    }
    EventLog.Summary outcome = log.finish();
    return new Report(at, outcome.accepted(), outcome.duplicates(), outcome.rejected(),
        tracker.users().stream().map(tracker::userProgress).toList());
  }
}
