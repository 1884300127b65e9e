package dev.progress.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progress.core.ProgressEvent;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * The raw baselines' side: the same event rows the store writes to {@code progress_events}, written with plain
 * pgjdbc, no tracker. Not thread-safe; confine to one thread.
 */
public final class RawEvents {
  static final String COLUMNS = "user_id, id, seq, version, event_id, space_id, goal_id, item_id, event_type, "
      + "event_value, occurred_at, occurred_at_ns, metadata";
  static final String INSERT = "INSERT INTO progress_events (" + COLUMNS + ") VALUES "
      + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)";
  static final String COPY = "COPY progress_events (" + COLUMNS + ") FROM STDIN WITH (FORMAT csv)";
  private static final ObjectMapper JSON = new ObjectMapper();

  private RawEvents() {}

  /** Binds one event row; {@code seq} is its position in the user's log. */
  static void bind(PreparedStatement ps, ProgressEvent e, long seq, long version) throws SQLException {
    ps.setString(1, e.userId());
    ps.setObject(2, UUID.randomUUID());
    ps.setLong(3, seq);
    ps.setLong(4, version);
    ps.setString(5, e.id());
    setNullable(ps, 6, e.spaceId());
    setNullable(ps, 7, e.goalId());
    setNullable(ps, 8, e.itemId());
    ps.setString(9, e.type().name());
    ps.setDouble(10, e.value());
    ps.setObject(11, OffsetDateTime.ofInstant(e.timestamp(), ZoneOffset.UTC));
    ps.setShort(12, (short) (e.timestamp().getNano() % 1000));
    ps.setString(13, metadata(e));
  }

  /** Inserts the rows in one JDBC batch (rewritten to multi-row INSERTs by the driver) and commits. */
  static void batchInsert(Connection c, ProgressEvent[] events, long firstSeq, long version) throws SQLException {
    c.setAutoCommit(false);
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (int i = 0; i < events.length; i++) {
        bind(ps, events[i], firstSeq + i, version);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    c.commit();
  }

  /** Streams the rows as CSV through COPY and commits. */
  static long copy(Connection c, ProgressEvent[] events, long firstSeq, long version) throws Exception {
    c.setAutoCommit(false);
    StringBuilder csv = new StringBuilder(events.length * 160);
    for (int i = 0; i < events.length; i++) {
      ProgressEvent e = events[i];
      csv.append(quote(e.userId())).append(',').append(UUID.randomUUID()).append(',').append(firstSeq + i)
          .append(',').append(version).append(',').append(quote(e.id())).append(',')
          .append(quote(e.spaceId())).append(',').append(quote(e.goalId())).append(',')
          .append(quote(e.itemId())).append(',').append(quote(e.type().name())).append(',')
          .append(e.value()).append(',').append(e.timestamp()).append(',')
          .append(e.timestamp().getNano() % 1000).append(',').append(quote(metadata(e))).append('\n');
    }
    long rows = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new StringReader(csv.toString()));
    c.commit();
    return rows;
  }

  static String metadata(ProgressEvent e) {
    try {
      return JSON.writeValueAsString(e.metadata());
    } catch (JsonProcessingException ex) {
      throw new IllegalArgumentException("metadata of event " + e.id() + " is not JSON", ex);
    }
  }

  private static void setNullable(PreparedStatement ps, int i, String value) throws SQLException {
    if (value == null) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, value);
    }
  }

  /** A CSV field: empty (NULL) for null, else quoted with quotes doubled. */
  private static String quote(String value) {
    return value == null ? "" : "\"" + value.replace("\"", "\"\"") + "\"";
  }
}
