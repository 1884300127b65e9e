package dev.progress.examples.cli;

import dev.progress.core.InvalidConfigurationException;
import dev.progress.core.Plan;
import dev.progress.core.ProgressTracker;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
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
 * and prints the text dashboard read back from the database. Runs from a fresh clone with nothing but a JDK.
 * Not thread-safe; one instance runs once.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Simulates a small learning platform and prints its dashboard.",
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

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    String planJson = Simulation.planJson();
    Plan plan = PlanJson.read(new StringReader(planJson), "of the demo");
    List<String> events = new Simulation(seed).events();
    save(saveEvents, String.join("\n", events) + "\n");
    save(savePlan, planJson + "\n");

    String url = db != null ? db : "jdbc:h2:mem:progress-demo-" + UUID.randomUUID();
    out.println("Simulated learning platform: " + Simulation.describe() + " (seed " + seed + ").");
    try (Database database = Database.open(url, true)) {
      ProgressTracker tracker = tracker(plan, database);
      out.println("Storing " + events.size() + " lines in "
          + (db != null ? database.display() : "an in-memory H2 database") + "; a few are wrong on purpose:");
      EventLog log = new EventLog(tracker, null, r -> out.println("  line " + r.line() + ": " + r.error()),
          EventLog.DATABASE_CHUNK, new StoreRetry(database));
      EventLog.Outcome outcome;
      try {
        outcome = log.read(new StringReader(String.join("\n", events)), chars -> {});
      } catch (IOException e) {
        throw new IllegalStateException("reading a string cannot fail", e);
      }
      out.println("Stored " + ImportCommand.plural(outcome.accepted(), "event") + ", ignored "
          + ImportCommand.plural(outcome.duplicates(), "duplicate") + ", rejected "
          + ImportCommand.plural(outcome.rejected().size(), "line") + ".");
      out.println();
      ProgressTracker reader = ProgressTracker.builder().plan(plan).store(database.store()).build();
      Report report = new Report(Simulation.END, outcome.accepted(), outcome.duplicates(), outcome.rejected(),
          reader.users().stream().map(reader::userProgress).toList());
      TextDashboard.write(report, out, false);
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
