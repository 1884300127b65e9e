package dev.progress.jdbc;

import static java.util.Objects.requireNonNull;

import dev.progress.core.EventType;
import dev.progress.core.InvalidEventException;
import dev.progress.core.ProgressEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads stored event rows back into events, for one replay (one user, or the users of one batch). The
 * {@code metadata} column of a workload repeats a few values ({@code {"skill": "coding"}}), so the reader keeps
 * the checked metadata of each distinct text it has read (up to {@value #CACHED_METADATA}) and hands the same
 * immutable map to every later event with that text: no JSON parse and no second copy ({@link ProgressEvent}
 * takes metadata it checked before as it is). Every other field is checked by the event's constructor, as for
 * any event. A row that makes no valid event fails with the user, the event id and the column. Confined to one
 * thread.
 */
final class StoredEvents {
  /** The columns {@link #read} reads, in order, from its {@code first} column on. */
  static final String COLUMNS =
      "event_id, space_id, goal_id, item_id, event_type, event_value, occurred_at, occurred_at_ns, metadata";

  /** At most this many distinct metadata texts are kept per replay, so its memory stays bounded. */
  static final int CACHED_METADATA = 256;

  /** The event's fields whose rejection names them first, and their columns. */
  private static final String[][] FIELD_COLUMNS = {
    {"id", "event_id"}, {"userId", "user_id"}, {"spaceId", "space_id"}, {"goalId", "goal_id"},
    {"itemId", "item_id"}, {"type", "event_type"}, {"value", "event_value"}, {"timestamp", "occurred_at"},
    {"metadata", "metadata"},
  };

  private final JsonCodec json;
  private final Map<String, Map<String, @Nullable Object>> metadata = new HashMap<>();

  StoredEvents(JsonCodec json) {
    this.json = json;
  }

  /** The event of the current row of {@code rs}, whose {@link #COLUMNS} start at column {@code first}. */
  ProgressEvent read(ResultSet rs, int first, String userId) throws SQLException {
    String id = rs.getString(first);
    String spaceId = rs.getString(first + 1);
    String goalId = rs.getString(first + 2);
    String itemId = rs.getString(first + 3);
    String type = rs.getString(first + 4);
    double value = rs.getDouble(first + 5);
    OffsetDateTime occurred = rs.getObject(first + 6, OffsetDateTime.class);
    short nanos = rs.getShort(first + 7);
    String metadataText = rs.getString(first + 8);
    return event(userId, id, spaceId, goalId, itemId, type, value, occurred == null ? null : occurred.toInstant(),
        nanos, metadataText);
  }

  /**
   * The event of one stored row's {@link #COLUMNS}, however they were read: {@code occurred} is the
   * {@code occurred_at} column's instant (whole microseconds), {@code nanos} the {@code occurred_at_ns} beyond it.
   */
  ProgressEvent event(String userId, @Nullable String id, @Nullable String spaceId, @Nullable String goalId,
      @Nullable String itemId, @Nullable String type, double value, @Nullable Instant occurred, short nanos,
      @Nullable String metadataText) {
    if (id == null) {
      throw invalid(userId, null, "event_id", "it is null");
    }
    if (type == null) {
      throw invalid(userId, id, "event_type", "it is null");
    }
    if (occurred == null) {
      throw invalid(userId, id, "occurred_at", "it is null");
    }
    if (nanos < 0 || nanos > 999) {
      throw invalid(userId, id, "occurred_at_ns", nanos + " is not 0..999");
    }
    Map<String, @Nullable Object> known = null;
    Map<String, @Nullable Object> read = null;
    if (metadataText != null) {
      known = metadata.get(metadataText);
      if (known == null) {
        try {
          read = json.readMetadata(metadataText);
        } catch (IllegalStateException e) {
          throw invalid(userId, id, "metadata", e.getMessage(), e);
        }
      }
    }
    ProgressEvent event;
    try {
      event = new ProgressEvent(id, userId, spaceId, goalId, itemId, EventType.of(type), value,
          occurred.plusNanos(nanos), known != null ? known : read);
    } catch (InvalidEventException | IllegalArgumentException e) {
      throw invalid(userId, id, column(e.getMessage()), e.getMessage(), e);
    }
    if (read != null && metadata.size() < CACHED_METADATA) {
      metadata.put(metadataText, event.metadata()); // checked and immutable: later events take it as it is
    }
    return event;
  }

  /**
   * The rows of many users' stored events, read once from first to last by one thread: what a batch's replay
   * reads ahead ({@link SqlWriter#usersReplay}). Each user's rows come together, in the user's log order.
   */
  interface Cursor {
    /** The next row (its event, or why its columns make none), or null after the last. */
    @Nullable Row next() throws SQLException;

    /**
     * Whether other statements may run on the connection between two {@link #next} calls (a query's rows are
     * fetched a page at a time); when not, nothing else runs on it until the cursor is closed.
     */
    boolean sharesConnection();

    /**
     * Whether the rows come in the order of the users given, so that a user whose rows are not next has none
     * (a query's order is the database's collation instead).
     */
    boolean inGivenOrder();

    /**
     * Ends the reading, rows left or not, leaving the connection to the transaction's next statement (a cursor
     * that holds the connection reads the rows left and drops them).
     */
    void close() throws SQLException;
  }

  /** One stored row read: its user, and its event or the failure that says why its columns make none. */
  record Row(String userId, @Nullable ProgressEvent read, @Nullable RuntimeException invalid) {
    ProgressEvent event() {
      if (invalid != null) {
        throw invalid;
      }
      return requireNonNull(read);
    }
  }

  /**
   * A query of {@code user_id} and the {@link #COLUMNS}, run at the first {@link #next} and read with the
   * statement's fetch size: the JDBC way, for any driver.
   */
  static final class QueryCursor implements Cursor {
    private final PreparedStatement statement;
    private final StoredEvents reader;
    private @Nullable ResultSet rows;

    QueryCursor(PreparedStatement statement, StoredEvents reader) {
      this.statement = statement;
      this.reader = reader;
    }

    @Override
    public @Nullable Row next() throws SQLException {
      ResultSet rs = rows;
      if (rs == null) {
        rs = statement.executeQuery();
        rows = rs;
      }
      if (!rs.next()) {
        return null;
      }
      String userId = rs.getString(1);
      try {
        return new Row(userId, reader.read(rs, 2, userId), null);
      } catch (RuntimeException e) {
        return new Row(userId, null, e);
      }
    }

    @Override
    public boolean sharesConnection() {
      return true;
    }

    @Override
    public boolean inGivenOrder() {
      return false;
    }

    @Override
    public void close() throws SQLException {
      try (statement) {
        ResultSet rs = rows;
        if (rs != null) {
          rs.close();
        }
      }
    }
  }

  /** The column of the field an event's rejection names first, or null when it names none of them. */
  private static @Nullable String column(@Nullable String message) {
    if (message == null) {
      return null;
    }
    for (String[] fieldColumn : FIELD_COLUMNS) {
      String field = fieldColumn[0];
      if (message.startsWith(field) && message.length() > field.length()
          && (message.charAt(field.length()) == ' ' || message.charAt(field.length()) == '.')) {
        return fieldColumn[1];
      }
    }
    return null;
  }

  static IllegalStateException invalid(String userId, @Nullable String id, String column, String why) {
    return invalid(userId, id, column, why, null);
  }

  private static IllegalStateException invalid(
      String userId, @Nullable String id, @Nullable String column, @Nullable String why, @Nullable Exception cause) {
    return new IllegalStateException("stored event " + (id == null ? "" : "'" + abbreviate(id) + "' ")
        + "of user '" + userId + "' is invalid" + (column == null ? "" : " in column " + column) + ": " + why,
        cause);
  }

  /** A stored id quoted in a message: past 40 characters, its first 24 and last 12 (never half a pair). */
  private static String abbreviate(String value) {
    if (value.codePointCount(0, value.length()) <= 40) {
      return value;
    }
    return value.substring(0, value.offsetByCodePoints(0, 24)) + "..."
        + value.substring(value.offsetByCodePoints(value.length(), -12));
  }
}
