package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.progress.core.BatchResult;
import dev.progress.core.InvalidEventException;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.core.StoreException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresJdbiProgressStoreTest extends JdbiProgressStoreTest {
  @RegisterExtension static final PostgresDatabase PG = new PostgresDatabase();

  @BeforeEach
  void empty() {
    PG.truncate();
  }

  @Override
  Jdbi jdbi() {
    return PG.jdbi();
  }

  @Test
  void track_timestampsAtTheEdgesOfTheKeptYears_roundTripExactly_andOutsideAreRefused() {
    ProgressTracker tracker = tracker(store());
    List<ProgressEvent> edges = List.of(
        ProgressEvent.builder().id("first").user("u").time("s", 5).at(Instant.parse("0001-01-01T00:00:00Z")).build(),
        ProgressEvent.builder().id("leap").user("u").time("s", 5).at(Instant.parse("2024-02-29T23:59:59.999999999Z"))
            .build());
    assertThat(tracker.trackAll(edges).accepted()).isEqualTo(2);
    assertThat(tracker(store()).trackAll(edges).duplicates()).isEqualTo(2);

    ProgressEvent ancient = ProgressEvent.builder().id("ancient").user("u").time("s", 5)
        .at(Instant.parse("-5000-01-01T00:00:00Z")).build();
    assertThatThrownBy(() -> tracker.track(ancient))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("outside the years 1..9999");
    assertThat(tracker.track(Universe.event(0, 1)).isAccepted()).isTrue();
  }

  /**
   * pgjdbc's reWriteBatchedInserts hides update counts; duplicates must still be told exactly. They are: the
   * tracker decides them on the replayed log under the user's lock, and the append is one statement, not a batch.
   */
  @Test
  void trackAll_withReWriteBatchedInserts_countsDuplicatesExactly() {
    try (HikariDataSource rewriting = PostgresDatabase.pool(PG.url() + "&reWriteBatchedInserts=true", 2)) {
      List<ProgressEvent> events = new Universe(3, 30).events();
      ProgressTracker first = tracker(JdbiProgressStore.create(rewriting));
      assertThat(first.trackAll(events.subList(0, 50)).accepted()).isEqualTo(50);

      BatchResult second = tracker(JdbiProgressStore.create(rewriting)).trackAll(events);

      assertThat(second.duplicates()).isEqualTo(50);
      assertThat(second.accepted()).isEqualTo(40);
      assertThat(Invariants.check(PG.jdbi())).isEqualTo(90);
    }
  }

  /**
   * PostgreSQL refuses U+0000 and pgjdbc silently turns an unpaired surrogate into '?', so such an event would
   * either fail in the database or be stored under another id (and its resend then collide with that row). The
   * store refuses it before any SQL, naming the field; the user's next event is unaffected.
   */
  @Test
  void track_textPostgresCannotHoldExactly_isRefusedBeforeAnySqlAndNothingIsStored() {
    ProgressTracker tracker = tracker(store());
    String[][] cases = {{"id", "i\u0000d"}, {"id", "i\uDC00d"}, {"spaceId", "s\uD800"}, {"metadata", "a\u0000b"},
        {"metadata", "a\uD83Db"}};
    for (String[] c : cases) {
      ProgressEvent.Builder b = ProgressEvent.builder().id("ok").user("u").time("s", 5).at(Universe.BASE);
      switch (c[0]) {
        case "id" -> b.id(c[1]);
        case "spaceId" -> b.space(c[1]);
        default -> b.meta("note", c[1]);
      }
      ProgressEvent event;
      try {
        event = b.build();
      } catch (InvalidEventException rejectedByValidation) {
        continue; // also fine: refused before any SQL
      }
      assertThatThrownBy(() -> tracker.track(event))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining(c[0] + " has")
          .hasMessageContaining("nothing was written");
    }
    int stored = PG.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM progress_events")
        .mapTo(Integer.class).one());
    assertThat(stored).isZero();
    assertThat(tracker.track(Universe.event(0, 1)).isAccepted()).isTrue();
  }
}
