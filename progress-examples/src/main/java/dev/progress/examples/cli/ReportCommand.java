package dev.progress.examples.cli;

import dev.progress.core.InMemoryProgressStore;
import dev.progress.core.InvalidConfigurationException;
import dev.progress.core.Plan;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.core.UserProgress;
import dev.progress.core.analytics.AnalyticsReport;
import dev.progress.core.spi.ProgressStore;
import dev.progress.json.EventLog;
import dev.progress.json.EventReader;
import dev.progress.json.ProgressJson;
import dev.progress.json.Report;
import dev.progress.json.ReportWriter;
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
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneRules;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code progress report}: replays a JSON Lines event log into a tracker that keeps only the latest snapshots,
 * and prints the report of sections 6 and 11 of the model. Such a tracker computes a user's analytics from
 * per-user state, except for a user whose events came out of timestamp order (their forecasts' past days must
 * be rebuilt from their events, which it does not keep) or who has an event later than the clock (accepted
 * within the skew, which the analytics must leave out): for those users only, a second pass over the log
 * collects their events into a tracker that keeps events, with the same plan, clock and zone, and takes their
 * analytics from it, exactly. Standard input is therefore first copied to a temporary file, deleted at the end.
 * Not thread-safe; one instance runs once.
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

  /** Lines tracked at once by report and show --as-of. */
  static final int REPORT_CHUNK = 20_000;

  /** Users per chunk read ahead of the writer, and chunks in flight: at most 1,280 users' reports in memory. */
  private static final int USERS_PER_CHUNK = 256;
  private static final int CHUNKS_AHEAD = 4;

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
    Plan thePlan = Sources.plan(plan);
    ProgressTracker tracker =
        replayTracker(thePlan, now, plan, output.zone, InMemoryProgressStore.countsOnly());
    Path spooled = events.equals("-") ? spool(parent.stdin) : null;
    String source = spooled != null ? spooled.toString() : events;
    try {
      EventLog.Summary summary;
      OutOfOrder outOfOrder = new OutOfOrder(output.zone, asOf, now);
      try (InputStream in = Sources.events(source, parent.stdin)) {
        EventLog log = log(tracker, asOf).build();
        // parsed on a second thread while this one tracks: the log costs about the longer of the two
        EventReader.create().readLinesAhead(in, line -> {
          outOfOrder.see(line.event());
          log.add(line);
        });
        summary = log.finish();
      } catch (IOException e) {
        throw Sources.readFailed("events file", events, e);
      }
      // users whose events came out of timestamp order or lie after the clock: this store keeps no events to sort
      // or to leave out, so a second pass
      Map<String, AnalyticsReport> exact =
          outOfOrder.users().isEmpty() ? Map.of() : exactAnalytics(outOfOrder.users(), source, thePlan, now);
      if (output.format == Options.Format.json && output.out == null) {
        stream(summary, tracker, exact, now);
      } else {
        List<UserProgress> users = tracker.users().stream().map(tracker::userProgress).toList();
        Map<String, AnalyticsReport> analytics = new LinkedHashMap<>();
        for (UserProgress u : users) {
          AnalyticsReport a = exact.get(u.userId());
          analytics.put(u.userId(), a != null ? a : tracker.analytics(u.userId()));
        }
        print(new Report(now, summary.accepted(), summary.duplicates(), summary.rejected(), users, analytics),
            output, spec.commandLine().getOut());
      }
      return summary.rejected().isEmpty() ? 0 : ProgressCommand.REJECTED;
    } finally {
      if (spooled != null) {
        try {
          Files.deleteIfExists(spooled);
        } catch (IOException e) {
          spec.commandLine().getErr().println("progress report: could not delete the temporary file " + spooled);
        }
      }
    }
  }

  /**
   * The JSON report written user by user, so that a log of many users needs memory for their states and one
   * user's report at a time, not for the whole report.
   */
  private void stream(EventLog.Summary summary, ProgressTracker tracker, Map<String, AnalyticsReport> exact,
      Instant now) {
    PrintWriter out = spec.commandLine().getOut();
    List<String> users = tracker.users();
    ExecutorService ahead = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "progress-report-reader");
      t.setDaemon(true);
      return t;
    });
    try (ReportWriter w = ProgressJson.reportWriter(out, now, summary)) {
      // the users' figures and analytics are read on a second thread, a few chunks ahead of this one, which
      // writes them: each takes a core (a 1M-line log of 200,000 users spent 0.9 s here on one)
      Deque<Future<List<UserReport>>> pending = new ArrayDeque<>();
      int next = 0;
      while (next < users.size() || !pending.isEmpty()) {
        while (pending.size() < CHUNKS_AHEAD && next < users.size()) {
          List<String> chunk = users.subList(next, Math.min(users.size(), next + USERS_PER_CHUNK));
          next += chunk.size();
          pending.add(ahead.submit(() -> read(tracker, chunk, exact)));
        }
        for (UserReport r : awaitChunk(pending.remove())) {
          w.user(r.progress(), r.analytics());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report: " + e.getMessage(), e);
    } finally {
      ahead.shutdownNow();
    }
    out.flush();
  }

  private record UserReport(UserProgress progress, AnalyticsReport analytics) {}

  private static List<UserReport> read(ProgressTracker tracker, List<String> users,
      Map<String, AnalyticsReport> exact) {
    List<UserReport> out = new ArrayList<>(users.size());
    for (String u : users) {
      AnalyticsReport a = exact.get(u);
      out.add(new UserReport(tracker.userProgress(u), a != null ? a : tracker.analytics(u)));
    }
    return out;
  }

  /** The chunk's reports; a failure of the reading thread is thrown here as it was thrown there. */
  private static List<UserReport> awaitChunk(Future<List<UserReport>> chunk) {
    try {
      return chunk.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the users' reports", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  /**
   * The users with an event earlier, by day in the report's zone, than one of theirs read before, or with an
   * event later than the report's clock (accepted within the clock skew when there is no {@code --as-of}): those
   * whose analytics need their events in timestamp order, up to the clock. A user-level check, so it may name a
   * user whose keys each saw their events in order; the second pass then gives the same figures. Not
   * thread-safe.
   */
  private static final class OutOfOrder {
    private final ZoneRules rules;
    private final @Nullable Instant asOf;
    private final Instant clock;
    /** Each user's latest day so far, in a holder updated in place: no boxing, no new reference per event. */
    private final Map<String, long[]> latestDay = new HashMap<>();
    private final Set<String> users = new LinkedHashSet<>();

    OutOfOrder(ZoneId zone, @Nullable Instant asOf, Instant clock) {
      this.rules = zone.getRules();
      this.asOf = asOf;
      this.clock = clock;
    }

    void see(@Nullable ProgressEvent e) {
      if (e == null || asOf != null && e.timestamp().isAfter(asOf)) {
        return; // rejected, or ignored by --as-of: it counts nowhere
      }
      Instant t = e.timestamp();
      if (t.isAfter(clock)) { // analytics count the events up to the clock alone (model section 7)
        users.add(e.userId());
      }
      long day = Math.floorDiv(t.getEpochSecond() + rules.getOffset(t).getTotalSeconds(), 86_400L);
      long[] latest = latestDay.get(e.userId());
      if (latest == null) {
        latestDay.put(e.userId(), new long[] {day});
      } else if (day > latest[0]) {
        latest[0] = day;
      } else if (day < latest[0]) {
        users.add(e.userId());
      }
    }

    Set<String> users() {
      return users;
    }
  }

  /**
   * The analytics of {@code users}, read again from the log: only their events, read by a reader that sees
   * every line (so events without an id get the same ids as in the first pass), go to a tracker with the same
   * plan, clock and zone whose store keeps events, which then replays each of them in timestamp order.
   */
  private Map<String, AnalyticsReport> exactAnalytics(Set<String> users, String source, Plan thePlan, Instant now) {
    ProgressTracker exact = replayTracker(thePlan, now, plan, output.zone, InMemoryProgressStore.create());
    EventLog log = log(exact, asOf).build();
    try (InputStream in = Sources.events(source, parent.stdin)) {
      EventReader.create().readLines(in, line -> {
        ProgressEvent e = line.event();
        if (e != null && users.contains(e.userId())) {
          log.add(e, line.line());
        }
      });
    } catch (IOException e) {
      throw Sources.readFailed("events file", events, e);
    }
    log.finish();
    return analytics(exact, List.copyOf(users));
  }

  /** Every user's analytics ({@link ProgressTracker#analytics}), by user id in the order given. */
  static Map<String, AnalyticsReport> analytics(ProgressTracker tracker, List<String> users) {
    Map<String, AnalyticsReport> out = new LinkedHashMap<>();
    for (String u : users) {
      out.put(u, tracker.analytics(u));
    }
    return out;
  }

  /**
   * Standard input copied to a temporary file (readable by its owner alone), so that the log can be read twice;
   * the caller deletes it, and the JVM does on exit should the caller not get there.
   */
  private static Path spool(InputStream stdin) {
    Path file = null;
    try {
      file = Files.createTempFile("progress-report-stdin-", ".jsonl");
      file.toFile().deleteOnExit();
      Files.copy(stdin, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // the copy failed: that is what to report
        }
      }
      throw new CommandException("cannot copy standard input to a temporary file: " + e.getMessage(), e);
    }
  }

  /** An event log into {@code tracker}, ignoring events later than {@code asOf} when given. */
  static EventLog.Builder log(ProgressTracker tracker, @Nullable Instant asOf) {
    // a unit per user per chunk: larger chunks mean fewer units (1,000 -> 20,000 lines: a 1M-line report of
    // 1,000 users in about two thirds of the time, about 20 MB more heap)
    EventLog.Builder log = EventLog.into(tracker).chunkSize(REPORT_CHUNK);
    return asOf == null ? log : log.asOf(asOf);
  }

  /**
   * A tracker for replaying a log: the plan, the clock fixed at {@code now}, the zone of the analytics' days,
   * and {@code store} (one keeping only the latest snapshots, unless the analytics must sort events).
   */
  static ProgressTracker replayTracker(
      Plan plan, Instant now, @Nullable Path planFile, ZoneId zone, ProgressStore store) {
    try {
      return ProgressTracker.builder()
          .plan(plan)
          .clock(InstantSource.fixed(now))
          .zone(zone)
          .store(store)
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
    out.println(TerminalText.line("Wrote the " + output.format + " report to " + output.out.toAbsolutePath()));
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
