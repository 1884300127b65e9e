package dev.progress.jdbc;

import static java.util.Objects.requireNonNull;

import dev.progress.core.EventType;
import dev.progress.core.Level;
import dev.progress.core.Progress;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressKey;
import dev.progress.core.StoreException;
import dev.progress.core.spi.ChangedKeys;
import dev.progress.core.spi.ProgressStore;
import dev.progress.core.spi.Snapshot;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.TreeMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Update;

/**
 * A {@link ProgressStore} in PostgreSQL or H2, over a {@link Jdbi} (or {@link DataSource}) the application owns.
 * The tables come from {@link ProgressSchema#install} or from the Flyway migrations shipped in
 * {@code db/migration/postgresql} and {@code db/migration/h2}.
 *
 * <p>Every write of a user runs in one database transaction that first locks the user's row in
 * {@code progress_users} ({@code SELECT ... FOR UPDATE}), so the writers of one user are serialized across all
 * connections and processes, while different users proceed in parallel. Each transaction touches one user's rows
 * only, and every key starts with {@code user_id}, so the schema can be distributed by {@code user_id} (Citus).
 * Database failures surface as {@link StoreException} and leave nothing of the failed unit behind.
 *
 * <p>Safe for concurrent use.
 */
public final class JdbiProgressStore implements ProgressStore {
  private static final int REPLAY_FETCH_SIZE = 500;

  private static final String EVENT_COLUMNS =
      "event_id, space_id, goal_id, item_id, event_type, event_value, occurred_at, occurred_at_ns, metadata";
  private static final String SNAPSHOT_COLUMNS =
      "level, subject_id, goal_id, total, components, rules_version, recorded_at, recorded_at_ns";

  /**
   * The whole append in one statement and one round trip: the events, the snapshots' history rows, the
   * current rows and the user's new version, each set passed as arrays and unnested (fixed SQL whatever the
   * batch size, so the server keeps one prepared plan). Empty arrays insert nothing.
   */
  private static final String PG_APPEND = """
      WITH new_events AS (
        INSERT INTO progress_events (user_id, seq, version, event_id, space_id, goal_id, item_id, event_type,
                                     event_value, occurred_at, occurred_at_ns, metadata)
        SELECT :user_id, :first_seq + e.ord - 1, :version, e.event_id, e.space_id, e.goal_id, e.item_id,
               e.event_type, e.event_value, e.occurred_at::timestamptz, e.occurred_at_ns, e.metadata::jsonb
        FROM unnest(:e_event_ids, :e_spaces, :e_goals, :e_items, :e_types, :e_values, :e_occurred, :e_ns,
                    :e_metadata)
             WITH ORDINALITY AS e(event_id, space_id, goal_id, item_id, event_type, event_value, occurred_at,
                                  occurred_at_ns, metadata, ord)
      ), s AS (
        SELECT u.level, u.subject_id, u.goal_id, u.total, u.components::jsonb AS components,
               u.rules_version, u.recorded_at::timestamptz AS recorded_at, u.recorded_at_ns
        FROM unnest(:s_levels, :s_subjects, :s_goals, :s_totals, :s_components, :s_rules, :s_recorded, :s_ns)
             AS u(level, subject_id, goal_id, total, components, rules_version, recorded_at, recorded_at_ns)
      ), history AS (
        INSERT INTO progress_snapshots (user_id, level, subject_id, version, goal_id, total, components,
                                        rules_version, recorded_at, recorded_at_ns)
        SELECT :user_id, level, subject_id, :version, goal_id, total, components, rules_version, recorded_at,
               recorded_at_ns
        FROM s
      ), current_rows AS (
        INSERT INTO progress_current (user_id, level, subject_id, version, goal_id, total, components,
                                      rules_version, recorded_at, recorded_at_ns)
        SELECT :user_id, level, subject_id, :version, goal_id, total, components, rules_version, recorded_at,
               recorded_at_ns
        FROM s
        ON CONFLICT (user_id, level, subject_id) DO UPDATE SET
          version = EXCLUDED.version, goal_id = EXCLUDED.goal_id,
          total = EXCLUDED.total, components = EXCLUDED.components, rules_version = EXCLUDED.rules_version,
          recorded_at = EXCLUDED.recorded_at, recorded_at_ns = EXCLUDED.recorded_at_ns
      )
      UPDATE progress_users SET version = :version, event_count = :event_count, updated_at = now()
      WHERE user_id = :user_id""";

