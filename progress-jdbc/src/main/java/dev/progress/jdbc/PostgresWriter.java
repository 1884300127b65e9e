package dev.progress.jdbc;

import dev.progress.core.ProgressEvent;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL's writes: the user's row locked with {@code FOR UPDATE} (created by an {@code INSERT ... ON CONFLICT
 * DO NOTHING} that returns it when it is new), and a unit's rows in one statement and one round trip; a batch's
 * events streamed through one binary COPY as its units come ({@link #batchAppend}), its figures and users in one
 * statement after. Stateless and safe for concurrent use.
 */
final class PostgresWriter implements SqlWriter {
  /** Up to this many events of a user, a unit's ids are looked up in one pass over the user's rows. */
  static final int SCAN_EVENTS = 8192;
  /** The lookup's first line, the same whatever the shape: the user's rows. */
  static final String FIND_EVENTS = "SELECT " + StoredEvents.COLUMNS + " FROM progress_events p WHERE p.user_id = ?";
  /**
   * One id: a probe of the unique key (user_id, event_id). In a table too young for statistics the planner may
   * walk the user's rows through the other key instead: at most the few thousand rows such a table holds.
   */
  private static final String FIND_ONE = FIND_EVENTS + "\nAND p.event_id = ?";
  /**
   * Many ids: one shape or the other by the user's event count, read in the statement (PostgreSQL runs only the
   * branch whose condition holds). Up to {@value #SCAN_EVENTS} events, the user's rows against the ids in one
   * pass, the ids hashed (planned with their values: a generic plan searched the array for every row). Beyond, a
   * probe of the unique key per id, a nested loop whatever the statistics say. Neither shape alone is safe: in a
   * table too young for statistics the planner probed through the other key, walking all the user's rows for
   * each id (a second per unit of 1,000 ids at 3,000 events), and with the ids as an {@code IN} list of
   * parameters it compared every row of the user with every id.
   */
  static final String FIND_MANY = FIND_EVENTS + "\nAND p.event_id = ANY(?::varchar[])"
      + " AND (SELECT event_count FROM progress_users WHERE user_id = ?) <= " + SCAN_EVENTS
      + " UNION ALL SELECT e.* FROM unnest(?::varchar[]) AS f(id) CROSS JOIN LATERAL (SELECT " + StoredEvents.COLUMNS
      + " FROM progress_events q WHERE q.user_id = ? AND q.event_id = f.id LIMIT 1) e"
      + " WHERE (SELECT event_count FROM progress_users WHERE user_id = ?) > " + SCAN_EVENTS;

  @Override
  public PreparedStatement findEvents(Connection connection, String userId, List<String> ids) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(ids.size() == 1 ? FIND_ONE : FIND_MANY);
    try {
      if (ids.size() == 1) {
        statement.setString(1, userId);
        statement.setString(2, ids.get(0));
      } else {
        EventCopy.planWithValues(statement); // the pass over a user's rows hashes the ids
        bindMany(connection, statement, userId, ids);
      }
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  /** Binds {@link #FIND_MANY}'s parameters (or those of a statement that starts with it). */
  static void bindMany(Connection connection, PreparedStatement statement, String userId, List<String> ids)
      throws SQLException {
    Array array = connection.createArrayOf("varchar", ids.toArray());
    statement.setString(1, userId);
    statement.setArray(2, array);
    statement.setString(3, userId);
    statement.setArray(4, array);
    statement.setString(5, userId);
    statement.setString(6, userId);
  }


  private static final String LOCK =
      "SELECT version, event_count FROM progress_users WHERE user_id = ? FOR UPDATE";

  private static final String CREATE = "INSERT INTO progress_users (user_id) VALUES (?)"
      + " ON CONFLICT (user_id) DO NOTHING RETURNING version, event_count";

  /** Creates the missing rows of users, in the order given (no lock taken on the rows that exist). */
  private static final String CREATE_ALL = """
      INSERT INTO progress_users (user_id)
      SELECT t.user_id FROM unnest(?::text[]) WITH ORDINALITY AS t(user_id, ord) ORDER BY t.ord
      ON CONFLICT (user_id) DO NOTHING""";

  /** Locks the rows of users in the order given: the row locks are taken above the sort. */
  private static final String LOCK_ALL = """
      SELECT p.version, p.event_count
      FROM unnest(?::text[]) WITH ORDINALITY AS t(user_id, ord) JOIN progress_users p ON p.user_id = t.user_id
      ORDER BY t.ord
      FOR UPDATE OF p""";

  /**
   * The end of both appends' {@code WITH}: the snapshot rows of CTE {@code s} written as history rows. A key's
   * current figure is its history row of the highest version (schema version 4): nothing else is written.
   */
  private static final String SNAPSHOT_WRITES = """
      history AS (
        INSERT INTO progress_snapshots (user_id, level, subject_id, version, goal_id, total, components,
                                        rules_version, recorded_at, recorded_at_ns)
        SELECT user_id, level, subject_id, version, goal_id, total, components, rules_version, recorded_at,
               recorded_at_ns
        FROM s
      )""";

  /** The snapshot rows of a locked append, cast once. */
  private static final String SNAPSHOT_ROWS = """
      s AS (
        SELECT u.user_id, u.level, u.subject_id, u.version, u.goal_id, u.total, u.components::json AS components,
               u.rules_version, u.recorded_at::timestamptz AS recorded_at, u.recorded_at_ns
        FROM unnest(?::text[], ?::text[], ?::text[], ?::int8[], ?::text[], ?::float8[], ?::text[], ?::text[],
                    ?::text[], ?::int2[])
             AS u(user_id, level, subject_id, version, goal_id, total, components, rules_version, recorded_at,
                  recorded_at_ns)
      ), """;

  /** The end of a locked append: each user's new version and event count. */
  private static final String USERS_UPDATE = """
      UPDATE progress_users p SET version = n.version, event_count = n.event_count, updated_at = now()
      FROM unnest(?::text[], ?::int8[], ?::int8[]) AS n(user_id, version, event_count)
      WHERE p.user_id = n.user_id""";

  /**
   * The whole append in one statement: the events, the snapshots' history rows and each user's new version, each
   * set passed as arrays (one element per row) and unnested, so the SQL is the same whatever the number of rows
   * and users and the server keeps one plan. Empty arrays insert nothing. An append of {@link #COPY_EVENTS} events
   * or more sends them by COPY and the rest by {@link #APPEND_SNAPSHOTS} instead.
   */
  static final String APPEND = """
      WITH new_events AS (
        INSERT INTO progress_events (user_id, seq, version, event_id, space_id, goal_id, item_id, event_type,
                                     event_value, occurred_at, occurred_at_ns, metadata)
        SELECT e.user_id, e.seq, e.version, e.event_id, e.space_id, e.goal_id, e.item_id, e.event_type,
               e.event_value, e.occurred_at::timestamptz, e.occurred_at_ns, e.metadata::jsonb
        FROM unnest(?::text[], ?::int8[], ?::int8[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                    ?::float8[], ?::text[], ?::int2[], ?::text[])
             AS e(user_id, seq, version, event_id, space_id, goal_id, item_id, event_type, event_value,
                  occurred_at, occurred_at_ns, metadata)
      ), """ + SNAPSHOT_ROWS + SNAPSHOT_WRITES + USERS_UPDATE;

  /** {@link #APPEND} without its events, which a batch COPYs before it in the same transaction. */
  static final String APPEND_SNAPSHOTS = "WITH " + SNAPSHOT_ROWS + SNAPSHOT_WRITES + USERS_UPDATE;

  /**
   * An append that holds only at the expected version, in one autocommit statement. {@code u} locks the user's
   * row only if it is at that version (a writer that committed meanwhile leaves it out, after PostgreSQL
   * rechecks the condition on the row it waited for); everything else joins {@code u}, so nothing is written
   * without it; the statement returns the row's new event count, or no row when the version did not hold.
   */
  static final String APPEND_IF_VERSION = """
      WITH u AS (
        SELECT user_id, event_count FROM progress_users WHERE user_id = ? AND version = ? FOR UPDATE
      ), unit AS (
        SELECT ?::int8 AS version, ?::text AS rules_version, ?::timestamptz AS recorded_at, ?::int2 AS recorded_at_ns
      ), new_events AS (
        INSERT INTO progress_events (user_id, seq, version, event_id, space_id, goal_id, item_id, event_type,
                                     event_value, occurred_at, occurred_at_ns, metadata)
        SELECT u.user_id, u.event_count + e.ord - 1, unit.version, e.event_id, e.space_id, e.goal_id, e.item_id,
               e.event_type, e.event_value, e.occurred_at::timestamptz, e.occurred_at_ns, e.metadata::jsonb
        FROM u, unit, unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::float8[], ?::text[],
                             ?::int2[], ?::text[])
             WITH ORDINALITY AS e(event_id, space_id, goal_id, item_id, event_type, event_value, occurred_at,
                                  occurred_at_ns, metadata, ord)
      ), s AS (
        SELECT u.user_id, k.level, k.subject_id, unit.version, k.goal_id, k.total, k.components::json AS components,
               unit.rules_version, unit.recorded_at, unit.recorded_at_ns
        FROM u, unit, unnest(?::text[], ?::text[], ?::text[], ?::float8[], ?::text[])
             AS k(level, subject_id, goal_id, total, components)
      ), """ + SNAPSHOT_WRITES + """
      UPDATE progress_users p SET version = unit.version, event_count = u.event_count + ?, updated_at = now()
      FROM u, unit
      WHERE p.user_id = u.user_id
      RETURNING p.event_count""";

  /**
   * A key's current figure: its history row of the highest version, one descent of the primary key {@code
   * (user_id, level, subject_id, version)} read backwards, whatever the length of the key's history.
   */
  static final String SELECT_FIGURE = "SELECT " + FIGURE_COLUMNS + " FROM progress_snapshots"
      + " WHERE user_id = ? AND level = ? AND subject_id = ? ORDER BY version DESC LIMIT 1";

  /**
   * A user's current figures, ordered by level and subject: the latest history row of each key, found by
   * skipping from key to key down the primary key (a recursive query, one descent per key, as PostgreSQL has no
   * skip scan of its own), so the read grows with the user's keys, never with their history.
   */
  static final String SELECT_FIGURES = """
      WITH RECURSIVE latest AS (
        (SELECT level, subject_id, %1$s FROM progress_snapshots
         WHERE user_id = ? ORDER BY level DESC, subject_id DESC, version DESC LIMIT 1)
        UNION ALL
        SELECT n.* FROM latest l CROSS JOIN LATERAL (
          SELECT level, subject_id, %1$s FROM progress_snapshots
          WHERE user_id = ? AND (level, subject_id) < (l.level, l.subject_id)
          ORDER BY level DESC, subject_id DESC, version DESC LIMIT 1) AS n
      )
      SELECT level, subject_id, %1$s FROM latest ORDER BY level, subject_id""".formatted(FIGURE_COLUMNS);

  @Override
  public String selectFigure() {
    return SELECT_FIGURE;
  }

  @Override
  public String selectFigures() {
    return SELECT_FIGURES;
  }

  @Override
  public int figuresUserParameters() {
    return 2;
  }

  private final JsonCodec json;

  PostgresWriter(JsonCodec json) {
    this.json = json;
  }

  @Override
  public UserRow lockUser(Connection connection, String userId) throws SQLException {
    UserRow row = userRow(connection, LOCK, userId);
    if (row == null) {
      // New: the insert returns the row it created (locked by this transaction); nothing when another
      // transaction created it meanwhile, whose commit the insert waited for, so the lock below finds it.
      row = userRow(connection, CREATE, userId);
      if (row == null) {
        row = userRow(connection, LOCK, userId);
      }
      if (row == null) {
        throw new SQLException("the row of user '" + userId + "' vanished while it was being locked");
      }
    }
    return row;
  }

  /**
   * One statement when every user has a row: all of them locked in the given order. Otherwise the locks just
   * taken are rolled back (this is the first statement of its transaction), the missing rows are created, and
   * every row is locked: creating before locking keeps one order for all of a batch's waits (an insert waits
   * for another transaction's uncommitted insert of the same user, a lock for its lock), so that two batches
   * never deadlock.
   */
  @Override
  public List<UserRow> lockUsers(Connection connection, List<String> userIds) throws SQLException {
    Array users = connection.createArrayOf("text", userIds.toArray());
    List<UserRow> existing = lockAll(connection, users, userIds.size());
    if (existing.size() == userIds.size()) {
      return existing;
    }
    connection.rollback();
    try (PreparedStatement create = connection.prepareStatement(CREATE_ALL)) {
      create.setArray(1, users);
      create.executeUpdate();
    }
    List<UserRow> rows = lockAll(connection, users, userIds.size());
    if (rows.size() != userIds.size()) {
      throw new SQLException(userIds.size() + " users were to be locked, " + rows.size() + " rows were found");
    }
    return rows;
  }

  /** The rows of those of the users that have one, locked in the given order. */
  private static List<UserRow> lockAll(Connection connection, Array users, int expected) throws SQLException {
    List<UserRow> rows = new ArrayList<>(expected);
    try (PreparedStatement lock = connection.prepareStatement(LOCK_ALL)) {
      lock.setArray(1, users);
      try (ResultSet rs = lock.executeQuery()) {
        while (rs.next()) {
          rows.add(new UserRow(rs.getLong(1), rs.getLong(2)));
        }
      }
    }
    return rows;
  }

  private static @Nullable UserRow userRow(Connection connection, String sql, String userId) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, userId);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? new UserRow(rs.getLong(1), rs.getLong(2)) : null;
      }
    }
  }

  @Override
  public void append(Connection connection, List<UnitRows> units) throws SQLException {
    if (copies(connection, units)) {
      copy(connection, units);
      appendSnapshots(connection, units);
      return;
    }
    write(connection, APPEND, concat(eventArrays(units), snapshotArrays(units)));
  }

  /**
   * From this many events of an append on, they go by a binary COPY ({@link EventCopy}) and the figures by a
   * statement of their own: two more round trips, for less of the server's time than unnesting the events'
   * arrays (measured against a raw COPY of the same 1,000 rows of one user, see BENCHMARKS.md, P3-copy1).
   */
  static final int COPY_EVENTS = 128;

  /** Whether the units' events go by COPY: enough of them, and a connection of pgjdbc's. */
  private static boolean copies(Connection connection, List<UnitRows> units) throws SQLException {
    int events = 0;
    for (UnitRows unit : units) {
      events += unit.events.size();
    }
    return events >= COPY_EVENTS && EventCopy.available(connection);
  }

  /** The units' events, numbered as they are, in one COPY ended before this returns. */
  private void copy(Connection connection, List<UnitRows> units) throws SQLException {
    EventCopy.Stream stream = EventCopy.open(connection, json);
    try {
      for (UnitRows unit : units) {
        if (!unit.events.isEmpty()) {
          stream.write(unit);
        }
      }
      stream.end();
    } finally {
      stream.cancel(); // nothing once ended; a failed COPY is abandoned before the transaction's rollback
    }
  }

  /** The snapshots and users' rows of units whose events are in the transaction already. */
  private void appendSnapshots(Connection connection, List<UnitRows> units) throws SQLException {
    write(connection, APPEND_SNAPSHOTS, snapshotArrays(units));
  }

  private static void write(Connection connection, String sql, Object[][] arrays) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < arrays.length; i++) {
        statement.setArray(i + 1, connection.createArrayOf(arrayType(arrays[i]), arrays[i]));
      }
      statement.executeUpdate();
    }
  }

  private static Object[][] concat(Object[][] a, Object[][] b) {
    Object[][] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  /** The units' event rows as the arrays {@link #APPEND} unnests: each row's user, seq and version, then its event. */
  private Object[][] eventArrays(List<UnitRows> units) {
    int events = 0;
    for (UnitRows unit : units) {
      events += unit.events.size();
    }
    String[] users = new String[events];
    Long[] seqs = new Long[events];
    Long[] versions = new Long[events];
    int e = 0;
    for (UnitRows unit : units) {
      long seq = unit.firstSeq;
      for (int i = 0; i < unit.events.size(); i++) {
        users[e] = unit.userId;
        seqs[e] = seq++;
        versions[e] = unit.version;
        e++;
      }
    }
    return concat(new Object[][] {users, seqs, versions}, eventColumns(units, events));
  }

  /** The events' own columns (id to metadata) as arrays, one element per event, the units' in order. */
  private Object[][] eventColumns(List<UnitRows> units, int events) {
    String[] ids = new String[events];
    String[] spaces = new String[events];
    String[] goals = new String[events];
    String[] items = new String[events];
    String[] types = new String[events];
    Double[] values = new Double[events];
    String[] occurred = new String[events];
    Short[] occurredNanos = new Short[events];
    String[] metadata = new String[events];
    int e = 0;
    for (UnitRows unit : units) {
      for (ProgressEvent event : unit.events) {
        ids[e] = event.id();
        spaces[e] = event.spaceId();
        goals[e] = event.goalId();
        items[e] = event.itemId();
        types[e] = event.type().name();
        values[e] = event.value();
        occurred[e] = Instants.micros(event.timestamp()).toString();
        occurredNanos[e] = Instants.extraNanos(event.timestamp());
        metadata[e] = json.writeMetadata(event.metadata());
        e++;
      }
    }
    return new Object[][] {ids, spaces, goals, items, types, values, occurred, occurredNanos, metadata};
  }

  /** The units' snapshot rows and user rows as the arrays {@link #APPEND_SNAPSHOTS} unnests. */
  private static Object[][] snapshotArrays(List<UnitRows> units) {
    int keys = 0;
    for (UnitRows unit : units) {
      keys += unit.keys();
    }
    String[] keyUsers = new String[keys];
    String[] levels = new String[keys];
    String[] subjects = new String[keys];
    Long[] keyVersions = new Long[keys];
    String[] keyGoals = new String[keys];
    Double[] totals = new Double[keys];
    String[] components = new String[keys];
    String[] rules = new String[keys];
    String[] recorded = new String[keys];
    Short[] recordedNanos = new Short[keys];
    String[] users = new String[units.size()];
    Long[] versions = new Long[units.size()];
    Long[] eventCounts = new Long[units.size()];
    int k = 0;
    for (int u = 0; u < units.size(); u++) {
      UnitRows unit = units.get(u);
      users[u] = unit.userId;
      versions[u] = unit.version;
      eventCounts[u] = unit.eventCount();
      String recordedAt = Instants.micros(unit.recordedAt).toString();
      short recordedAtNanos = Instants.extraNanos(unit.recordedAt);
      for (int i = 0; i < unit.keys(); i++) {
        keyUsers[k] = unit.userId;
        levels[k] = unit.levels[i];
        subjects[k] = unit.subjects[i];
        keyVersions[k] = unit.version;
        keyGoals[k] = unit.goals[i];
        totals[k] = unit.totals[i];
        components[k] = unit.components[i];
        rules[k] = unit.rulesVersion;
        recorded[k] = recordedAt;
        recordedNanos[k] = recordedAtNanos;
        k++;
      }
    }
    return new Object[][] {keyUsers, levels, subjects, keyVersions, keyGoals, totals, components, rules, recorded,
        recordedNanos, users, versions, eventCounts};
  }

  /**
   * A batch's events COPYed ({@link EventCopy}) as its units come, in one COPY kept open between them, so that
   * the server inserts a unit's events while the tracker computes the next; then, at {@link
   * BatchAppend#finish}, the snapshots and users' rows of all units in one statement. A connection that is not
   * pgjdbc's, or a batch whose connection another thread reads from, keeps the units for one {@link #append}.
   */
  @Override
  public BatchAppend batchAppend(Connection connection, boolean connectionShared) {
    try {
      if (!connectionShared && EventCopy.available(connection)) {
        return new CopiedAppends(connection);
      }
    } catch (SQLException e) {
      // the connection cannot tell what it wraps: keep to statements
    }
    return SqlWriter.super.batchAppend(connection, connectionShared);
  }

  /** See {@link #batchAppend}. Used by the batch's thread alone. */
  private final class CopiedAppends implements BatchAppend {
    private final Connection connection;
    private final List<UnitRows> units = new ArrayList<>();
    private EventCopy.@Nullable Stream copy;

    CopiedAppends(Connection connection) {
      this.connection = connection;
    }

    @Override
    public void add(UnitRows unit) throws SQLException {
      units.add(unit);
      if (unit.events.isEmpty()) {
        return;
      }
      EventCopy.Stream stream = copy;
      if (stream == null) {
        stream = EventCopy.open(connection, json);
        copy = stream;
      }
      stream.write(unit);
    }

    @Override
    public void release() throws SQLException {
      EventCopy.Stream stream = copy;
      if (stream != null) {
        copy = null;
        try {
          stream.end();
        } finally {
          stream.cancel();
        }
      }
    }

    @Override
    public void finish() throws SQLException {
      release();
      if (!units.isEmpty()) {
        appendSnapshots(connection, units);
        units.clear();
      }
    }

    @Override
    public void close() {
      EventCopy.Stream stream = copy;
      copy = null;
      if (stream != null) {
        stream.cancel();
      }
      units.clear();
    }
  }

  /**
   * With pgjdbc, a binary COPY of the users' events in the order given ({@link EventCopy#replay}), the users'
   * ids handed over in a setting of the transaction; otherwise {@link SqlWriter#REPLAY_USERS}. Either way no
   * bitmap scans and no sorts until {@link #afterUsersReplay} ({@code SET LOCAL}), so the events are read from
   * the primary key {@code (user_id, seq)} in order. Left to itself, PostgreSQL picks between that and a bitmap
   * scan with a sort of every row by its estimates, and the sort spills to disk past {@code work_mem}: measured,
   * 40,000 rows of 20 users took 9 ms in key order and 53 ms sorted (the generic plan pgjdbc's server-prepared
   * statement gets from its sixth run, and custom plans of some databases' statistics alike).
   */
  @Override
  public StoredEvents.Cursor usersReplay(Connection connection, List<String> users, StoredEvents reader,
      int fetchSize) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(REPLAY_SETTINGS)) {
      statement.setString(1, json.writeStrings(users));
      statement.execute();
    }
    return EventCopy.available(connection) ? EventCopy.replay(connection, reader)
        : SqlWriter.super.usersReplay(connection, users, reader, fetchSize);
  }

  /**
   * The settings of a batch's replay, for the rest of the transaction, in one round trip: the planner's, and the
   * users that {@link EventCopy#REPLAY} reads (a query of them ignores it).
   */
  static final String REPLAY_SETTINGS = "SELECT set_config('enable_bitmapscan', 'off', true),"
      + " set_config('enable_sort', 'off', true), set_config('" + EventCopy.REPLAY_USERS_SETTING + "', ?, true)";

  /**
   * The planner as the session had it, for the rest of the transaction: the batch's append is planned with it,
   * and so is any generic plan a server-prepared statement keeps past the transaction.
   */
  @Override
  public void afterUsersReplay(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET LOCAL enable_bitmapscan TO DEFAULT; SET LOCAL enable_sort TO DEFAULT");
    }
  }

  @Override
  public boolean appendsOptimistically() {
    return true;
  }

  @Override
  public boolean appendIfVersion(Connection connection, UnitRows unit, long expected) throws SQLException {
    if (copies(connection, List.of(unit))) {
      // a transaction of its own: lock the row at the expected version, COPY the events, write the figures
      return connection.getAutoCommit()
          ? ConnectionSource.transaction(connection, c -> copiedIfVersion(c, unit, expected))
          : copiedIfVersion(connection, unit, expected);
    }
    int n = unit.events.size();
    int m = unit.keys();
    Double[] totals = new Double[m];
    for (int i = 0; i < m; i++) {
      totals[i] = unit.totals[i];
    }
    try (PreparedStatement statement = connection.prepareStatement(APPEND_IF_VERSION)) {
      statement.setString(1, unit.userId);
      statement.setLong(2, expected);
      statement.setLong(3, unit.version);
      statement.setString(4, unit.rulesVersion);
      statement.setString(5, Instants.micros(unit.recordedAt).toString());
      statement.setShort(6, Instants.extraNanos(unit.recordedAt));
      Object[][] arrays = concat(eventColumns(List.of(unit), n),
          new Object[][] {unit.levels, unit.subjects, unit.goals, totals, unit.components});
      for (int i = 0; i < arrays.length; i++) {
        statement.setArray(7 + i, connection.createArrayOf(arrayType(arrays[i]), arrays[i]));
      }
      statement.setLong(7 + arrays.length, n);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** {@link #appendIfVersion} of many events, inside a transaction: nothing is written unless the version holds. */
  private boolean copiedIfVersion(Connection connection, UnitRows unit, long expected) throws SQLException {
    UserRow row;
    try (PreparedStatement lock = connection.prepareStatement(LOCK_AT_VERSION)) {
      lock.setString(1, unit.userId);
      lock.setLong(2, expected);
      try (ResultSet rs = lock.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        row = new UserRow(rs.getLong(1), rs.getLong(2));
      }
    }
    List<UnitRows> numbered = List.of(unit.numberedFrom(row.eventCount()));
    copy(connection, numbered);
    appendSnapshots(connection, numbered);
    return true;
  }

  private static final String LOCK_AT_VERSION =
      "SELECT version, event_count FROM progress_users WHERE user_id = ? AND version = ? FOR UPDATE";

  private static String arrayType(Object[] array) {
    return array instanceof Long[] ? "int8" : array instanceof Double[] ? "float8"
        : array instanceof Short[] ? "int2" : "text";
  }
}
