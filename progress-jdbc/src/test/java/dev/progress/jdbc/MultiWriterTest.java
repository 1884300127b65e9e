package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several application instances, each its own JVM with its own tracker and connection pool, track the same
 * events (same users, same event ids) in different orders and batch sizes into one PostgreSQL, retrying what
 * failed. The user row lock makes them take turns per user and the version makes each notice the others'
 * writes; the check afterwards covers the whole stored history. The first writer tracks one event per unit, so
 * its units run optimistically whenever its state is current (one statement, checked against the version): the
 * test fails if that statement does not check the version (checked by hand).
 */
class MultiWriterTest {
  @RegisterExtension static final PostgresDatabase PG = new PostgresDatabase();

  @Test
  void threeJvms_trackingOverlappingEvents_storeEachOnceAndEverySnapshotExact() throws Exception {
    Universe universe = new Universe(4, 100);
    List<WriterProcess> writers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      writers.add(WriterProcess.start(PG.url(), 1000 + i, universe, 1 + i * 12, "shuffled", "-Dwriter.awaitGo=true"));
    }
    for (WriterProcess writer : writers) {
      assertThat(writer.awaitReady(60)).as("writer started").isTrue();
    }
    writers.forEach(WriterProcess::go);
    for (WriterProcess writer : writers) {
      assertThat(writer.await(120)).as("exit code; output tail %s", writer.tail()).isZero();
    }

    Set<String> all = universe.events().stream().map(e -> e.userId() + " " + e.id()).collect(Collectors.toSet());
    for (WriterProcess writer : writers) {
      assertThat(writer.acknowledged()).isEqualTo(all);
    }
    assertThat(Invariants.check(PG.jdbi())).isEqualTo(all.size());
    List<String> stored = PG.jdbi().withHandle(h -> h.createQuery(
            "SELECT user_id || ' ' || event_id FROM progress_events").mapTo(String.class).list());
    assertThat(stored).containsExactlyInAnyOrderElementsOf(all);
    // Each event was accepted by exactly one writer, and every writer stored some: they really interleaved.
    List<String> accepted = new ArrayList<>();
    for (WriterProcess writer : writers) {
      assertThat(writer.accepted()).isNotEmpty();
      accepted.addAll(writer.accepted());
    }
    assertThat(accepted).hasSize(all.size()).containsExactlyInAnyOrderElementsOf(all);
  }
}