  private static final String H2_INSERT_EVENT = """
      INSERT INTO progress_events (user_id, seq, version, event_id, space_id, goal_id, item_id, event_type,
                                   event_value, occurred_at, occurred_at_ns, metadata)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FORMAT JSON)""";

  private static final String H2_INSERT_SNAPSHOT = """
      INSERT INTO progress_snapshots (user_id, level, subject_id, version, goal_id, total, components,
                                      rules_version, recorded_at, recorded_at_ns)
      VALUES (?, ?, ?, ?, ?, ?, ? FORMAT JSON, ?, ?, ?)""";

  private static final String H2_MERGE_CURRENT = """
      MERGE INTO progress_current (user_id, level, subject_id, version, goal_id, total, components,
                                   rules_version, recorded_at, recorded_at_ns)
      KEY (user_id, level, subject_id)
      VALUES (?, ?, ?, ?, ?, ?, ? FORMAT JSON, ?, ?, ?)""";

  private final Jdbi jdbi;
  private final Dialect dialect;
  private final JsonCodec json = new JsonCodec();

  private JdbiProgressStore(Jdbi jdbi, Dialect dialect) {
    this.jdbi = jdbi;
    this.dialect = dialect;
  }

  /**
   * A store over the caller's {@link Jdbi}; opens one connection to tell PostgreSQL from H2. The tables must
   * exist ({@link ProgressSchema#install}).
   *
   * @throws StoreException when no connection can be opened
   * @throws IllegalArgumentException when the database is neither PostgreSQL nor H2
   */
  public static JdbiProgressStore create(Jdbi jdbi) {
    requireNonNull(jdbi, "jdbi");
    try {
      return new JdbiProgressStore(jdbi, jdbi.withHandle(h -> Dialect.of(h.getConnection())));
    } catch (JdbiException | SQLException e) {
      throw new StoreException("cannot open a connection to detect the database: " + Failures.describe(e), e);
    }
  }

  /** {@link #create(Jdbi)} over a {@link DataSource} the caller owns (and pools). */
  public static JdbiProgressStore create(DataSource dataSource) {
    return create(Jdbi.create(requireNonNull(dataSource, "dataSource")));
  }

  @Override
  public <R, X extends Exception> R inTransaction(String userId, UserCallback<R, X> work) throws X {
    requireNonNull(userId, "userId");
    requireNonNull(work, "work");
    try {
      return jdbi.inTransaction(handle -> {
        Unit unit = new Unit(handle, userId);
        try {
          return work.run(unit);
        } finally {
          unit.open = false;
        }
      });
    } catch (JdbiException e) {
      throw new StoreException("store transaction for user '" + userId + "' failed: " + Failures.describe(e), e);
    }
  }

  @Override
  public Optional<Snapshot> snapshot(ProgressKey key) {
    requireNonNull(key, "key");
    return read("snapshot of " + key, h -> h.createQuery("SELECT " + SNAPSHOT_COLUMNS
            + " FROM progress_current WHERE user_id = :user_id AND level = :level AND subject_id = :subject_id")
        .bind("user_id", key.userId())
        .bind("level", key.level().jsonName())
        .bind("subject_id", key.id())
        .map((rs, ctx) -> mapSnapshot(rs, key.userId()))
        .findOne());
  }

  @Override
  public List<Snapshot> snapshots(String userId) {
    requireNonNull(userId, "userId");
    return read("snapshots of user '" + userId + "'", h -> h.createQuery("SELECT " + SNAPSHOT_COLUMNS
            + " FROM progress_current WHERE user_id = :user_id ORDER BY level, subject_id")
        .bind("user_id", userId)
        .map((rs, ctx) -> mapSnapshot(rs, userId))
        .list());
  }

  @Override
  public List<Snapshot> history(ProgressKey key) {
    requireNonNull(key, "key");
    return read("history of " + key, h -> h.createQuery("SELECT " + SNAPSHOT_COLUMNS
            + " FROM progress_snapshots WHERE user_id = :user_id AND level = :level AND subject_id = :subject_id"
            + " ORDER BY version")
        .bind("user_id", key.userId())
        .bind("level", key.level().jsonName())
        .bind("subject_id", key.id())
        .map((rs, ctx) -> mapSnapshot(rs, key.userId()))
        .list());
  }

