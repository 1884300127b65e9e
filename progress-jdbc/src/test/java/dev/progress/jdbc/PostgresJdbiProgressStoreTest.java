package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.progress.core.BatchResult;
import dev.progress.core.InvalidEventException;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
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
  void track_timestampsAtTheEdgesOfTheKeptYears_roundTripExactly() {
    ProgressTracker tracker = Universe.tracker(store());
    List<ProgressEvent> edges = List.of(
        ProgressEvent.builder().id("first").user("u").time("s", 5).at(Instant.parse("0001-01-01T00:00:00Z")).build(),
        ProgressEvent.builder().id("leap").user("u").time("s", 5).at(Instant.parse("2024-02-29T23:59:59.999999999Z"))
            .build());
    assertThat(tracker.trackAll(edges).accepted()).isEqualTo(2);
    assertThat(Universe.tracker(store()).trackAll(edges).duplicates()).isEqualTo(2);

    // outside those years an event is invalid (core validation), so it never reaches the store
    assertThatThrownBy(() -> ProgressEvent.builder().id("ancient").user("u").time("s", 5)
            .at(Instant.parse("-5000-01-01T00:00:00Z")).build())
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("outside the years 1..9999");
  }

  /**
   * pgjdbc's reWriteBatchedInserts hides update counts; duplicates must still be told exactly. They are: the
   * tracker decides them on the replayed log under the user's lock, and the append is one statement, not a batch.
   */
  @Test
  void trackAll_withReWriteBatchedInserts_countsDuplicatesExactly() {
    try (HikariDataSource rewriting = PostgresDatabase.pool(PG.url() + "&reWriteBatchedInserts=true", 2)) {
      List<ProgressEvent> events = new Universe(3, 30).events();
      ProgressTracker first = Universe.tracker(JdbiProgressStore.create(rewriting));
      assertThat(first.trackAll(events.subList(0, 50)).accepted()).isEqualTo(50);

      BatchResult second = Universe.tracker(JdbiProgressStore.create(rewriting)).trackAll(events);

      assertThat(second.duplicates()).isEqualTo(50);
      assertThat(second.accepted()).isEqualTo(40);
      assertThat(Invariants.check(PG.jdbi())).isEqualTo(90);
    }
  }
}
