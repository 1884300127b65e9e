package dev.progress.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * Where the store's connections come from: straight from the application's {@link DataSource} (its pool), or
 * through the application's {@link Jdbi} when that is all the store was given (Jdbi keeps its connection factory
 * to itself, so each use then opens a {@link Handle}: a few microseconds more). The store runs its own
 * statements and transactions ({@link #transaction}) on the connection. Safe for concurrent use.
 */
sealed interface ConnectionSource {

  /** Work on a connection; may throw what the store's caller throws, besides the database's failures. */
  @FunctionalInterface
  interface Work<T extends @Nullable Object, X extends Exception> {
    T run(Connection connection) throws SQLException, X;
  }

  /** Runs {@code work} on a connection, then gives the connection back. */
  <T extends @Nullable Object, X extends Exception> T withConnection(Work<T, X> work)
      throws SQLException, X;

  static ConnectionSource of(DataSource dataSource) {
    return new Pooled(dataSource);
  }

  static ConnectionSource of(Jdbi jdbi) {
    return new ThroughJdbi(jdbi);
  }

  /**
   * Runs {@code work} on the connection in one transaction, committed when it returns and rolled back when it
   * throws (rethrown as is), and leaves the connection's autocommit as it found it.
   */
  static <T extends @Nullable Object, X extends Exception> T transaction(Connection connection, Work<T, X> work)
      throws SQLException, X {
    boolean autoCommit = connection.getAutoCommit();
    if (autoCommit) {
      connection.setAutoCommit(false);
    }
    try {
      T result = work.run(connection);
      connection.commit();
      return result;
    } catch (Throwable t) {
      try {
        connection.rollback();
      } catch (SQLException rollback) {
        t.addSuppressed(rollback);
      }
      throw t;
    } finally {
      if (autoCommit) {
        connection.setAutoCommit(true);
      }
    }
  }

  /** Connections taken from the application's pool. */
  record Pooled(DataSource dataSource) implements ConnectionSource {
    @Override
    public <T extends @Nullable Object, X extends Exception> T withConnection(Work<T, X> work)
        throws SQLException, X {
      try (Connection connection = dataSource.getConnection()) {
        return work.run(connection);
      }
    }
  }

  /** The connections of handles of the application's Jdbi, which opens and closes them. */
  record ThroughJdbi(Jdbi jdbi) implements ConnectionSource {
    @Override
    public <T extends @Nullable Object, X extends Exception> T withConnection(Work<T, X> work)
        throws SQLException, X {
      try (Handle handle = jdbi.open()) {
        return work.run(handle.getConnection());
      }
    }
  }
}