  /** Read from {@code progress_users}, never from the event log; sorted in Java's string order. */
  @Override
  public List<String> users() {
    List<String> users = new ArrayList<>(read("users", h -> h.createQuery(
            "SELECT user_id FROM progress_users WHERE event_count > 0")
        .mapTo(String.class)
        .list()));
    users.sort(null);
    return users;
  }

  /** One primary-key read of {@code progress_users}, no lock; 0 for a user without a row. */
  @Override
  public long version(String userId) {
    requireNonNull(userId, "userId");
    return read("version of user '" + userId + "'", h -> h.createQuery(
            "SELECT version FROM progress_users WHERE user_id = :user_id")
        .bind("user_id", userId)
        .mapTo(Long.class)
        .findOne()
        .orElse(0L));
  }

  @Override
  public Map<String, Long> eventCounts() {
    Map<String, Long> counts = new TreeMap<>();
    read("event counts", h -> h.createQuery(
            "SELECT user_id, event_count FROM progress_users WHERE event_count > 0")
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
        .list())
        .forEach(e -> counts.put(e.getKey(), e.getValue()));
    return counts;
  }

  /**
   * Streams the user's committed events in a read-only transaction that locks nothing (no {@code FOR UPDATE}),
   * with a fetch size, so memory does not grow with the user's events and writers are never blocked.
   */
  @Override
  public void replay(String userId, Consumer<ProgressEvent> sink) {
    requireNonNull(userId, "userId");
    requireNonNull(sink, "sink");
    try {
      jdbi.useHandle(h -> {
        h.setReadOnly(true); // a pool may hand the connection out again as it was: set it back below
        try {
          h.useTransaction(tx -> tx.createQuery(
                  "SELECT " + EVENT_COLUMNS + " FROM progress_events WHERE user_id = :user_id ORDER BY seq")
              .bind("user_id", userId)
              .setFetchSize(REPLAY_FETCH_SIZE)
              .map((rs, ctx) -> mapEvent(rs, userId))
              .useIterator(events -> events.forEachRemaining(sink)));
        } finally {
          h.setReadOnly(false);
        }
      });
    } catch (JdbiException e) {
      throw new StoreException("reading the events of user '" + userId + "' failed: " + Failures.describe(e), e);
    }
  }

  private <T> T read(String what, org.jdbi.v3.core.HandleCallback<T, RuntimeException> query) {
    try {
      return jdbi.withHandle(query);
    } catch (JdbiException e) {
      throw new StoreException("reading the " + what + " failed: " + Failures.describe(e), e);
    }
  }

  private Snapshot mapSnapshot(ResultSet rs, String userId) throws SQLException {
    Level level = Level.valueOf(rs.getString("level").toUpperCase(Locale.ROOT));
    ProgressKey key = new ProgressKey(userId, level, rs.getString("subject_id"));
    Progress progress = new Progress(key, rs.getString("goal_id"), rs.getDouble("total"),
        json.readComponents(rs.getString("components")));
    Instant recordedAt = Instants.join(rs.getObject("recorded_at", OffsetDateTime.class), rs.getShort("recorded_at_ns"));
    return new Snapshot(progress, rs.getString("rules_version"), recordedAt);
  }

  private ProgressEvent mapEvent(ResultSet rs, String userId) throws SQLException {
    return new ProgressEvent(
        rs.getString("event_id"),
        userId,
        rs.getString("space_id"),
        rs.getString("goal_id"),
        rs.getString("item_id"),
        EventType.of(rs.getString("event_type")),
        rs.getDouble("event_value"),
        Instants.join(rs.getObject("occurred_at", OffsetDateTime.class), rs.getShort("occurred_at_ns")),
        json.readMetadata(rs.getString("metadata")));
  }

  /** One user's locked row and the writes of one transaction. Confined to the thread running the work. */
  private final class Unit implements UserTransaction {
    private final Handle handle;
    private final String userId;
    private long version;
    private long eventCount;
    boolean open = true;
    private boolean appended;

    Unit(Handle handle, String userId) {
      this.handle = handle;
      this.userId = userId;
      long[] row = lockUser().orElseGet(() -> {
        createUser();
        return lockUser().orElseThrow(() -> new IllegalStateException("user row of '" + userId + "' vanished"));
      });
      this.version = row[0];
      this.eventCount = row[1];
    }

