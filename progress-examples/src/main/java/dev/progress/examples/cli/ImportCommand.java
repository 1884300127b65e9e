package dev.progress.examples.cli;

import dev.progress.core.InvalidConfigurationException;
import dev.progress.core.Plan;
import dev.progress.core.ProgressTracker;
import dev.progress.json.EventLog;
import dev.progress.json.EventReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code progress import}: stores the events of a JSON Lines log in a database through the JDBC store, which
 * keeps the events and the latest figures. Refused lines are printed on standard error as {@code report}
 * reports them; a progress bar is drawn there too when it is a terminal. Importing a file again adds nothing:
 * its events are duplicates (events without an id get a deterministic one, see {@link EventReader}). When the
 * database fails in the middle, the events not stored are retried ({@link StoreRetry}); if it keeps failing
 * the command stops with one message saying from which line nothing was stored (exit 2), since a database
 * failure is not bad input. Not thread-safe; one instance runs once.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Stores the events of a JSON Lines log in a database.",
      "The database and its tables are created when missing.",
      "Bad lines are reported on standard error with their number; importing a file twice adds nothing.",
      "When the database fails, the events not stored are retried 4 times over 15 s, then the command stops",
      "saying from which line nothing was stored: rerunning it is safe."
    })
final class ImportCommand implements Callable<Integer> {
  /**
   * Lines tracked together into a database: the tracker opens one transaction per user per chunk, so a bigger
   * chunk means fewer, larger transactions (about 1 KB of memory per line of the chunk).
   */
  static final int DATABASE_CHUNK = 20_000;

  @ParentCommand ProgressCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--events", required = true, paramLabel = "FILE",
      description = "The event log, one JSON event per line; - reads standard input.")
  String events;

  @Option(names = "--plan", paramLabel = "FILE",
      description = "A JSON plan; use the same plan for every import into one database.")
  @Nullable Path plan;

  @Option(names = "--db", paramLabel = "URL", defaultValue = Database.DEFAULT_URL,
      description = "JDBC URL of the database (default: ${DEFAULT-VALUE}, an H2 file here).")
  String db;

  @Override
  public Integer call() {
    Plan thePlan = Sources.plan(plan);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Database database = Database.open(db, true)) {
      ProgressTracker tracker = tracker(thePlan, database);
      ProgressBar bar = ProgressBar.onTerminal(err, Sources.size(events));
      EventLog log = EventLog.into(tracker).chunkSize(DATABASE_CHUNK).onStoreFailure(new StoreRetry(database))
          .onResult(r -> {
            if (r.isRejected()) {
              bar.clear();
              err.println(TerminalText.rejection(r.position(), r.reason()));
              err.flush();
            }
          }).build();
      EventLog.Summary outcome;
      try (InputStream in = Sources.events(events, parent.stdin)) {
        outcome = log.read(in, bar::update);
      } catch (IOException e) {
        throw Sources.readFailed("events file", events, e);
      } finally {
        bar.clear();
      }
      Map<String, Long> counts = database.eventCounts();
      long stored = counts.values().stream().mapToLong(Long::longValue).sum();
      out.println(TerminalText.lines(summary(outcome, database.display(), stored, counts.size())));
      out.flush();
      return outcome.rejected().isEmpty() ? 0 : ProgressCommand.REJECTED;
    }
  }

  private ProgressTracker tracker(Plan thePlan, Database database) {
    try {
      return ProgressTracker.builder().plan(thePlan).store(database.store()).clock(parent.clock).build();
    } catch (InvalidConfigurationException e) {
      throw Sources.invalidPlan(String.valueOf(plan), e);
    }
  }

  private String summary(EventLog.Summary o, String display, long stored, int users) {
    String source = events.equals("-") ? "standard input" : events;
    StringBuilder s = new StringBuilder();
    if (o.accepted() == 0 && o.duplicates() > 0) {
      s.append("Nothing new in ").append(source).append(": its ").append(plural(o.duplicates(), "event"))
          .append(o.duplicates() == 1 ? " was" : " were").append(" already in the database");
    } else {
      s.append("Imported ").append(plural(o.accepted(), "new event")).append(" from ").append(source);
      if (o.duplicates() > 0) {
        s.append("; ").append(plural(o.duplicates(), "duplicate")).append(" ignored");
      }
    }
    if (!o.rejected().isEmpty()) {
      s.append("; ").append(plural(o.rejected().size(), "line")).append(" rejected (see above)");
    }
    s.append(".\n").append(display).append(" now holds ").append(plural(stored, "event")).append(" of ")
        .append(plural(users, "user")).append('.');
    return s.toString();
  }

  static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
