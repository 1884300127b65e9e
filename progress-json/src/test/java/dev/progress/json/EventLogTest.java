package dev.progress.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.core.InMemoryProgressStore;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.core.StoreException;
import dev.progress.core.spi.ForwardingStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * {@link EventLog} when the store fails: by default the failed events are results kept with the rejections; with
 * {@link EventLog.Builder#onStoreFailure} they are tracked again, only they and in order, or the log stops.
 */
class EventLogTest {
  private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");

  private final InMemoryProgressStore healthy = InMemoryProgressStore.create();
  /** Fails every unit of user bob while {@link #bobFailures} is positive, counting down. */
  private int bobFailures;
  private final ForwardingStore store = new ForwardingStore(healthy) {
    @Override
    public <R, X extends Exception> R inTransaction(String userId, UserCallback<R, X> work) throws X {
      if (userId.equals("bob") && bobFailures > 0) {
        bobFailures--;
        throw new StoreException("connection refused", new RuntimeException("connection refused"));
      }
      return super.inTransaction(userId, work);
    }
  };
  private final ProgressTracker tracker = ProgressTracker.builder().store(store).clock(InstantSource.fixed(NOW))
      .build();
  private final List<ItemResult> results = new ArrayList<>();
  private final List<EventLog.StoreFailure> failures = new ArrayList<>();

  /** Lines 1 ana, 2 bob, 3 not an event, 4 ana, 5 bob; 40 minutes each. */
  private static InputStream log() {
    String log = line("a1", "ana", 10) + line("b1", "bob", 30) + "{\"userId\": \"ana\"}\n" + line("a2", "ana", 30)
        + line("b2", "bob", 10);
    return new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8));
  }

  private static String line(String id, String user, int minutes) {
    return "{\"id\":\"" + id + "\",\"userId\":\"" + user + "\",\"spaceId\":\"algebra\",\"type\":\"time\","
        + "\"value\":" + minutes + ",\"timestamp\":\"2026-10-01T10:00:00Z\"}\n";
  }

  private List<String> stored(String user) {
    List<String> ids = new ArrayList<>();
    healthy.replay(user, e -> ids.add(e.id()));
    return ids;
  }

  @Test
  void withoutOnStoreFailure_failedEventsAreResultsKeptWithTheRejections() throws Exception {
    bobFailures = Integer.MAX_VALUE;

    EventLog.Summary summary = EventLog.into(tracker).onResult(results::add).build().read(log());

    assertThat(results).extracting(ItemResult::status).containsExactly(ItemResult.Status.ACCEPTED,
        ItemResult.Status.FAILED, ItemResult.Status.REJECTED, ItemResult.Status.ACCEPTED, ItemResult.Status.FAILED);
    assertThat(summary.accepted()).isEqualTo(2);
    assertThat(summary.rejected()).extracting(Rejection::line).containsExactly(2L, 3L, 5L);
    assertThat(summary.rejected().get(0).error()).contains("connection refused");
  }

  @Test
  void onStoreFailure_retry_tracksOnlyTheFailedEventsAgain_inTheirOrder() throws Exception {
    bobFailures = 2;

    EventLog.Summary summary = EventLog.into(tracker).onResult(results::add)
        .onStoreFailure(f -> failures.add(f)).build().read(log());

    assertThat(failures).extracting(EventLog.StoreFailure::attempt).containsExactly(1, 2);
    assertThat(failures.get(0).firstFailed()).isEqualTo(2);
    assertThat(failures.get(0).lastStored()).isEqualTo(OptionalLong.of(4));
    assertThat(failures.get(0).events()).isEqualTo(2);
    assertThat(failures.get(0).reason()).contains("connection refused");
    assertThat(summary.accepted()).isEqualTo(4);
    assertThat(summary.rejected()).extracting(Rejection::line).containsExactly(3L);
    assertThat(results).extracting(ItemResult::position).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(results).extracting(ItemResult::status).doesNotContain(ItemResult.Status.FAILED);
    assertThat(stored("bob")).containsExactly("b1", "b2");
    assertThat(stored("ana")).containsExactly("a1", "a2");
    assertThat(tracker.spaceProgress("bob", "algebra").component("time"))
        .isEqualTo(tracker.spaceProgress("ana", "algebra").component("time"));
  }

  @Test
  void onStoreFailure_givesUp_stopsWithTheFailure_afterDeliveringTheChunksOtherResults() {
    bobFailures = Integer.MAX_VALUE;
    EventLog log = EventLog.into(tracker).onResult(results::add).onStoreFailure(f -> f.attempt() < 3).build();

    assertThatThrownBy(() -> log.read(log()))
        .isInstanceOfSatisfying(EventLog.StoppedException.class, e -> {
          assertThat(e.failure().attempt()).isEqualTo(3);
          assertThat(e.failure().firstFailed()).isEqualTo(2);
          assertThat(e.failure().lastStored()).isEqualTo(OptionalLong.of(4));
          assertThat(e.getMessage()).isEqualTo("the store failed at position 2 (attempt 3): "
              + e.failure().reason());
        });
    assertThat(results).extracting(ItemResult::status).containsExactly(ItemResult.Status.ACCEPTED,
        ItemResult.Status.FAILED, ItemResult.Status.REJECTED, ItemResult.Status.ACCEPTED, ItemResult.Status.FAILED);
    assertThat(stored("bob")).isEmpty();
    assertThatThrownBy(log::finish).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the log stopped after the store failed");
  }

  /** Once it stops, nothing after the failed chunk is tracked: each user's events must stay in order. */
  @Test
  void onStoreFailure_policyThrows_itsExceptionPropagates_andLaterChunksAreNotTracked() {
    bobFailures = Integer.MAX_VALUE;
    IllegalStateException giveUp = new IllegalStateException("the database is read-only");
    EventLog log = EventLog.into(tracker).chunkSize(2).onStoreFailure(f -> {
      failures.add(f);
      throw giveUp;
    }).build();

    assertThatThrownBy(() -> log.read(log())).isSameAs(giveUp);
    assertThat(failures).singleElement().satisfies(f -> {
      assertThat(f.firstFailed()).isEqualTo(2);
      assertThat(f.lastStored()).isEqualTo(OptionalLong.of(1));
    });
    assertThat(stored("ana")).containsExactly("a1");
  }

  @Test
  void storeFailure_nothingStored_lastStoredIsEmpty() {
    bobFailures = Integer.MAX_VALUE;
    EventLog log = EventLog.into(tracker).onStoreFailure(f -> false).build();
    log.add(ProgressEvent.builder().id("b1").user("bob").time("algebra", 5).at(NOW).build(), 7);

    assertThatThrownBy(log::finish).isInstanceOfSatisfying(EventLog.StoppedException.class,
        e -> assertThat(e.failure()).isEqualTo(
            new EventLog.StoreFailure(1, e.failure().reason(), 7, OptionalLong.empty(), 1)));
  }

  @Test
  void storeFailure_outOfRange_namesTheField() {
    assertThatThrownBy(() -> new EventLog.StoreFailure(0, "x", 1, OptionalLong.empty(), 1))
        .hasMessage("attempt 0 must be at least 1");
    assertThatThrownBy(() -> new EventLog.StoreFailure(1, "x", 1, OptionalLong.empty(), 0))
        .hasMessage("events 0 must be at least 1");
  }
}
