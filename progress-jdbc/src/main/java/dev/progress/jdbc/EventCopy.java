package dev.progress.jdbc;

import dev.progress.core.ProgressEvent;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The event rows of a batch written with {@code COPY ... FROM STDIN (FORMAT binary)} through pgjdbc's
 * {@code CopyIn}, in the transaction of the connection, a unit at a time as the batch's units come ({@link
 * #open}): the server inserts one unit's rows while the tracker computes the next. The same rows the append
 * statement's {@code unnest} writes, for less of the server's time (no arrays to unnest, no text to parse into
 * timestamps, rows inserted a page at a time). Binary, so that no value is escaped: text goes as its UTF-8 bytes, a double as
 * its IEEE bits, a timestamp as the microseconds since 2000-01-01 UTC that PostgreSQL keeps ({@link
 * Instants#micros}, the nanoseconds beyond them in {@code occurred_at_ns}), metadata as {@code jsonb}'s version
 * byte and the JSON text. A unique key violated by a row fails the COPY, and so the transaction, as the statement
 * would. Only for connections that are pgjdbc's ({@link #available}): pgjdbc is an optional dependency.
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
