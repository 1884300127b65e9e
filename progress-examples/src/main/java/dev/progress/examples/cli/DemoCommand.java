package dev.progress.examples.cli;

import dev.progress.core.InvalidConfigurationException;
import dev.progress.core.Plan;
import dev.progress.core.ProgressTracker;
import dev.progress.json.EventLog;
import dev.progress.json.ProgressJson;
import dev.progress.json.Report;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code progress demo}: simulates a small learning platform ({@link Simulation}), stores its event log in an
 * embedded H2 database through the JDBC store exactly as {@code import} does, showing the lines it refuses,
 * prints the text dashboard read back from the database, and writes the same as an HTML page whose path it
 * prints. Runs from a fresh clone with nothing but a JDK. Not thread-safe; one instance runs once.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Simulates a small learning platform, prints its dashboard and writes it as an HTML page.",
      "4 learners, 2 goals, 60 days of events from a fixed seed, stored in an embedded H2 database; a few",
      "invalid events are included on purpose, to show the errors."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--db", paramLabel = "URL",
      description = "Keep the data in this database (e.g. jdbc:h2:./progress-demo); default: a fresh in-memory H2.")
  @Nullable String db;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Seed of the simulation (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--save-events", paramLabel = "FILE",
      description = "Also write the simulated event log, to try report and import on it.")
  @Nullable Path saveEvents;

  @Option(names = "--save-plan", paramLabel = "FILE", description = "Also write the simulated platform's plan.")
  @Nullable Path savePlan;

  @Option(names = "--html", paramLabel = "FILE",
      description = "Where to write the HTML report (default: progress-demo.html in the temporary directory).")
  @Nullable Path html;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    String planJson = Simulation.planJson();
    Plan plan = ProgressJson.readPlan(planJson);
    List<String> events = new Simulation(seed).events();
    save(saveEvents, String.join("\n", events) + "\n");
    save(savePlan, planJson + "\n");

    String url = db != null ? db : "jdbc:h2:mem:progress-demo-" + UUID.randomUUID();
    out.println("Simulated learning platform: " + Simulation.describe() + " (seed " + seed + ").");
    try (Database database = Database.open(url, true)) {
      ProgressTracker tracker = tracker(plan, database);
      out.println(TerminalText.line("Storing " + events.size() + " lines in "
          + (db != null ? database.display() : "an in-memory H2 database") + "; a few are wrong on purpose:"));
      EventLog log = EventLog.into(tracker).chunkSize(ImportCommand.DATABASE_CHUNK)
          .onStoreFailure(new StoreRetry(database)).onResult(r -> {
            if (r.isRejected()) {
              out.println("  " + TerminalText.rejection(r.position(), r.reason()));
            }
          }).build();
      EventLog.Summary outcome;
      try {
        outcome = log.read(new ByteArrayInputStream(String.join("\n", events).getBytes(StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new IllegalStateException("reading a string cannot fail", e);
      }
      out.println("Stored " + ImportCommand.plural(outcome.accepted(), "event") + ", ignored "
          + ImportCommand.plural(outcome.duplicates(), "duplicate") + ", rejected "
          + ImportCommand.plural(outcome.rejected().size(), "line") + ".");
      out.println();
      ProgressTracker reader = ProgressTracker.builder().plan(plan).store(database.store())
          .clock(InstantSource.fixed(Simulation.END)).build();
      Report report = new Report(Simulation.END, outcome.accepted(), outcome.duplicates(), outcome.rejected(),
          reader.users().stream().map(reader::userProgress).toList(),
          ReportCommand.analytics(reader, reader.users()));
      TextDashboard.write(report, out, false);
      Path page = html != null ? html : Path.of(System.getProperty("java.io.tmpdir"), "progress-demo.html");
      HtmlReport.write(report, page);
      out.println();
      out.println(TerminalText.line("HTML report: " + page.toAbsolutePath() + " (open it in a browser)"));
      out.println();
      out.println("Try: ./progress demo --save-events demo.jsonl --save-plan demo-plan.json, then");
      out.println("     ./progress report --events demo.jsonl --plan demo-plan.json --as-of " + Simulation.END
          + " --format text");
    }
    out.flush();
    return 0;
  }

  private static ProgressTracker tracker(Plan plan, Database database) {
    try {
      return ProgressTracker.builder()
          .plan(plan)
          .store(database.store())
          .clock(InstantSource.fixed(Simulation.END))
          .build();
    } catch (InvalidConfigurationException e) {
      throw new IllegalStateException("the demo's plan is valid", e);
    }
  }

  private static void save(@Nullable Path file, String content) {
    if (file == null) {
      return;
    }
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CommandException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
