package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.core.ProgressEvent;
import dev.progress.core.spi.ChangedKeys;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * The reader of a rebuild's binary COPY ({@link EventCopy.Out}) on the bytes PostgreSQL really sends, cut into
 * messages at other places than the server's (a row per message): every way of cutting reads the same rows, and
 * a stream cut short fails naming where.
 */
class EventCopyOutTest {
  @RegisterExtension static final PostgresDatabase PG = new PostgresDatabase();

  @BeforeEach
  void empty() {
    PG.truncate();
  }

  @Test
  void rowsCutAnywhere_readTheSameEvents() throws Exception {
    List<ProgressEvent> events = new Universe(3, 7).events();
    Map<String, List<ProgressEvent>> byUser = events.stream().collect(Collectors.groupingBy(ProgressEvent::userId));
    JdbiProgressStore store = JdbiProgressStore.create(PG.dataSource());
    byUser.forEach((user, own) -> store.inTransaction(user, tx -> tx.append(own, ChangedKeys.none())));
    List<String> users = List.of("user-2", "user-0", "user-1");
    byte[] sent = copied(users);

    List<ProgressEvent> expected = users.stream().flatMap(u -> byUser.get(u).stream()).toList();
    for (int cut : new int[] {1, 2, 3, 7, 19, 64, sent.length}) {
      assertThat(read(sent, cut)).as("cut every %d bytes", cut).containsExactlyElementsOf(expected);
    }
    assertThatThrownBy(() -> read(Arrays.copyOf(sent, sent.length - 40), 64))
        .isInstanceOf(SQLException.class)
        .hasMessageStartingWith("COPY of the events ended in the middle of ");
  }

  /** Every byte the server sends for the COPY of the users' events, in order. */
  private static byte[] copied(List<String> users) throws SQLException {
    try (Connection c = PG.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement settings = c.prepareStatement(PostgresWriter.REPLAY_SETTINGS)) {
        settings.setString(1, new JsonCodec().writeStrings(users));
        settings.execute();
      }
      CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI().copyOut(EventCopy.REPLAY);
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] message;
      while ((message = copy.readFromCopy()) != null) {
        all.writeBytes(message);
      }
      c.rollback();
      return all.toByteArray();
    }
  }

  /** The events {@link EventCopy.Out} reads from {@code bytes} handed over {@code cut} bytes at a time. */
  private static List<ProgressEvent> read(byte[] bytes, int cut) throws SQLException {
    int[] at = {0};
    CopyOut chunks = (CopyOut) Proxy.newProxyInstance(EventCopyOutTest.class.getClassLoader(),
        new Class<?>[] {CopyOut.class}, (proxy, method, args) -> switch (method.getName()) {
          case "readFromCopy" -> {
            if (at[0] == bytes.length) {
              yield null;
            }
            int from = at[0];
            at[0] = Math.min(bytes.length, from + cut);
            yield Arrays.copyOfRange(bytes, from, at[0]);
          }
          case "isActive" -> at[0] < bytes.length;
          default -> throw new UnsupportedOperationException(method.getName());
        });
    StoredEvents.Cursor cursor = new EventCopy.Out(chunks, new StoredEvents(new JsonCodec()));
    List<ProgressEvent> events = new ArrayList<>();
    StoredEvents.Row row;
    while ((row = cursor.next()) != null) {
      events.add(row.event());
    }
    cursor.close();
    return events;
  }
}
