package dev.progress.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements one database needs for the store's writes, run on a connection inside a transaction the store
 * opened. The store decides everything else: which users, in which order, when to commit, which versions and
 * sequence numbers a unit takes. Implementations are stateless and safe for concurrent use.
 */
sealed interface SqlWriter permits PostgresWriter, H2Writer {

  /** A user's row in {@code progress_users}: its committed version and how many events it holds. */
  record UserRow(long version, long eventCount) {}

  static SqlWriter of(Dialect dialect, JsonCodec json) {
    return switch (dialect) {
      case POSTGRESQL -> new PostgresWriter(json);
      case H2 -> new H2Writer(json);
    };
  }

  /**
   * Locks the user's row until the transaction ends ({@code SELECT ... FOR UPDATE}), creating it first when the
   * user has none (a row another transaction creates at the same time is waited for, never a failure).
   */
  UserRow lockUser(Connection connection, String userId) throws SQLException;

  /**
   * Locks the rows of {@code userIds} (distinct, ascending) until the transaction ends, in that order, creating
   * the missing ones first, also in that order: every batch takes its users' locks in one order, so batches never
   * deadlock one another. The first statement of its transaction: a writer may roll back what it did so far.
   *
   * @return the rows, in the order of {@code userIds}
   */
  List<UserRow> lockUsers(Connection connection, List<String> userIds) throws SQLException;

  /**
   * Writes what the units appended: their events, their snapshots as history rows (on H2 also as current rows,
   * replacing the key's earlier one), and each unit's user row's new version and event count. Each unit's user is
   * locked by this transaction; no user appears twice.
   */
  void append(Connection connection, List<UnitRows> units) throws SQLException;

  /**
   * The appends of a batch's units, handed over one unit at a time as the units run, and written by
   * {@link #finish} at the latest; what {@link #append} writes for the same units. Used by the batch's thread
   * alone.
   */
  interface BatchAppend extends AutoCloseable {
    /** The rows of the next unit; a writer may start writing them at once. */
    void add(UnitRows unit) throws SQLException;

    /**
     * Frees the connection for another statement of the transaction (a unit's replay): whatever the writer keeps
     * open on it is completed first. The next {@link #add} may open it again.
     */
    void release() throws SQLException;

    /** Writes whatever the units appended that is not written yet; the batch may commit once this returns. */
    void finish() throws SQLException;

    /** Abandons what is not written, leaving the connection ready for the batch's rollback; never throws. */
    @Override
    void close();
  }

  /**
   * A batch's appender. By default the units are kept and written at {@link BatchAppend#finish} in one
   * {@link #append}.
   *
   * @param connectionShared whether another thread reads on the connection until {@link BatchAppend#finish}
   *     (a rebuild's read-ahead), so that nothing may be written before then
   */
  default BatchAppend batchAppend(Connection connection, boolean connectionShared) {
    return new KeptAppends(this, connection);
  }

  /** Appends kept until the batch finishes, then written in one {@link #append}. */
  final class KeptAppends implements BatchAppend {
    private final SqlWriter writer;
    private final Connection connection;
    private final List<UnitRows> units = new ArrayList<>();

    KeptAppends(SqlWriter writer, Connection connection) {
      this.writer = writer;
      this.connection = connection;
    }

    @Override
    public void add(UnitRows unit) {
      units.add(unit);
    }

    @Override
    public void release() {}

    @Override
    public void finish() throws SQLException {
      if (!units.isEmpty()) {
        writer.append(connection, units);
        units.clear();
      }
    }

    @Override
    public void close() {
      units.clear();
    }
  }

  /** A figure's columns, in the order the store reads them. */
  String FIGURE_COLUMNS = "goal_id, total, components, rules_version, recorded_at, recorded_at_ns";

  /**
   * The query of a key's current figure, its {@link #FIGURE_COLUMNS}, by user, level and subject. By default
   * one primary-key row of {@code progress_current}.
   */
  default String selectFigure() {
    return "SELECT " + FIGURE_COLUMNS + " FROM progress_current WHERE user_id = ? AND level = ? AND subject_id = ?";
  }

  /**
   * The query of a user's current figures, {@code level, subject_id} and the {@link #FIGURE_COLUMNS}, ordered by
   * level and subject; the user id is bound to each of its first {@link #figuresUserParameters} parameters. By
   * default one range of the primary key of {@code progress_current}.
   */
  default String selectFigures() {
    return "SELECT level, subject_id, " + FIGURE_COLUMNS
        + " FROM progress_current WHERE user_id = ? ORDER BY level, subject_id";
  }

  /** How many parameters of {@link #selectFigures} take the user id. */
  default int figuresUserParameters() {
    return 1;
  }

  /** The events of a batch's users ({@code user_id} first), grouped by user, each user's in seq order. */
  String REPLAY_USERS = "SELECT user_id, " + StoredEvents.COLUMNS
      + " FROM progress_events WHERE user_id = ANY(?) ORDER BY user_id, seq";

  /**
   * Opens the stored events of {@code users} (distinct, in the order their units run) for one pass, inside the
   * transaction: every row of those users once, each user's together and in seq order, the users preferably in
   * the order given. By default {@link #REPLAY_USERS} (the database's order of user ids), fetched {@code
   * fetchSize} rows at a time. {@link #afterUsersReplay} follows once the cursor is closed.
   */
  default StoredEvents.Cursor usersReplay(Connection connection, List<String> users, StoredEvents reader,
      int fetchSize) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(REPLAY_USERS);
    try {
      statement.setFetchSize(fetchSize);
      statement.setArray(1, connection.createArrayOf("VARCHAR", users.toArray()));
      return new StoredEvents.QueryCursor(statement, reader);
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  /** Undoes what {@link #usersReplay} set for the rest of the transaction, once its cursor is closed. */
  default void afterUsersReplay(Connection connection) throws SQLException {}

  /**
   * The statement that finds the stored events of {@code userId} among {@code ids} (not empty), bound, its
   * result's {@link StoredEvents#COLUMNS} from the first column on. By default an {@code IN} list over the unique
   * key (user_id, event_id).
   */
  default PreparedStatement findEvents(Connection connection, String userId, List<String> ids) throws SQLException {
    PreparedStatement statement = connection.prepareStatement("SELECT " + StoredEvents.COLUMNS
        + " FROM progress_events WHERE user_id = ? AND event_id IN\n(" + "?, ".repeat(ids.size() - 1) + "?)");
    try {
      statement.setString(1, userId);
      for (int i = 0; i < ids.size(); i++) {
        statement.setString(i + 2, ids.get(i));
      }
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  /** Whether this database runs {@link #appendIfVersion}. */
  default boolean appendsOptimistically() {
    return false;
  }

  /**
   * One unit's append in one autocommit statement, kept only if the user's row is at version {@code expected}:
   * the row is locked only when its version is that one, the events are numbered after the row's event count,
   * and the version moves to {@code unit.version}, atomically with the check.
   *
   * @return whether the version held; when not, nothing was written
   */
  default boolean appendIfVersion(Connection connection, UnitRows unit, long expected) throws SQLException {
    throw new UnsupportedOperationException("this database has no optimistic append");
  }
}
