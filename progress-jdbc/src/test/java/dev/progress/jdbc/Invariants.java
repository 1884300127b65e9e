package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progress.core.BatchResult;
import dev.progress.core.Progress;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import dev.progress.core.ProgressTracker;
import dev.progress.core.spi.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Checks, over everything stored, what must hold however many writers wrote and whatever failed: each
 * (user_id, event_id) once, each user's log gapless, each key's current row its latest history row, and
 * every snapshot ever written (not only the current one) equal to a recomputation from exactly the events
 * stored up to its version, by a fresh in-memory tracker.
 */
final class Invariants {
  private Invariants() {}

  /** {@link #check(Jdbi, Supplier)} with a tracker of the model's default rules and weights. */
  static int check(Jdbi jdbi) {
    return check(jdbi, () -> ProgressTracker.builder().clock(() -> Universe.CLOCK).build());
  }

  /**
   * @param reference makes a fresh in-memory tracker with the rules the snapshots were written with; snapshots
   *     stamped with another rules version (older ones, before a rebuild) are not recomputed
   * @return how many events are stored
   */
  static int check(Jdbi jdbi, Supplier<ProgressTracker> reference) {
    List<Map<String, Object>> duplicates = jdbi.withHandle(h -> h.createQuery(
            "SELECT user_id, event_id, COUNT(*) AS n FROM progress_events GROUP BY user_id, event_id HAVING COUNT(*) > 1")
        .mapToMap().list());
    assertThat(duplicates).as("events stored twice").isEmpty();

    List<Map<String, Object>> gaps = jdbi.withHandle(h -> h.createQuery("""
            SELECT u.user_id, u.event_count, COUNT(e.seq) AS n, MIN(e.seq) AS lo, MAX(e.seq) AS hi
            FROM progress_users u LEFT JOIN progress_events e ON e.user_id = u.user_id
            GROUP BY u.user_id, u.event_count
            HAVING u.event_count <> COUNT(e.seq) OR (COUNT(e.seq) > 0 AND (MIN(e.seq) <> 0 OR MAX(e.seq) <> u.event_count - 1))""")
        .mapToMap().list());
    assertThat(gaps).as("users whose event log has gaps or a wrong count").isEmpty();

    // H2 keeps a copy of each key's latest figure (PostgreSQL reads the latest history row since schema version 4)
    List<Map<String, Object>> stale = !hasCurrentTable(jdbi) ? List.of() : jdbi.withHandle(h -> h.createQuery("""
            SELECT c.user_id, c.level, c.subject_id FROM progress_current c
            WHERE NOT EXISTS (SELECT 1 FROM progress_snapshots s
                              WHERE s.user_id = c.user_id AND s.level = c.level AND s.subject_id = c.subject_id
                                AND s.version = c.version AND s.total = c.total
                                AND s.rules_version = c.rules_version AND s.recorded_at = c.recorded_at
                                AND s.recorded_at_ns = c.recorded_at_ns)
               OR c.version <> (SELECT MAX(s.version) FROM progress_snapshots s
                                WHERE s.user_id = c.user_id AND s.level = c.level AND s.subject_id = c.subject_id)""")
        .mapToMap().list());
    assertThat(stale).as("current rows that are not their key's latest history row").isEmpty();

    JdbiProgressStore store = JdbiProgressStore.create(jdbi);
    int total = 0;
    for (String userId : store.users()) {
      total += checkUser(jdbi, store, userId, reference.get());
    }
    return total;
  }

  private static boolean hasCurrentTable(Jdbi jdbi) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM information_schema.tables"
        + " WHERE LOWER(table_name) = 'progress_current' AND table_schema = current_schema()")
        .mapTo(Long.class).one()) > 0;
  }

  private static int checkUser(Jdbi jdbi, JdbiProgressStore store, String userId, ProgressTracker reference) {
    List<ProgressEvent> events = new ArrayList<>();
    store.inTransaction(userId, user -> {
      user.replay(events::add);
      return null;
    });
    List<Long> eventVersions = jdbi.withHandle(h -> h.createQuery(
            "SELECT version FROM progress_events WHERE user_id = :u ORDER BY seq")
        .bind("u", userId).mapTo(Long.class).list());
    List<Written> history = jdbi.withHandle(h -> h.createQuery(
            "SELECT level, subject_id, version FROM progress_snapshots WHERE user_id = :u ORDER BY version")
        .bind("u", userId)
        .map((rs, ctx) -> new Written(new ProgressKey(userId,
            dev.progress.core.Level.valueOf(rs.getString(1).toUpperCase(java.util.Locale.ROOT)), rs.getString(2)),
            rs.getLong(3)))
        .list());

    int fed = 0;
    java.util.Map<ProgressKey, Integer> seenPerKey = new java.util.HashMap<>();
    java.util.Map<ProgressKey, List<Snapshot>> histories = new java.util.HashMap<>();
    for (Written w : history) {
      int from = fed;
      while (fed < events.size() && eventVersions.get(fed) <= w.version) {
        fed++;
      }
      if (fed > from) {
        BatchResult result = reference.trackAll(events.subList(from, fed));
        assertThat(result.accepted()).as("stored events of %s that a fresh tracker accepts", userId)
            .isEqualTo(fed - from);
      }
      int index = seenPerKey.merge(w.key, 1, Integer::sum) - 1;
      Snapshot stored = histories.computeIfAbsent(w.key, store::history).get(index);
      if (stored.rulesVersion().equals(reference.rulesVersion())) {
        assertThat(stored.progress()).as("snapshot of %s at version %d", w.key, w.version)
            .isEqualTo(reference.progress(w.key));
      }
    }
    if (fed < events.size()) {
      BatchResult result = reference.trackAll(events.subList(fed, events.size()));
      assertThat(result.accepted()).isEqualTo(events.size() - fed);
    }
    Comparator<Progress> byKey = Comparator.comparing(p -> p.key().toString());
    List<Progress> current = new ArrayList<>(store.snapshots(userId).stream().map(Snapshot::progress).toList());
    current.sort(byKey);
    var expected = reference.userProgress(userId);
    List<Progress> recomputed = new ArrayList<>();
    recomputed.addAll(expected.spaces());
    recomputed.addAll(expected.goals());
    recomputed.addAll(expected.skills());
    recomputed.sort(byKey);
    assertThat(current).as("current snapshots of %s", userId).isEqualTo(recomputed);
    return events.size();
  }

  private record Written(ProgressKey key, long version) {}
}
