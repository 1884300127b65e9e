package dev.progress.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.jdbc.JdbiProgressStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The raw baselines of targets 3 and 4 write the rows the store writes: every column of {@code progress_events}
 * holds the same value for the same event, whether the store, the raw batch or the raw COPY wrote it. Only the
 * user, the surrogate key of the V1 schema (a random UUID) and the time the row was recorded may differ.
 */
class RawEventsTest {
  /** Columns that differ by design: the user the rows are written for, V1's random UUID, the insert time. */
  private static final Set<String> OWN = Set.of("user_id", "id", "recorded_at");

  private static Postgres.Database db;

  @BeforeAll
  static void open() {
    db = Postgres.create("rawtest");
  }

  @AfterAll
  static void close() {
    db.close();
  }

  /** 100 workload events (tasks with a skill in their metadata, time, milestones, interactions), and two more. */
  private static ProgressEvent[] events(String userId) {
    List<ProgressEvent> events = new ArrayList<>(Arrays.asList(Workload.userEvents(userId, 0, 100)));
    // a timestamp with nanoseconds beyond the column's microseconds, and metadata with numbers and quotes
    events.add(ProgressEvent.builder().id("nanos").user(userId).task("s1", "t\"1", 62.5)
        .at(Workload.START.plusNanos(1_234_567_891L)).meta("difficulty", "hard").meta("attempts", 3)
        .meta("score", 0.1).meta("note", "a \"quoted\", comma").build());
    events.add(ProgressEvent.builder().id("empty").user(userId).time("s2", 15)
        .at(Workload.START.plusSeconds(7200)).build());
    return events.toArray(ProgressEvent[]::new);
  }

  private static long[] seqs(int n) {
    long[] seqs = new long[n];
    Arrays.setAll(seqs, i -> i);
    return seqs;
  }

  @Test
  void rawBatchAndCopy_writeTheStoresEventRows() throws Exception {
    ProgressTracker tracker = ProgressTracker.builder().store(JdbiProgressStore.create(db.jdbi)).build();
    ProgressEvent[] stored = events("store");
    assertThat(tracker.trackAll(Arrays.asList(stored)).accepted()).isEqualTo(stored.length);

    RawEvents raw = RawEvents.of(db.pool);
    ProgressEvent[] batch = events("batch");
    ProgressEvent[] copied = events("copy");
    try (Connection c = db.pool.getConnection()) {
      raw.batchInsert(c, batch, seqs(batch.length), 1);
    }
    try (Connection c = db.pool.getConnection()) {
      assertThat(raw.copy(c, copied, seqs(copied.length), 1)).isEqualTo(copied.length);
    }

    List<Map<String, Object>> storeRows = rows("store");
    assertThat(storeRows).hasSize(stored.length);
    assertThat(storeRows.get(0).keySet()).contains("seq", "version", "event_id", "occurred_at_ns", "metadata");
    assertThat(storeRows.get(100)).containsEntry("occurred_at_ns", 891).containsEntry("event_id", "nanos");
    assertThat(storeRows.get(101)).containsEntry("metadata", null);
    assertThat(rows("batch")).isEqualTo(storeRows);
    assertThat(rows("copy")).isEqualTo(storeRows);
  }

  @Test
  void rawEvents_followTheSchemasSurrogateKey() throws Exception {
    boolean hasId;
    try (Connection c = db.pool.getConnection()) {
      hasId = RawEvents.columns(c, "progress_events").containsKey("id");
    }
    RawEvents raw = RawEvents.of(db.pool);
    assertThat(raw.ids).isEqualTo(hasId);
    assertThat(raw.insert.startsWith("INSERT INTO progress_events (id, ")).isEqualTo(hasId);
    assertThat(raw.copy.startsWith("COPY progress_events (id, ")).isEqualTo(hasId);
  }

