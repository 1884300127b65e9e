package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.progress.core.BatchResult;
import dev.progress.core.InvalidEventException;
import dev.progress.core.Level;
import dev.progress.core.ProgressKey;
import dev.progress.core.UserProgress;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.core.spi.ChangedKeys;
import dev.progress.core.spi.ProgressStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
   * A key's current figure is its latest history row (schema version 4): reading it, or all of a user's, reads
   * the primary key backwards, one row per key, however long the history; the figures are those of the last
   * write, equal to the tracker's.
   */
  @Test
  void figures_areTheLatestHistoryRows_readOneRowPerKey() {
    ProgressTracker tracker = Universe.tracker(store());
    for (int unit = 0; unit < 300; unit++) {
      tracker.track(ProgressEvent.builder().id("t" + unit).user("u").time("s" + unit % 3, 1).skill("coding")
          .at(Universe.BASE.plusSeconds(unit)).build());
    }
    JdbiProgressStore store = store();
    UserProgress expected = tracker.userProgress("u");
    assertThat(store.snapshots("u")).extracting(s -> s.progress()).containsExactlyInAnyOrderElementsOf(
        Stream.of(expected.spaces(), expected.goals(), expected.skills()).flatMap(List::stream).toList());
    assertThat(store.history(new ProgressKey("u", Level.SPACE, "s0"))).hasSizeGreaterThan(50);
    PG.jdbi().useHandle(h -> h.execute("ANALYZE progress_snapshots"));

    for (String query : List.of(PostgresWriter.SELECT_FIGURES.replace("?", "'u'"),
        PostgresWriter.SELECT_FIGURE.replaceFirst("\\?", "'u'").replaceFirst("\\?", "'space'")
            .replaceFirst("\\?", "'s0'"))) {
      List<String> plan = PG.jdbi().withHandle(h -> h.createQuery("EXPLAIN (ANALYZE, COSTS OFF) " + query)
          .mapTo(String.class).list());
      String shown = String.join("\n", plan);
      assertThat(plan).as(shown).anyMatch(line -> line.contains("Index Scan Backward using progress_snapshots_key_pk"))
          .noneMatch(line -> line.contains("Seq Scan") || line.contains("Bitmap"));
      assertThat(plan).as(shown).filteredOn(line -> line.contains("Index Scan"))
          .allMatch(line -> line.matches(".*actual time=\\S+ rows=[01] loops=\\d+.*"));
    }
  }

  /**
   * A batch's replay reads the binary COPY's values exactly: instants before 2000 (negative microseconds) and at
   * the last nanosecond of the kept years, optional columns that are NULL, metadata, odd text. A timestamp of
   * {@code infinity}, which no event has, fails its user's replay naming the column.
   */
  @Test
  void inBatch_replaysTheCopysValuesExactly_andNamesAnInfiniteTimestamp() {
    JdbiProgressStore store = store();
    List<ProgressEvent> first = List.of(
        ProgressEvent.builder().id("old").user("u1").time("s", 5).at(Instant.parse("0001-01-01T00:00:00.000000001Z"))
            .build(),
        ProgressEvent.builder().id("x'); DROP TABLE progress_events; --").user("u1").task("s\u00e9", "i\uD83D\uDE00", 50)
            .goal("g").skill("coding").meta("note", "NUL-free \u2603 \"quoted\" \\").at(Instant.parse("1999-12-31T23:59:59.999999999Z"))
            .build(),
        ProgressEvent.builder().id("last").user("u1").milestone("s", "m", 100).at(Instant.parse("9999-12-31T23:59:59.999999999Z"))
            .build());
    List<ProgressEvent> second = List.of(ProgressEvent.builder().id("e").user("u2").time("s", 5).at(Universe.BASE)
        .build());
    store.inTransaction("u1", tx -> tx.append(first, ChangedKeys.none()));
    store.inTransaction("u2", tx -> tx.append(second, ChangedKeys.none()));

    assertThat(replayInBatch(store, List.of("u2", "u1"))).containsExactly(second, first);

    jdbi().useHandle(h -> h.execute("UPDATE progress_events SET occurred_at = 'infinity' WHERE user_id = 'u2'"));
    assertThatThrownBy(() -> replayInBatch(store, List.of("u1", "u2")))
        .hasMessage("stored event 'e' of user 'u2' is invalid in column occurred_at: it is infinity");
  }

  /** The events each unit of a batch of rebuild-like units replays, in the order of {@code users}. */
  private static List<List<ProgressEvent>> replayInBatch(JdbiProgressStore store, List<String> users) {
    List<List<ProgressEvent>> replays = new ArrayList<>();
    store.inBatch(users, RebuildUnits.of(tx -> {
      List<ProgressEvent> events = new ArrayList<>();
      tx.replay(events::add);
      replays.add(events);
    }));
    return replays;
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