    private Optional<long[]> lockUser() {
      return handle.createQuery("SELECT version, event_count FROM progress_users WHERE user_id = :user_id FOR UPDATE")
          .bind("user_id", userId)
          .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
          .findOne();
    }

    private void createUser() {
      if (dialect == Dialect.POSTGRESQL) {
        handle.createUpdate("INSERT INTO progress_users (user_id) VALUES (:user_id) ON CONFLICT (user_id) DO NOTHING")
            .bind("user_id", userId)
            .execute();
        return;
      }
      try {
        handle.createUpdate("MERGE INTO progress_users (user_id) KEY (user_id) VALUES (:user_id)")
            .bind("user_id", userId)
            .execute();
      } catch (JdbiException e) {
        // Another transaction created the row first; H2 keeps this transaction usable, and the lock that
        // follows waits for that one to commit.
        if (!(e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState()))) {
          throw e;
        }
      }
    }

    @Override
    public String userId() {
      return userId;
    }

    @Override
    public long version() {
      checkOpen();
      return version;
    }

    @Override
    public void replay(Consumer<ProgressEvent> sink) {
      requireNonNull(sink, "sink");
      checkOpen();
      handle.createQuery("SELECT " + EVENT_COLUMNS + " FROM progress_events WHERE user_id = :user_id ORDER BY seq")
          .bind("user_id", userId)
          .setFetchSize(REPLAY_FETCH_SIZE)
          .map((rs, ctx) -> mapEvent(rs, userId))
          .useIterator(events -> events.forEachRemaining(sink));
    }

    @Override
    public long append(List<ProgressEvent> events, ChangedKeys changed) {
      requireNonNull(events, "events");
      requireNonNull(changed, "changed");
      checkOpen();
      if (appended) {
        throw new IllegalStateException("append was already called in this unit of user '" + userId + "'");
      }
      appended = true;
      for (ProgressEvent e : events) {
        if (!e.userId().equals(userId)) {
          throw new IllegalArgumentException(
              "event '" + e.id() + "' belongs to user '" + e.userId() + "', not to '" + userId + "'");
        }
      }
      List<Snapshot> latest = snapshotsOf(changed);
      long next = version + 1;
      try {
        if (dialect == Dialect.POSTGRESQL) {
          appendPostgres(events, latest, next);
        } else {
          if (!events.isEmpty()) {
            insertEventsH2(events, next);
          }
          if (!latest.isEmpty()) {
            writeSnapshotsH2(latest, next);
          }
          handle.createUpdate("UPDATE progress_users SET version = :version, event_count = :event_count,"
                  + " updated_at = CURRENT_TIMESTAMP WHERE user_id = :user_id")
              .bind("version", next)
              .bind("event_count", eventCount + events.size())
              .bind("user_id", userId)
              .execute();
        }
      } catch (JdbiException e) {
        throw new StoreException("appending " + events.size() + " events and " + latest.size()
            + " snapshots for user '" + userId + "' failed: " + Failures.describe(e), e);
      }
      version = next;
      eventCount += events.size();
      return next;
    }

    /** The unit's figures as snapshots, each of this user (the view names each key once). */
    private List<Snapshot> snapshotsOf(ChangedKeys changed) {
      List<Snapshot> snapshots = new ArrayList<>(changed.size());
      for (int i = 0; i < changed.size(); i++) {
        ProgressKey key = changed.key(i);
        if (!key.userId().equals(userId)) {
          throw new IllegalArgumentException("figure of " + key + " belongs to another user than '" + userId + "'");
        }
        snapshots.add(changed.snapshot(i));
      }
      return snapshots;
    }

