package dev.progress.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every row of a table as plain Java values, and back as SQL: how the V1 fixtures under {@code db/v1-fixture}
 * were written ({@link V1FixtureMain}), how the upgrade test loads them, and how it compares a table's rows
 * before and after an upgrade. Values are read by column type name, so both dialects give the same values:
 * text as String, integers as Long, doubles as Double, timestamps as OffsetDateTime in UTC, JSON and UUID as
 * their text. Stateless.
 */
final class TableDump {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS'+00:00'", Locale.ROOT);

  private TableDump() {}

  /** The rows of {@code table} in {@code orderBy} order, each as column name (lower case) to value. */
  static List<Map<String, Object>> rows(Connection connection, String table, String orderBy) throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("SELECT * FROM " + table + " ORDER BY " + orderBy)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnName(i).toLowerCase(Locale.ROOT), value(rs, i, meta.getColumnTypeName(i)));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static Object value(ResultSet rs, int column, String typeName) throws SQLException {
    String type = typeName.toLowerCase(Locale.ROOT);
    Object value = switch (type) {
      case "bigint", "int8", "integer", "int4", "smallint", "int2" -> rs.getLong(column);
      case "double precision", "float8" -> rs.getDouble(column);
      case "timestamp with time zone", "timestamptz" -> {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        yield t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
      }
      default -> rs.getString(column); // text, uuid, json
    };
    return rs.wasNull() ? Null.NULL : value;
  }

  /** SQL NULL, as a value a map can hold and {@code equals} can compare. */
  enum Null { NULL }

  /**
   * One INSERT per row, one per line (control characters in text are escaped, so no literal spans lines), in
   * the literal syntax of the dialect: JSON as {@code JSON '...'} on H2 and {@code '...'::jsonb} on PostgreSQL.
   *
   * @param jsonColumns the columns holding JSON
   */
  static String inserts(Dialect dialect, String table, List<Map<String, Object>> rows, List<String> jsonColumns) {
    StringBuilder out = new StringBuilder();
    for (Map<String, Object> row : rows) {
      out.append("INSERT INTO ").append(table).append(" (").append(String.join(", ", row.keySet()))
          .append(") VALUES (");
      boolean first = true;
      for (Map.Entry<String, Object> column : row.entrySet()) {
        out.append(first ? "" : ", ");
        first = false;
        out.append(literal(dialect, column.getValue(), jsonColumns.contains(column.getKey())));
      }
      out.append(");\n");
    }
    return out.toString();
  }

  private static String literal(Dialect dialect, Object value, boolean json) {
    if (value == Null.NULL) {
      return "NULL";
    }
    if (value instanceof Long || value instanceof Double) {
      return value.toString();
    }
    if (value instanceof OffsetDateTime t) {
      return "TIMESTAMP WITH TIME ZONE '" + TIMESTAMP.format(t) + "'";
    }
    String text = (String) value;
    if (json) {
      // JSON text escapes its control characters itself; a backslash in a standard string literal is itself
      String quoted = "'" + text.replace("'", "''") + "'";
      return dialect == Dialect.H2 ? "JSON " + quoted : quoted + "::jsonb";
    }
    return string(dialect, text);
  }

  private static String string(Dialect dialect, String text) {
    boolean control = text.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    if (!control) {
      return "'" + text.replace("'", "''") + "'";
    }
    StringBuilder out = new StringBuilder(dialect == Dialect.H2 ? "U&'" : "E'");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'') {
        out.append("''");
      } else if (c == '\\') {
        out.append("\\\\");
      } else if (c < 0x20 || c == 0x7f) {
        out.append(dialect == Dialect.H2 ? String.format(Locale.ROOT, "\\%04x", (int) c)
            : String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('\'').toString();
  }

  /** Runs each statement of a file {@link #inserts} (and comment lines, {@code --}) wrote: one per line. */
  static void load(Connection connection, String resource) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String line : read(resource).split("\n")) {
        if (!line.isBlank() && !line.startsWith("--")) {
          statement.execute(line.endsWith(";") ? line.substring(0, line.length() - 1) : line);
        }
      }
    }
  }

  static String read(String resource) {
    try (InputStream in = TableDump.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
