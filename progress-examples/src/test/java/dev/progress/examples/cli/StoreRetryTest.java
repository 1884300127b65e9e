package dev.progress.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bound on {@code import}'s retries, with a hand-written check and a sleeper that only records. */
class StoreRetryTest {
  private final List<Duration> slept = new ArrayList<>();

  @Test
  void unreachable_retriedFourTimesOver15Seconds_thenStopsWithTheReason() {
    StoreRetry retry = new StoreRetry(() -> new Database.Health(Database.Status.UNREACHABLE, "connection refused"),
        StoreRetry.DELAYS, slept::add);

    for (int attempt = 1; attempt <= 4; attempt++) {
      assertThat(retry.retry(attempt, "store transaction failed")).as("attempt %d", attempt).isNull();
    }
    String stop = retry.retry(5, "store transaction failed");

    assertThat(stop).isEqualTo("store transaction failed (tried 5 times over 15 s)");
    assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
        Duration.ofSeconds(8));
  }

  @Test
  void usableAfterAFailure_isRetried() {
    StoreRetry retry = new StoreRetry(() -> new Database.Health(Database.Status.USABLE, ""), StoreRetry.DELAYS,
        slept::add);

    assertThat(retry.retry(1, "connection terminated")).isNull();
    assertThat(slept).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void brokenSchemaOrReadOnly_stopsAtOnceWithWhatIsWrong() {
    StoreRetry retry = new StoreRetry(
        () -> new Database.Health(Database.Status.BROKEN, "the progress schema is not usable: table x is missing"),
        StoreRetry.DELAYS, slept::add);

    assertThat(retry.retry(1, "Table \"X\" not found"))
        .isEqualTo("the progress schema is not usable: table x is missing");
    assertThat(slept).isEmpty();
  }
}
