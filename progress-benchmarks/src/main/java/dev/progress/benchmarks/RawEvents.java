package dev.progress.benchmarks;

import dev.progress.core.ProgressEvent;
import dev.progress.json.ProgressJson;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

/**
 * The raw baselines' side: the event rows the store writes to {@code progress_events} (the same columns, the
 * same values: timestamps in microseconds plus the nanoseconds beyond them, metadata as progress-json writes it
 * and NULL when there is none), written with plain pgjdbc and no tracker. Follows the schema it finds: the V1
 * table has a surrogate UUID column {@code id} that the store fills with a random UUID per row, so the raw rows
 * get one too; the natural-key table (primary key {@code (user_id, seq)}) has none. Immutable; the statements
 * it runs are used by one thread.
 */
public final class RawEvents {
  /** What every event row holds besides {@code id}, in the order {@link #bind} binds it. */
  private static final List<String> COLUMNS = List.of("user_id", "seq", "version", "event_id", "space_id",
      "goal_id", "item_id", "event_type", "event_value", "occurred_at", "occurred_at_ns", "metadata");

  /** True when the table has the V1 surrogate key {@code id} (a random UUID per row). */
  final boolean ids;
  final String insert;
  final String copy;

  private RawEvents(boolean ids) {
    this.ids = ids;
    String columns = (ids ? "id, " : "") + String.join(", ", COLUMNS);
    this.insert = "INSERT INTO progress_events (" + columns + ") VALUES (" + (ids ? "?, " : "")
        + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)";
    this.copy = "COPY progress_events (" + columns + ") FROM STDIN WITH (FORMAT csv)";
  }

  /**
   * The event rows of the database behind {@code pool}, after checking that they hold nothing else the store
   * must fill.
   *
   * @throws IllegalStateException when {@code progress_events} has a NOT NULL column without a default that
   *     these rows do not write (the schema moved on: write it here too)
   */
  static RawEvents of(DataSource pool) throws SQLException {
    try (Connection c = pool.getConnection()) {
      List<String> written = new ArrayList<>(COLUMNS);
      boolean ids = RawEvents.columns(c, "progress_events").containsKey("id");
      if (ids) {
        written.add("id");
      }
      requireWritten(c, "progress_events", written);
      return new RawEvents(ids);
    }
  }

  /** The table's columns, each mapped to true when it is NOT NULL without a default. */
  static TreeMap<String, Boolean> columns(Connection c, String table) throws SQLException {
    TreeMap<String, Boolean> columns = new TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT column_name, is_nullable = 'NO' AND column_default IS NULL"
        + " FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.put(rs.getString(1), rs.getBoolean(2));
        }
      }
    }
    if (columns.isEmpty()) {
      throw new IllegalStateException("no table " + table + " in the current schema");
    }
    return columns;
  }

  /** Fails, naming the column, when the table has a required column outside {@code written}. */
  static void requireWritten(Connection c, String table, List<String> written) throws SQLException {
    columns(c, table).forEach((column, required) -> {
      if (required && !written.contains(column)) {
        throw new IllegalStateException("column " + table + "." + column + " is NOT NULL without a default, and"
            + " the raw baseline writes only " + written + ": the schema changed, write it in the baseline too");
      }
    });
  }

  /** Binds one event row of {@link #insert}; {@code seq} is its position in its user's log. */
  void bind(PreparedStatement ps, ProgressEvent e, long seq, long version) throws SQLException {
    int i = 1;
    if (ids) {
      ps.setObject(i++, UUID.randomUUID());
    }
    ps.setString(i++, e.userId());
    ps.setLong(i++, seq);
    ps.setLong(i++, version);
    ps.setString(i++, e.id());
    setNullable(ps, i++, e.spaceId());
    setNullable(ps, i++, e.goalId());
    setNullable(ps, i++, e.itemId());
    ps.setString(i++, e.type().name());
    ps.setDouble(i++, e.value());
    ps.setObject(i++, micros(e));
    ps.setShort(i++, (short) (e.timestamp().getNano() % 1000));
    setNullable(ps, i, metadata(e));
  }

  /**
   * Inserts the rows in one JDBC batch (rewritten to multi-row INSERTs by the driver) in one transaction;
   * {@code seqs[i]} is event i's position in its user's log.
   */
  void batchInsert(Connection c, ProgressEvent[] events, long[] seqs, long version) throws SQLException {
    c.setAutoCommit(false);
    try (PreparedStatement ps = c.prepareStatement(insert)) {
      for (int i = 0; i < events.length; i++) {
        bind(ps, events[i], seqs[i], version);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    c.commit();
  }

  /** Streams the rows as CSV through COPY in one transaction; the number of rows copied. */
  long copy(Connection c, ProgressEvent[] events, long[] seqs, long version) throws Exception {
    c.setAutoCommit(false);
    StringBuilder csv = new StringBuilder(events.length * 160);
    for (int i = 0; i < events.length; i++) {
      ProgressEvent e = events[i];
      if (ids) {
        csv.append(UUID.randomUUID()).append(',');
      }
      csv.append(quote(e.userId())).append(',').append(seqs[i]).append(',').append(version).append(',')
          .append(quote(e.id())).append(',').append(quote(e.spaceId())).append(',').append(quote(e.goalId()))
          .append(',').append(quote(e.itemId())).append(',').append(quote(e.type().name())).append(',')
          .append(e.value()).append(',').append(micros(e)).append(',')
          .append(e.timestamp().getNano() % 1000).append(',').append(quote(metadata(e))).append('\n');
    }
    long rows = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, new StringReader(csv.toString()));
    c.commit();
    return rows;
  }

  /** The timestamp as the store keeps it: whole microseconds (the column's precision), UTC. */
  static OffsetDateTime micros(ProgressEvent e) {
    return e.timestamp().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }

  /** The metadata column as the store writes it: progress-json's text, NULL for none. */
  static @Nullable String metadata(ProgressEvent e) {
    return e.metadata().isEmpty() ? null : ProgressJson.writeMetadata(e.metadata());
  }

  private static void setNullable(PreparedStatement ps, int i, @Nullable String value) throws SQLException {
    if (value == null) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, value);
    }
  }

  /** A CSV field: empty (NULL) for null, else quoted with quotes doubled. */
  private static String quote(@Nullable String value) {
    return value == null ? "" : "\"" + value.replace("\"", "\"\"") + "\"";
  }
}
