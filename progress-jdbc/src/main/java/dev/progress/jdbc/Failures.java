package dev.progress.jdbc;

import java.sql.SQLException;

/**
 * Turns a database failure into the short text of a {@link dev.progress.core.StoreException} message. JDBI's own
 * message repeats the statement and every bound value (whole arrays of events here), which does not belong in
 * a track result; the database's message does, and the full exception stays attached as the cause. The text is
 * one line: H2's copy of the statement and PostgreSQL's detail lines are left to the cause, and credentials of a
 * quoted URL are masked ({@link JdbcUrls#maskCredentials}).
 */
final class Failures {
  private Failures() {}

  static String describe(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState() == null ? "" : " (SQLState " + sql.getSQLState() + ")";
        return firstLine(sql.getMessage()) + state;
      }
    }
    return firstLine(e.getMessage());
  }

  /** The message's first line, without H2's "; SQL statement:" suffix, with credentials masked. */
  static String firstLine(@org.jspecify.annotations.Nullable String message) {
    String text = String.valueOf(message);
    int statement = text.indexOf("; SQL statement:");
    if (statement >= 0) {
      text = text.substring(0, statement);
    }
    int line = text.indexOf('\n');
    if (line >= 0) {
      text = text.substring(0, line);
    }
    return JdbcUrls.maskCredentials(text.strip());
  }
}
