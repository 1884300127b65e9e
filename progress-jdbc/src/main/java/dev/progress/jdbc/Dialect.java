package dev.progress.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The databases this module speaks, recognised from the JDBC connection's metadata. */
enum Dialect {
  POSTGRESQL("postgresql"),
  H2("h2");

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /** Where this dialect's migrations live on the class path, Flyway style. */
  String migrationFolder() {
    return "db/migration/" + folder;
  }

  static Dialect of(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName();
    String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
    if (name.contains("postgresql")) {
      return POSTGRESQL;
    }
    if (name.equals("h2")) {
      return H2;
    }
    throw new IllegalArgumentException(
        "database '" + product + "' is not supported; progress-jdbc supports PostgreSQL and H2");
  }
}