  /**
   * After the natural-key migration (events keyed by {@code (user_id, seq)}, snapshots by user, level, subject
   * and version, no UUID columns) the raw baselines write the rows of that shape, and their own table of latest
   * figures ({@code raw_current}, P4 and P5) holds each key's latest history row under the key. The database is
   * brought to that shape by hand when the installed schema is still V1.
   */
  @Test
  void rawBaselines_followTheNaturalKeySchema() throws Exception {
    try (Postgres.Database natural = Postgres.create("natural")) {
      natural.jdbi.useHandle(h -> {
        if (h.createQuery("SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()"
            + " AND table_name = 'progress_events' AND column_name = 'id'").mapTo(Long.class).one() > 0) {
          h.execute("ALTER TABLE progress_events DROP COLUMN id, DROP CONSTRAINT progress_events_seq_uk,"
              + " ADD CONSTRAINT progress_events_pk PRIMARY KEY (user_id, seq)");
          h.execute("ALTER TABLE progress_snapshots DROP COLUMN id, DROP CONSTRAINT progress_snapshots_key_uk,"
              + " ADD CONSTRAINT progress_snapshots_pk PRIMARY KEY (user_id, level, subject_id, version)");
        }
      });
      RawEvents raw = RawEvents.of(natural.pool);
      assertThat(raw.ids).isFalse();
      ProgressEvent[] events = events("natural");
      try (Connection c = natural.pool.getConnection()) {
        raw.batchInsert(c, Arrays.copyOf(events, 50), seqs(50), 1);
      }
      long[] rest = new long[events.length - 50];
      Arrays.setAll(rest, i -> 50 + i);
      try (Connection c = natural.pool.getConnection()) {
        assertThat(raw.copy(c, Arrays.copyOfRange(events, 50, events.length), rest, 2)).isEqualTo(rest.length);
      }
      assertThat(rows("natural", natural)).hasSize(events.length);

      natural.jdbi.useHandle(h -> {
        h.execute("INSERT INTO progress_snapshots (user_id, level, subject_id, version, goal_id, total, components,"
            + " rules_version, recorded_at) VALUES ('natural', 'space', 's1', 0, 'g0', 10, '[]', 'r', now())");
        h.execute("INSERT INTO progress_snapshots (user_id, level, subject_id, version, goal_id, total, components,"
            + " rules_version, recorded_at) VALUES ('natural', 'space', 's1', 1, 'g0', 40, '[]', 'r', now())");
      });
      try (Connection c = natural.pool.getConnection()) {
        StoredRows.createLatestFigures(c, "raw_current");
        StoredRows current = StoredRows.read(c, "raw_current", "user_id = ?", "subject_id", "natural");
        assertThat(current.size()).isEqualTo(1);
        assertThat(current.copy(0)[current.require("total")]).isEqualTo(40.0);
        assertThat(current.index("id")).isEqualTo(-1);
        Object[] row = current.copy(0);
        row[current.require("version")] = 2L;
        row[current.require("total")] = 55.0;
        try (PreparedStatement ps = c.prepareStatement(current.upsert("user_id", "level", "subject_id"))) {
          current.bind(ps, row);
          assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        StoredRows snapshots = StoredRows.read(c, "progress_snapshots", "user_id = ?", "version", "natural");
        assertThat(snapshots.index("id")).isEqualTo(-1);
        Object[] next = snapshots.copy(0);
        next[snapshots.require("version")] = 2L;
        try (PreparedStatement ps = c.prepareStatement(snapshots.insert())) {
          snapshots.bind(ps, next);
          ps.addBatch();
          ps.executeBatch();
        }
      }
      String current = natural.jdbi.withHandle(h -> h.createQuery(
          "SELECT version || ':' || total FROM raw_current WHERE user_id = 'natural'").mapTo(String.class).one());
      assertThat(current).isEqualTo("2:55");
      long history = natural.jdbi.withHandle(h -> h.createQuery(
          "SELECT count(*) FROM progress_snapshots WHERE user_id = 'natural'").mapTo(Long.class).one());
      assertThat(history).isEqualTo(3L);
    }
  }

  private static List<Map<String, Object>> rows(String userId) throws Exception {
    return rows(userId, db);
  }

  /** Every column of the user's event rows but {@link #OWN}, in log order; JSON as text. */
  private static List<Map<String, Object>> rows(String userId, Postgres.Database db) throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection c = db.pool.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT * FROM progress_events WHERE user_id = ? ORDER BY seq")) {
      ps.setString(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            String column = meta.getColumnName(i);
            if (!OWN.contains(column)) {
              Object value = rs.getObject(i);
              row.put(column, value instanceof Number n && !(value instanceof Double) ? n.intValue()
                  : value == null ? null : value instanceof Double ? value : value.toString());
            }
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }
}
