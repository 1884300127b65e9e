package dev.progress.examples.cli;

import dev.progress.json.EventLog;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@code import} and {@code demo} answer a database failure in the middle of a log: the events that were
 * not stored are tracked again up to 4 times, after waiting 1, 2, 4 and 8 seconds (15 s in all), enough for a
 * server restart or a dropped connection; a broken schema, a read-only database or a data exception (SQLState
 * class 22: the database refuses a value, e.g. one too long for its column) stops at once, since waiting cannot
 * mend them. Each failure is checked on a connection of its own ({@link Database#check}) and
 * logged at debug level. When it gives up, it stops the {@link EventLog} with a {@link CommandException} saying
 * from which line nothing was stored (exit 2): a failing database is not bad input, so the lines it failed on are
 * never reported as rejected. Not thread-safe; one command uses one instance.
 */
final class StoreRetry implements EventLog.OnStoreFailure {
  /** The waits before each retry; their number is the number of retries. */
  static final List<Duration> DELAYS =
      List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));

  private static final Logger LOG = LoggerFactory.getLogger(StoreRetry.class);

  /** Waits; a test passes one that only records. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final Supplier<Database.Health> check;
  private final List<Duration> delays;
  private final Sleeper sleeper;

  StoreRetry(Database database) {
    this(database::check, DELAYS, duration -> Thread.sleep(duration.toMillis()));
  }

  StoreRetry(Supplier<Database.Health> check, List<Duration> delays, Sleeper sleeper) {
    this.check = check;
    this.delays = List.copyOf(delays);
    this.sleeper = sleeper;
  }

  /**
   * Waits and returns true to track the events again, or stops the log.
   *
   * @throws CommandException when it gives up: the one message of the command, naming the line from which
   *     nothing was stored
   */
  @Override
  public boolean retry(EventLog.StoreFailure failure) {
    String stop = retry(failure.attempt(), failure.reason());
    if (stop != null) {
      throw new CommandException(isDataException(failure.reason()) ? refused(failure) : stopped(failure, stop));
    }
    return true;
  }

  /** A store reason that ends with an SQLState of class 22, as progress-jdbc writes it: {@code (SQLState 22001)}. */
  private static final Pattern DATA_EXCEPTION = Pattern.compile("\\(SQLState 22[0-9A-Z]{3}\\)$");

  /**
   * Whether the store failed with a data exception (SQLState class 22: a value too long, out of range, not in
   * the database's character set): the database refuses those values, and retrying them cannot mend that.
   */
  static boolean isDataException(String reason) {
    return DATA_EXCEPTION.matcher(reason).find();
  }

  /**
   * Decides after a failed attempt to store some events.
   *
   * @param attempt how many attempts at these events failed so far (1 after the first)
   * @param reason the store's reason, for the first failed event
   * @return null to track those events again (after waiting), or what failed, in words: the log then stops
   */
  @Nullable String retry(int attempt, String reason) {
    if (isDataException(reason)) {
      LOG.debug("attempt {} to store failed with a data exception, not retried: {}", attempt, reason);
      return reason;
    }
    Database.Health health = check.get();
    LOG.debug("attempt {} to store failed: {}; the database is {} {}", attempt, reason, health.status(),
        health.detail());
    if (health.status() == Database.Status.BROKEN) {
      return health.detail();
    }
    if (attempt > delays.size()) {
      long seconds = delays.stream().mapToLong(Duration::toSeconds).sum();
      return reason + " (tried " + ImportCommand.plural(attempt, "time") + " over " + seconds + " s)";
    }
    try {
      sleeper.sleep(delays.get(attempt - 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return reason + " (interrupted while waiting to retry)";
    }
    return null;
  }

  /**
   * The one message of a log stopped by the store: what failed, and from which line nothing was stored. Other
   * users' events after the first failed line may be stored (each user's events of a chunk are one unit).
   */
  static String stopped(EventLog.StoreFailure failure, String what) {
    return "the database failed at line " + failure.firstFailed() + ": " + what + ". " + stored(failure)
        + ". Rerun the same command once the database works: stored events are duplicates.";
  }

  /**
   * The one message of a log stopped by a data exception: the database refused values of the user's events
   * (the reason names the user and the SQLState), so they were not retried, and running the same command again
   * would fail the same way.
   */
  static String refused(EventLog.StoreFailure failure) {
    return "the database refused the events at line " + failure.firstFailed() + ": " + failure.reason()
        + "; a data exception (SQLState class 22) is not retried, since the same values fail again. "
        + stored(failure) + ". Remove or mend the events it refuses, then rerun the same command: stored events"
        + " are duplicates.";
  }

  /** Which lines are stored when a log stops at {@code failure}. */
  private static String stored(EventLog.StoreFailure failure) {
    long firstFailed = failure.firstFailed();
    long lastStored = failure.lastStored().orElse(Long.MIN_VALUE);
    String stored = lastStored < firstFailed
        ? "nothing from line " + firstFailed + " on was stored"
        : "lines " + firstFailed + " to " + lastStored + " only in part (other users' events), nothing from line "
            + (lastStored + 1) + " on";
    return "Lines before " + firstFailed + " are stored (or rejected above); " + stored;
  }
}
