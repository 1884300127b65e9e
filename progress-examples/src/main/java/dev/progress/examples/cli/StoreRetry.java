package dev.progress.examples.cli;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@code import} and {@code demo} answer a database failure in the middle of a log: the events that were
 * not stored are tracked again up to 4 times, after waiting 1, 2, 4 and 8 seconds (15 s in all), enough for a
 * server restart or a dropped connection; a broken schema or a read-only database stops at once, since
 * waiting cannot mend them. Each failure is checked on a connection of its own ({@link Database#check}) and
 * logged at debug level. Not thread-safe; one command uses one instance.
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

  @Override
  public @Nullable String retry(int attempt, String reason) {
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
}