    private void appendPostgres(List<ProgressEvent> events, List<Snapshot> snapshots, long newVersion) {
      int n = events.size();
      String[] eventIds = new String[n];
      String[] spaces = new String[n];
      String[] goals = new String[n];
      String[] items = new String[n];
      String[] types = new String[n];
      Double[] values = new Double[n];
      String[] occurred = new String[n];
      Short[] nanos = new Short[n];
      String[] metadata = new String[n];
      for (int i = 0; i < n; i++) {
        ProgressEvent e = events.get(i);
        eventIds[i] = e.id();
        spaces[i] = e.spaceId();
        goals[i] = e.goalId();
        items[i] = e.itemId();
        types[i] = e.type().name();
        values[i] = e.value();
        occurred[i] = Instants.micros(e.timestamp()).toString();
        nanos[i] = Instants.extraNanos(e.timestamp());
        metadata[i] = json.writeMetadata(e.metadata());
      }
      int m = snapshots.size();
      String[] levels = new String[m];
      String[] subjects = new String[m];
      String[] snapshotGoals = new String[m];
      Double[] totals = new Double[m];
      String[] components = new String[m];
      String[] rules = new String[m];
      String[] recorded = new String[m];
      Short[] recordedNanos = new Short[m];
      for (int i = 0; i < m; i++) {
        Snapshot s = snapshots.get(i);
        Progress p = s.progress();
        levels[i] = p.key().level().jsonName();
        subjects[i] = p.key().id();
        snapshotGoals[i] = p.goalId();
        totals[i] = p.total();
        components[i] = json.writeComponents(p.components());
        rules[i] = s.rulesVersion();
        recorded[i] = Instants.micros(s.recordedAt()).toString();
        recordedNanos[i] = Instants.extraNanos(s.recordedAt());
      }
      Update append = handle.createUpdate(PG_APPEND);
      registerPostgresArrayTypes(append);
      append.bind("user_id", userId)
          .bind("first_seq", eventCount)
          .bind("version", newVersion)
          .bind("event_count", eventCount + n)
          .bindArray("e_event_ids", String.class, (Object[]) eventIds)
          .bindArray("e_spaces", String.class, (Object[]) spaces)
          .bindArray("e_goals", String.class, (Object[]) goals)
          .bindArray("e_items", String.class, (Object[]) items)
          .bindArray("e_types", String.class, (Object[]) types)
          .bindArray("e_values", Double.class, (Object[]) values)
          .bindArray("e_occurred", String.class, (Object[]) occurred)
          .bindArray("e_ns", Short.class, (Object[]) nanos)
          .bindArray("e_metadata", String.class, (Object[]) metadata)
          .bindArray("s_levels", String.class, (Object[]) levels)
          .bindArray("s_subjects", String.class, (Object[]) subjects)
          .bindArray("s_goals", String.class, (Object[]) snapshotGoals)
          .bindArray("s_totals", Double.class, (Object[]) totals)
          .bindArray("s_components", String.class, (Object[]) components)
          .bindArray("s_rules", String.class, (Object[]) rules)
          .bindArray("s_recorded", String.class, (Object[]) recorded)
          .bindArray("s_ns", Short.class, (Object[]) recordedNanos)
          .execute();
    }

    private void registerPostgresArrayTypes(Update update) {
      update.registerArrayType(String.class, "text");
      update.registerArrayType(Double.class, "float8");
      update.registerArrayType(Short.class, "int2");
    }

    private void insertEventsH2(List<ProgressEvent> events, long newVersion) {
      PreparedBatch batch = handle.prepareBatch(H2_INSERT_EVENT);
      long seq = eventCount;
      for (ProgressEvent e : events) {
        batch.bind(0, userId)
            .bind(1, seq++)
            .bind(2, newVersion)
            .bind(3, e.id())
            .bind(4, e.spaceId())
            .bind(5, e.goalId())
            .bind(6, e.itemId())
            .bind(7, e.type().name())
            .bind(8, e.value())
            .bind(9, Instants.micros(e.timestamp()))
            .bind(10, Instants.extraNanos(e.timestamp()))
            .bind(11, json.writeMetadata(e.metadata()))
            .add();
      }
      batch.execute();
    }

    private void writeSnapshotsH2(List<Snapshot> snapshots, long newVersion) {
      PreparedBatch history = handle.prepareBatch(H2_INSERT_SNAPSHOT);
      PreparedBatch current = handle.prepareBatch(H2_MERGE_CURRENT);
      for (Snapshot s : snapshots) {
        Progress p = s.progress();
        String components = json.writeComponents(p.components());
        for (PreparedBatch batch : List.of(history, current)) {
          batch.bind(0, userId).bind(1, p.key().level().jsonName()).bind(2, p.key().id())
              .bind(3, newVersion).bind(4, p.goalId()).bind(5, p.total()).bind(6, components)
              .bind(7, s.rulesVersion()).bind(8, Instants.micros(s.recordedAt()))
              .bind(9, Instants.extraNanos(s.recordedAt()))
              .add();
        }
      }
      history.execute();
      current.execute();
    }

    private void checkOpen() {
      if (!open) {
        throw new IllegalStateException("the stored user '" + userId + "' was used after its transaction ended");
      }
    }
  }
}
