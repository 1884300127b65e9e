package dev.progress.jdbc;

import dev.progress.core.ProgressEvent;
import dev.progress.jdbc.StoredEvents.Row;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

/**
 * Event rows through PostgreSQL's binary COPY and pgjdbc's copy API, both ways, in the transaction of the
 * connection. Only for connections that are pgjdbc's ({@link #available}): pgjdbc is an optional dependency.
 *
 * <p><b>In</b> ({@link #open}): a batch's event rows with {@code COPY ... FROM STDIN (FORMAT binary)}, a unit at
 * a time as the batch's units come: the server inserts one unit's rows while the tracker computes the next. The
 * same rows the append statement's {@code unnest} writes, for less of the server's time (no arrays to unnest, no
 * text to parse into timestamps, rows inserted a page at a time). Binary, so that no value is escaped: text goes
 * as its UTF-8 bytes, a double as its IEEE bits, a timestamp as the microseconds since 2000-01-01 UTC that
 * PostgreSQL keeps ({@link #postgresMicros}, the nanoseconds beyond them in {@code occurred_at_ns}), metadata as
 * {@code jsonb}'s version byte and the JSON text. A unique key violated by a row fails the COPY, and so the
 * transaction, as the statement would.
 *
 * <p><b>Out</b> ({@link #replay}): the events of a batch's users with {@code COPY (...) TO STDOUT (FORMAT
 * binary)}, for a rebuild. The server sends the rows without waiting to be asked for the next page, so it reads
 * the next rows while the client decodes the last ones (a query fetched in pages leaves one side idle while the
 * other works), and the values come in the same binary forms, read without text to parse.
 */
final class EventCopy {
  static final String COPY = "COPY progress_events (user_id, seq, version, event_id, space_id, goal_id, item_id,"
      + " event_type, event_value, occurred_at, occurred_at_ns, metadata) FROM STDIN (FORMAT binary)";

  /** The columns of {@link #COPY}. */
  private static final short COLUMNS = 12;

