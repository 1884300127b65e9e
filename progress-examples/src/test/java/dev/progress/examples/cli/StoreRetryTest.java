package dev.progress.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.json.EventLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
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

  /**
   * A data exception (SQLState class 22, e.g. H2's 22001 for an id too long for schema version 4's VARCHAR(128))
   * is the database refusing those values: it stops at once, without checking the database or waiting 15 s, and
   * says so instead of asking to rerun once the database works.
   */
  @Test
  void dataException_stopsAtOnce_sayingTheDatabaseRefusedTheEvents() {
    List<String> checked = new ArrayList<>();
    StoreRetry retry = new StoreRetry(() -> {
      checked.add("checked");
      return new Database.Health(Database.Status.USABLE, "");
    }, StoreRetry.DELAYS, slept::add);
    String reason = "store transaction for user 'u1' failed: Value too long for column \"EVENT_ID CHARACTER"
        + " VARYING(128)\": \"U&'\\\\+01f600... (256)\" (SQLState 22001)";
    EventLog.StoreFailure failure = new EventLog.StoreFailure(1, reason, 2, OptionalLong.of(3), 1);

    assertThatThrownBy(() -> retry.retry(failure))
        .isInstanceOf(CommandException.class)
        .hasMessage("the database refused the events at line 2: " + reason + "; a data exception (SQLState class"
            + " 22) is not retried, since the same values fail again. Lines before 2 are stored (or rejected above);"
            + " lines 2 to 3 only in part (other users' events), nothing from line 4 on. Remove or mend the events"
            + " it refuses, then rerun the same command: stored events are duplicates.");
    assertThat(slept).isEmpty();
    assertThat(checked).isEmpty();
    assertThat(StoreRetry.isDataException("failed: numeric value out of range (SQLState 22003)")).isTrue();
    assertThat(StoreRetry.isDataException("failed: character with byte sequence 0xf0 0x9f 0x98 0x80 in encoding"
        + " \"UTF8\" has no equivalent in encoding \"LATIN1\" (SQLState 22P05)")).isTrue();
    assertThat(StoreRetry.isDataException("failed: connection refused (SQLState 08001)")).isFalse();
    assertThat(StoreRetry.isDataException("failed: deadlock detected (SQLState 40P01)")).isFalse();
    assertThat(StoreRetry.isDataException("value '(SQLState 22001)' quoted in the middle failed")).isFalse();
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
