package dev.progress.examples.cli;

import dev.progress.core.InMemoryProgressStore;
import dev.progress.core.InvalidConfigurationException;
import dev.progress.core.Plan;
import dev.progress.core.ProgressTracker;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code progress report}: replays a JSON Lines event log into a tracker that keeps only the latest snapshots,
 * and prints the report of section 6 of the model. Not thread-safe; one instance runs once.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Replays a JSON Lines event log and prints every user's progress.",
      "Blank lines are skipped; a bad line is reported with its number and all others are still processed."
    })
final class ReportCommand implements Callable<Integer> {
  @ParentCommand ProgressCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--events", required = true, paramLabel = "FILE",
      description = "The event log, one JSON event per line; - reads standard input.")
  String events;

  @Option(names = "--plan", paramLabel = "FILE",
      description = "A JSON plan: expected counts, targets, goal membership, weights.")
  @Nullable Path plan;

  @Option(names = "--as-of", paramLabel = "INSTANT", converter = Options.InstantConverter.class,
      description = "Report as of this instant: later events are ignored, and it is the clock (default: now).")
  @Nullable Instant asOf;

  @Mixin Options.ReportOutput output;

  @Override
  public Integer call() {
    Instant now = asOf != null ? asOf : parent.clock.instant().truncatedTo(ChronoUnit.MILLIS);
    ProgressTracker tracker = replayTracker(Sources.plan(plan), now, plan);
    EventLog.Outcome outcome;
    try (Reader in = Sources.events(events, parent.stdin)) {
      outcome = new EventLog(tracker, asOf).read(in, chars -> {});
    } catch (IOException e) {
      throw Sources.readFailed("events file", events, e);
    }
    print(Report.of(now, outcome, tracker), output, spec.commandLine().getOut());
    return outcome.rejected().isEmpty() ? 0 : ProgressCommand.REJECTED;
  }

  /**
   * A tracker for replaying a log: the plan, the clock fixed at {@code now}, and a store that keeps only the
   * latest snapshots.
   */
  static ProgressTracker replayTracker(Plan plan, Instant now, @Nullable Path planFile) {
    try {
      return ProgressTracker.builder()
          .plan(plan)
          .clock(InstantSource.fixed(now))
          .store(InMemoryProgressStore.snapshotsOnly())
          .build();
    } catch (InvalidConfigurationException e) {
      throw PlanJson.invalid(String.valueOf(planFile), e.getMessage());
    }
  }

  /** Prints the report in the chosen format, or with {@code --out} writes it to that file and prints its path. */
  static void print(Report report, Options.ReportOutput output, PrintWriter out) {
    if (output.out == null) {
      print(report, output.format, out);
      return;
    }
    if (output.format == Options.Format.html) {
      HtmlReport.write(report, output.out);
    } else {
      StringWriter text = new StringWriter();
      print(report, output.format, new PrintWriter(text));
      try {
        Files.writeString(output.out, text.toString(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new CommandException("cannot write " + output.out + ": " + e, e);
      }
    }
    out.println("Wrote the " + output.format + " report to " + output.out.toAbsolutePath());
    out.flush();
  }

  static void print(Report report, Options.Format format, PrintWriter out) {
    switch (format) {
      case json -> ReportJson.write(report, out);
      case text -> TextDashboard.write(report, out);
      case html -> HtmlReport.write(report, out);
    }
    out.flush();
  }
}