  /** The signature, flags (no OIDs) and header extension length (none) of the binary format. */
  private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
      0, 0, 0, 0, 0, 0, 0, 0};

  /** PostgreSQL's epoch, 2000-01-01T00:00:00Z, in seconds after the Unix epoch. */
  private static final long POSTGRES_EPOCH = 946_684_800L;

  /** The version byte of {@code jsonb}'s binary form. */
  private static final byte JSONB_VERSION = 1;

  private static final boolean DRIVER = driverReadable();

  private EventCopy() {}

  /** Whether the connection is pgjdbc's (also behind a pool's proxy), so that it can COPY. */
  static boolean available(Connection connection) throws SQLException {
    return DRIVER && Pg.isWrapper(connection);
  }

  /**
   * Has pgjdbc plan {@code statement} with its parameters' values every time it runs (never as a server-side
   * prepared statement with a generic plan), when the driver is pgjdbc: a {@code = ANY(array)} condition is
   * then matched by hashing the array, where a generic plan searches it linearly for every row.
   */
  static void planWithValues(PreparedStatement statement) throws SQLException {
    if (DRIVER && statement.isWrapperFor(PGStatement.class)) {
      statement.unwrap(PGStatement.class).setPrepareThreshold(0);
    }
  }

  /**
   * Opens a COPY of event rows on the connection, in its transaction, for a batch to write its units' events
   * into as they come ({@link Stream#write}): the server inserts them while the next units are computed. Nothing
   * else may run on the connection until the stream is {@linkplain Stream#end ended} or {@linkplain Stream#cancel
   * cancelled}.
   */
  static Stream open(Connection connection, JsonCodec json) throws SQLException {
    return new Stream(Pg.copyIn(connection), json);
  }

  /** An open COPY of event rows. Used by one thread. */
  static final class Stream {
    private final CopyIn copy;
    private final JsonCodec json;
    private final Rows rows = new Rows();
    private long written;

    private Stream(CopyIn copy, JsonCodec json) {
      this.copy = copy;
      this.json = json;
      rows.bytes(HEADER);
    }

    /**
     * Sends the unit's events, numbered from its {@code firstSeq}, with the unit's version; a unit whose rows
     * cannot be encoded sends nothing.
     */
    void write(UnitRows unit) throws SQLException {
      int length = rows.length;
      try {
        encode(rows, unit, json);
      } catch (RuntimeException e) {
        rows.length = length;
        rows.count = 0;
        throw e;
      }
      copy.writeToCopy(rows.bytes, 0, rows.length);
      copy.flushCopy();
      written += rows.count;
      rows.length = 0;
      rows.count = 0;
    }

    /**
     * Ends the COPY; the rows are then in the transaction.
     *
     * @throws SQLException when the server refused a row (a unique key, a value too long): the transaction is
     *     failed and must be rolled back
     */
    void end() throws SQLException {
      rows.int16((short) -1);
      copy.writeToCopy(rows.bytes, 0, rows.length);
      rows.length = 0;
      long copied = copy.endCopy();
      if (copied != written) {
        throw new SQLException("COPY of " + written + " event rows reported " + copied + " rows copied");
      }
    }

    /** Abandons the COPY (the server fails it, and so the transaction); never throws. */
    void cancel() {
      try {
        if (copy.isActive()) {
          copy.cancelCopy();
        }
      } catch (SQLException e) {
        // the transaction is rolled back next: a COPY the server ended already needs nothing more
      }
    }
  }

  /**
   * The setting {@link #REPLAY} reads the users from, a JSON array of their ids: a COPY takes no parameters, and
   * this keeps the ids out of the statement's text (nothing to escape).
   */
  static final String REPLAY_USERS_SETTING = "progress.replay_users";

  /**
   * What {@link #REPLAY} copies: {@code user_id} and {@link StoredEvents#COLUMNS} of the users in the
   * setting's order, each user's rows in seq order (a lateral join, so a nested loop over the users in their
   * order, each read from the primary key in order).
   */
  static final String REPLAY_QUERY = "SELECT u.user_id, e.* FROM json_array_elements_text(current_setting('"
      + REPLAY_USERS_SETTING + "')::json) AS u(user_id) CROSS JOIN LATERAL (SELECT " + StoredEvents.COLUMNS
      + " FROM progress_events p WHERE p.user_id = u.user_id ORDER BY p.seq) AS e";

  static final String REPLAY = "COPY (" + REPLAY_QUERY + ") TO STDOUT (FORMAT binary)";

  /** The columns of {@link #REPLAY}. */
  private static final short REPLAY_COLUMNS = 10;

  /**
   * Opens the COPY of the events of the users the transaction's {@link #REPLAY_USERS_SETTING} names, read one row
   * at a time by {@link StoredEvents.Cursor#next}. Nothing else may run on the connection until the cursor is
   * closed.
   */
  static StoredEvents.Cursor replay(Connection connection, StoredEvents reader) throws SQLException {
    return new Out(Pg.copyOut(connection), reader);
  }

  /**
   * An open COPY of event rows out of the database. The protocol sends a row per message (the first also
   * carrying the format's header); the reader does not count on it, and joins what it is given.
   */
  static final class Out implements StoredEvents.Cursor {
    private final CopyOut copy;
    private final StoredEvents reader;
    private byte[] bytes = new byte[0];
    private int at;
    private boolean started;
    private boolean ended;

    Out(CopyOut copy, StoredEvents reader) {
      this.copy = copy;
      this.reader = reader;
    }

    @Override
    public @Nullable Row next() throws SQLException {
      if (ended) {
        return null;
      }
      if (!started) {
        need(HEADER.length, "the header");
        for (int i = 0; i < 11; i++) {
          if (bytes[at + i] != HEADER[i]) {
            throw new SQLException("COPY of the events did not start with the binary format's signature");
          }
        }
        int extension = int32(at + 15);
        at += HEADER.length;
        need(extension, "the header extension");
        at += extension;
        started = true;
      }
      need(2, "a row");
      short columns = (short) (((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF));
      at += 2;
      if (columns == -1) {
        ended = true;
        if (copy.readFromCopy() != null) {
          throw new SQLException("COPY of the events sent data after its trailer");
        }
        return null;
      }
      if (columns != REPLAY_COLUMNS) {
        throw new SQLException("COPY of the events sent a row of " + columns + " columns, not " + REPLAY_COLUMNS);
      }
      String userId = text("user_id");
      if (userId == null) {
        throw new SQLException("COPY of the events sent a row without user_id");
      }
      String id = text("event_id");
      String spaceId = text("space_id");
      String goalId = text("goal_id");
      String itemId = text("item_id");
      String type = text("event_type");
      int valueLength = length("event_value", 8);
      double value = valueLength < 0 ? Double.NaN : Double.longBitsToDouble(int64());
      int occurredLength = length("occurred_at", 8);
      long micros = occurredLength < 0 ? 0 : int64();
      int nanosLength = length("occurred_at_ns", 2);
      short nanos = nanosLength < 0 ? 0 : int16();
      String metadata = jsonb("metadata");
      try {
        if (valueLength < 0) {
          throw StoredEvents.invalid(userId, id, "event_value", "it is null");
        }
        if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
          throw StoredEvents.invalid(userId, id, "occurred_at", "it is " + (micros > 0 ? "" : "-") + "infinity");
        }
        Instant occurred = occurredLength < 0 ? null : Instant.ofEpochSecond(
            POSTGRES_EPOCH + Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
        return new Row(userId, reader.event(userId, id, spaceId, goalId, itemId, type, value, occurred, nanos,
            metadata), null);
      } catch (RuntimeException e) {
        return new Row(userId, null, e);
      }
    }

    /** A field's length: -1 for NULL, else {@code expected}, or the COPY fails naming the column. */
    private int length(String column, int expected) throws SQLException {
      int length = fieldLength(column);
      if (length >= 0 && length != expected) {
        throw new SQLException("COPY of the events sent " + length + " bytes of column " + column + ", not "
            + expected + ": its type is not the schema's");
      }
      return length;
    }

    private @Nullable String text(String column) throws SQLException {
      int length = fieldLength(column);
      if (length < 0) {
        return null;
      }
      String text = new String(bytes, at, length, StandardCharsets.UTF_8);
      at += length;
      return text;
    }

    /** A {@code jsonb} field's JSON text, after its version byte. */
    private @Nullable String jsonb(String column) throws SQLException {
      int length = fieldLength(column);
      if (length < 0) {
        return null;
      }
      if (length == 0 || bytes[at] != JSONB_VERSION) {
        throw new SQLException("COPY of the events sent column " + column + " not in jsonb's binary form version "
            + JSONB_VERSION + ": its type is not the schema's");
      }
      String text = new String(bytes, at + 1, length - 1, StandardCharsets.UTF_8);
      at += length;
      return text;
    }

    /** Reads a field's length, -1 for NULL; the field's bytes are then readable from {@link #at}. */
    private int fieldLength(String column) throws SQLException {
      need(4, column);
      int length = int32(at);
      at += 4;
      if (length > 0) {
        need(length, column);
      }
      return length;
    }

    private short int16() {
      short v = (short) (((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF));
      at += 2;
      return v;
    }

    private long int64() {
      long v = ((long) int32(at) << 32) | (int32(at + 4) & 0xFFFF_FFFFL);
      at += 8;
      return v;
    }

    private int int32(int i) {
      return ((bytes[i] & 0xFF) << 24) | ((bytes[i + 1] & 0xFF) << 16) | ((bytes[i + 2] & 0xFF) << 8)
          | (bytes[i + 3] & 0xFF);
    }

    /** Makes {@code n} bytes from {@link #at} on readable, joining the next messages as needed. */
    private void need(int n, String what) throws SQLException {
      while (bytes.length - at < n) {
        byte[] more = copy.readFromCopy();
        if (more == null) {
          ended = true;
          throw new SQLException("COPY of the events ended in the middle of " + what);
        }
        if (at == bytes.length) {
          bytes = more;
        } else {
          byte[] joined = Arrays.copyOfRange(bytes, at, bytes.length + more.length);
          System.arraycopy(more, 0, joined, bytes.length - at, more.length);
          bytes = joined;
        }
        at = 0;
      }
    }

    @Override
    public boolean sharesConnection() {
      return false;
    }

    /** The lateral join reads the users in the order of the setting's array. */
    @Override
    public boolean inGivenOrder() {
      return true;
    }

    /**
     * Reads the rows left and drops them. Not {@code CopyOut.cancelCopy}: the server would fail the transaction,
     * and pgjdbc (42.7) left the connection out of step with the server (its next statement failed).
     */
    @Override
    public void close() throws SQLException {
      ended = true;
      while (copy.isActive() && copy.readFromCopy() != null) {
        // rows no replay asked for
      }
    }
  }

  /** Appends the unit's events to {@code out} as binary COPY rows. */
  private static void encode(Rows out, UnitRows unit, JsonCodec json) {
    byte[] user = utf8(unit.userId);
    long seq = unit.firstSeq;
    for (ProgressEvent event : unit.events) {
      out.int16(COLUMNS);
      out.field(user);
      out.int8(seq++);
      out.int8(unit.version);
      out.text(event.id());
      out.text(event.spaceId());
      out.text(event.goalId());
      out.text(event.itemId());
      out.text(event.type().name());
      out.int8(Double.doubleToRawLongBits(event.value()));
      out.int8(postgresMicros(event.timestamp()));
      out.int32(2);
      out.int16(Instants.extraNanos(event.timestamp()));
      out.jsonb(json.writeMetadata(event.metadata()));
      out.count++;
    }
  }

  /** The instant's whole microseconds since 2000-01-01T00:00:00Z: a {@code timestamptz}'s binary value. */
  static long postgresMicros(Instant instant) {
    return (instant.getEpochSecond() - POSTGRES_EPOCH) * 1_000_000L + instant.getNano() / 1000;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean driverReadable() {
    try {
      Class<?> driver = Class.forName("org.postgresql.PGConnection", false, EventCopy.class.getClassLoader());
      return EventCopy.class.getModule().canRead(driver.getModule());
    } catch (ClassNotFoundException | LinkageError absent) {
      return false;
    }
  }

  /** What touches pgjdbc's classes, loaded only when the driver is there. */
  private static final class Pg {
    static boolean isWrapper(Connection connection) throws SQLException {
      return connection.isWrapperFor(PGConnection.class);
    }

    static CopyIn copyIn(Connection connection) throws SQLException {
      return connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
    }

    static CopyOut copyOut(Connection connection) throws SQLException {
      return connection.unwrap(PGConnection.class).getCopyAPI().copyOut(REPLAY);
    }
  }

  /** A growing buffer of binary COPY rows and how many rows it holds. */
  static final class Rows {
    byte[] bytes = new byte[1 << 14];
    int length;
    int count;

    private void room(int n) {
      if (length + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
      }
    }

    void bytes(byte[] b) {
      room(b.length);
      System.arraycopy(b, 0, bytes, length, b.length);
      length += b.length;
    }

    void int16(short v) {
      room(2);
      bytes[length++] = (byte) (v >>> 8);
      bytes[length++] = (byte) v;
    }

    void int32(int v) {
      room(4);
      bytes[length++] = (byte) (v >>> 24);
      bytes[length++] = (byte) (v >>> 16);
      bytes[length++] = (byte) (v >>> 8);
      bytes[length++] = (byte) v;
    }

    /** An {@code int8} or {@code float8} field: its length, then its eight bytes. */
    void int8(long v) {
      int32(8);
      room(8);
      for (int shift = 56; shift >= 0; shift -= 8) {
        bytes[length++] = (byte) (v >>> shift);
      }
    }

    void field(byte[] value) {
      int32(value.length);
      bytes(value);
    }

    /** A text field, or NULL (length -1). */
    void text(@Nullable String value) {
      if (value == null) {
        int32(-1);
      } else {
        field(utf8(value));
      }
    }

    /** A {@code jsonb} field: the version byte and the JSON text, or NULL. */
    void jsonb(@Nullable String value) {
      if (value == null) {
        int32(-1);
        return;
      }
      byte[] text = utf8(value);
      int32(text.length + 1);
      room(1);
      bytes[length++] = JSONB_VERSION;
      bytes(text);
    }
  }
}
