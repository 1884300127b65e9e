package dev.progress.examples.cli;

import dev.progress.core.InMemoryProgressStore;
import dev.progress.core.InvalidConfigurationException;
import dev.progress.core.Plan;
import dev.progress.core.ProgressTracker;
import dev.progress.json.EventLog;
import dev.progress.json.ProgressJson;
import dev.progress.json.Report;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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
    EventLog.Summary summary;
    try (InputStream in = Sources.events(events, parent.stdin)) {
      summary = log(tracker, asOf).build().read(in);
    } catch (IOException e) {
      throw Sources.readFailed("events file", events, e);
    }
    print(Report.of(now, summary, tracker), output, spec.commandLine().getOut());
    return summary.rejected().isEmpty() ? 0 : ProgressCommand.REJECTED;
  }

  /** An event log into {@code tracker}, ignoring events later than {@code asOf} when given. */
  static EventLog.Builder log(ProgressTracker tracker, @Nullable Instant asOf) {
    EventLog.Builder log = EventLog.into(tracker);
    return asOf == null ? log : log.asOf(asOf);
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
      throw Sources.invalidPlan(String.valueOf(planFile), e);
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
      case json -> {
        try {
          ProgressJson.writeReport(report, out);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write the report: " + e.getMessage(), e);
        }
      }
      case text -> TextDashboard.write(report, out);
      case html -> HtmlReport.write(report, out);
    }
    out.flush();
  }
}
