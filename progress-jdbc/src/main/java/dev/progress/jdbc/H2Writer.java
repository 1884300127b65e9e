package dev.progress.jdbc;

import dev.progress.core.ProgressEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * H2's writes: the user's row locked with {@code FOR UPDATE} (created by a {@code MERGE} first when missing), and
 * the units' rows as JDBC batches, one per table. Stateless and safe for concurrent use.
 */
final class H2Writer implements SqlWriter {
  private static final String LOCK =
      "SELECT version, event_count FROM progress_users WHERE user_id = ? FOR UPDATE";

  private static final String CREATE = "MERGE INTO progress_users (user_id) KEY (user_id) VALUES (?)";

  private static final String INSERT_EVENT = """
      INSERT INTO progress_events (user_id, seq, version, event_id, space_id, goal_id, item_id, event_type,
                                   event_value, occurred_at, occurred_at_ns, metadata)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FORMAT JSON)""";

  private static final String INSERT_SNAPSHOT = """
      INSERT INTO progress_snapshots (user_id, level, subject_id, version, goal_id, total, components,
                                      rules_version, recorded_at, recorded_at_ns)
      VALUES (?, ?, ?, ?, ?, ?, ? FORMAT JSON, ?, ?, ?)""";

  private static final String MERGE_CURRENT = """
      MERGE INTO progress_current (user_id, level, subject_id, version, goal_id, total, components,
                                   rules_version, recorded_at, recorded_at_ns)
      KEY (user_id, level, subject_id)
      VALUES (?, ?, ?, ?, ?, ?, ? FORMAT JSON, ?, ?, ?)""";

  private static final String UPDATE_USER = "UPDATE progress_users SET version = ?, event_count = ?,"
      + " updated_at = CURRENT_TIMESTAMP WHERE user_id = ?";

  private final JsonCodec json;

  H2Writer(JsonCodec json) {
    this.json = json;
  }

  @Override
  public UserRow lockUser(Connection connection, String userId) throws SQLException {
    UserRow row = lock(connection, userId);
    if (row != null) {
      return row;
    }
    try (PreparedStatement create = connection.prepareStatement(CREATE)) {
      create.setString(1, userId);
      create.executeUpdate();
    } catch (SQLException e) {
      // Another transaction created the row first; H2 keeps this transaction usable, and the lock that follows
      // waits for that one to commit.
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
    }
    row = lock(connection, userId);
    if (row == null) {
      throw new SQLException("the row of user '" + userId + "' vanished while it was being locked");
    }
    return row;
  }

  /** One user after the other (in process, H2 pays no round trip per statement). */
  @Override
  public List<UserRow> lockUsers(Connection connection, List<String> userIds) throws SQLException {
    List<UserRow> rows = new ArrayList<>(userIds.size());
    for (String userId : userIds) {
      rows.add(lockUser(connection, userId));
    }
    return rows;
  }

  private static @Nullable UserRow lock(Connection connection, String userId) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(LOCK)) {
      statement.setString(1, userId);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? new UserRow(rs.getLong(1), rs.getLong(2)) : null;
      }
    }
  }

  @Override
  public void append(Connection connection, List<UnitRows> units) throws SQLException {
    boolean anyEvent = false;
    boolean anyKey = false;
    try (PreparedStatement events = connection.prepareStatement(INSERT_EVENT);
         PreparedStatement history = connection.prepareStatement(INSERT_SNAPSHOT);
         PreparedStatement current = connection.prepareStatement(MERGE_CURRENT);
         PreparedStatement users = connection.prepareStatement(UPDATE_USER)) {
      for (UnitRows unit : units) {
        long seq = unit.firstSeq;
        for (ProgressEvent e : unit.events) {
          events.setString(1, unit.userId);
          events.setLong(2, seq++);
          events.setLong(3, unit.version);
          events.setString(4, e.id());
          events.setString(5, e.spaceId());
          events.setString(6, e.goalId());
          events.setString(7, e.itemId());
          events.setString(8, e.type().name());
          events.setDouble(9, e.value());
          events.setObject(10, Instants.micros(e.timestamp()));
          events.setShort(11, Instants.extraNanos(e.timestamp()));
          events.setString(12, json.writeMetadata(e.metadata()));
          events.addBatch();
          anyEvent = true;
        }
        OffsetDateTime recordedAt = Instants.micros(unit.recordedAt);
        short recordedAtNanos = Instants.extraNanos(unit.recordedAt);
        for (int i = 0; i < unit.keys(); i++) {
          for (PreparedStatement row : List.of(history, current)) {
            row.setString(1, unit.userId);
            row.setString(2, unit.levels[i]);
            row.setString(3, unit.subjects[i]);
            row.setLong(4, unit.version);
            row.setString(5, unit.goals[i]);
            row.setDouble(6, unit.totals[i]);
            row.setString(7, unit.components[i]);
            row.setString(8, unit.rulesVersion);
            row.setObject(9, recordedAt);
            row.setShort(10, recordedAtNanos);
            row.addBatch();
          }
          anyKey = true;
        }
        users.setLong(1, unit.version);
        users.setLong(2, unit.eventCount());
        users.setString(3, unit.userId);
        users.addBatch();
      }
      if (anyEvent) {
        events.executeBatch();
      }
      if (anyKey) {
        history.executeBatch();
        current.executeBatch();
      }
      users.executeBatch();
    }
  }
}
