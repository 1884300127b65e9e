package dev.progress.jdbc;

import java.sql.SQLException;

/**
 * Turns a database failure into the short text of a {@link dev.progress.core.StoreException} message. JDBI's own
 * message repeats the statement and every bound value (whole arrays of events here), which does not belong in
 * a track result; the database's message does, and the full exception stays attached as the cause.
 */
final class Failures {
  private Failures() {}

  static String describe(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState() == null ? "" : " (SQLState " + sql.getSQLState() + ")";
        return sql.getMessage() + state;
      }
    }
    return String.valueOf(e.getMessage());
  }
}
