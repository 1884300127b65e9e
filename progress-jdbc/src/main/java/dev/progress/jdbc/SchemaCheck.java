package dev.progress.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What {@link ProgressSchema#verify} compares the database with: the tables, columns and unique keys of schema
 * version {@link ProgressSchema#CURRENT_VERSION} of the connection's dialect, restated here independently of the
 * migration scripts (a test checks that the scripts of both dialects pass), and no column the store does not write that an insert would
 * have to name (NOT NULL without a default, such as the UUID keys of schema version 1), and id columns long
 * enough for an id of 128 code points (on H2, which counts UTF-16 units, 256 of them). Columns are read the
 * way the store's own statements see them (a {@code SELECT * ... WHERE 1 = 0} through the connection's search
 * path); unique keys and nullability through the JDBC metadata of that table name. Stateless.
 */
final class SchemaCheck {
  /** Column types, by the names PostgreSQL and H2 report in result-set metadata (lower case). */
  enum Type {
    TEXT("character varying", "varchar", "text"),
    BIGINT("bigint", "int8"),
    INTEGER("integer", "int4"),
    SMALLINT("smallint", "int2"),
    DOUBLE("double precision", "float8"),
    TIMESTAMPTZ("timestamp with time zone", "timestamptz"),
    JSON("json", "jsonb"),
    /** JSON kept as its text: PostgreSQL's json, not jsonb (H2 keeps all JSON so). */
    JSON_TEXT("json");

    private final Set<String> names;

    Type(String... names) {
      this.names = Set.of(names);
    }

    boolean accepts(String typeName) {
      return names.contains(typeName.toLowerCase(Locale.ROOT));
    }

    String sqlName() {
      return name().equals("TIMESTAMPTZ") ? "timestamp with time zone"
          : name().equals("DOUBLE") ? "double precision" : name().equals("JSON_TEXT") ? "json"
          : name().toLowerCase(Locale.ROOT);
    }
  }

  private record Table(String name, Map<String, Type> columns, List<List<String>> uniqueKeys) {}

  private static final Type T = Type.TEXT;
  private static final Type B = Type.BIGINT;

  private static final List<Table> TABLES = List.of(
      new Table("progress_users",
          columns("user_id", T, "version", B, "event_count", B, "created_at", Type.TIMESTAMPTZ,
              "updated_at", Type.TIMESTAMPTZ),
          List.of(List.of("user_id"))),
      new Table("progress_events",
          columns("user_id", T, "seq", B, "version", B, "event_id", T, "space_id", T, "goal_id", T, "item_id", T,
              "event_type", T, "event_value", Type.DOUBLE, "occurred_at", Type.TIMESTAMPTZ,
              "occurred_at_ns", Type.SMALLINT, "recorded_at", Type.TIMESTAMPTZ, "metadata", Type.JSON),
          List.of(List.of("user_id", "seq"), List.of("user_id", "event_id"))),
      new Table("progress_snapshots",
          columns("user_id", T, "level", T, "subject_id", T, "version", B, "goal_id", T, "total", Type.DOUBLE,
              "components", Type.JSON_TEXT, "rules_version", T, "recorded_at", Type.TIMESTAMPTZ,
              "recorded_at_ns", Type.SMALLINT),
          List.of(List.of("user_id", "level", "subject_id", "version"))),
      new Table("progress_current",
          columns("user_id", T, "level", T, "subject_id", T, "version", B, "goal_id", T, "total", Type.DOUBLE,
              "components", Type.JSON_TEXT, "rules_version", T, "recorded_at", Type.TIMESTAMPTZ,
              "recorded_at_ns", Type.SMALLINT),
          List.of(List.of("user_id", "level", "subject_id"))));

  /** Columns of schema version 1 that version 2 dropped: NOT NULL, and the store no longer writes them. */
  private static final Set<String> VERSION_1_COLUMNS =
      Set.of("progress_events.id", "progress_snapshots.id", "progress_current.snapshot_id");

  /**
   * The columns that hold an id (user, event, space, goal or item id, or a figure's subject: a space id, goal id or
   * skill), each 1..128 code points by the model.
   */
  private static final Set<String> ID_COLUMNS = Set.of("progress_users.user_id", "progress_events.user_id",
      "progress_events.event_id", "progress_events.space_id", "progress_events.goal_id", "progress_events.item_id",
      "progress_snapshots.user_id", "progress_snapshots.subject_id", "progress_snapshots.goal_id",
      "progress_current.user_id", "progress_current.subject_id", "progress_current.goal_id");

  /** The longest id, in code points. */
  private static final int MAX_ID_CODE_POINTS = 128;

  /** SQLStates of "no such table": PostgreSQL 42P01; H2 42S02, or 42S04 in some versions. */
  private static final Set<String> NO_TABLE = Set.of("42P01", "42S02", "42S04");

  private SchemaCheck() {}

  /**
   * The table PostgreSQL no longer has from schema version 4 on (a key's current figure is its latest history
   * row there); H2 keeps it.
   */
  private static final String CURRENT_TABLE = "progress_current";

  /** The tables the store uses on the dialect, in creation order. */
  private static List<Table> tables(Dialect dialect) {
    return dialect == Dialect.POSTGRESQL
        ? TABLES.stream().filter(t -> !t.name().equals(CURRENT_TABLE)).toList() : TABLES;
  }

  /** The names of the tables the store uses on the dialect, in creation order. */
  static List<String> tableNames(Dialect dialect) {
    return tables(dialect).stream().map(Table::name).toList();
  }

  /**
   * Every difference between the database and the expected tables, one sentence each, in table order; empty
   * when they match.
   *
   * @param missingTables receives the names of the tables that do not exist at all
   */
  static List<String> problems(Connection connection, List<String> missingTables) throws SQLException {
    List<String> problems = new ArrayList<>();
    Dialect dialect = Dialect.of(connection);
    boolean postgres = dialect == Dialect.POSTGRESQL;
    List<String> narrow = new ArrayList<>();
    for (Table table : tables(dialect)) {
      Map<String, Integer> widths = new TreeMap<>();
      Map<String, String> actual = columns(connection, table.name(), widths);
      if (actual == null) {
        missingTables.add(table.name());
        problems.add("table " + table.name() + " is missing");
        continue;
      }
      table.columns().forEach((column, type) -> {
        String found = actual.get(column);
        if (found == null) {
          problems.add("column " + table.name() + "." + column + " is missing");
        } else if (!type.accepts(found)) {
          problems.add("column " + table.name() + "." + column + " is " + found.toLowerCase(Locale.ROOT)
              + ", not " + type.sqlName() + (type == Type.JSON_TEXT && Type.JSON.accepts(found)
                  ? " (jsonb before schema version 3: run ProgressSchema.install, or apply V3__components_as_json.sql)"
                  : ""));
        } else if (type == Type.JSON && postgres && !found.equalsIgnoreCase("jsonb")) {
          // the store COPYs event rows in binary, where a json column would refuse jsonb's version byte
          problems.add("column " + table.name() + "." + column + " is " + found.toLowerCase(Locale.ROOT)
              + ", not jsonb");
        }
      });
      for (Map.Entry<String, String> column : actual.entrySet()) {
        String name = table.name() + "." + column.getKey();
        int width = widths.getOrDefault(column.getKey(), 0);
        if (ID_COLUMNS.contains(name) && T.accepts(column.getValue()) && width > 0 && width < minimumIdWidth(dialect)) {
          narrow.add(name + " (" + width + ")");
        }
      }
      for (String column : requiredColumns(connection, table.name())) {
        if (actual.containsKey(column) && !table.columns().containsKey(column)) {
          String name = table.name() + "." + column;
          problems.add("column " + name + " is NOT NULL without a default, and progress-jdbc does not write it"
              + (VERSION_1_COLUMNS.contains(name)
                  ? " (a column of schema version 1: run ProgressSchema.install, or apply V2__natural_keys.sql)" : ""));
        }
      }
      Set<Set<String>> keys = uniqueKeys(connection, table.name());
      for (List<String> key : table.uniqueKeys()) {
        if (!keys.contains(new TreeSet<>(key))) {
          problems.add("table " + table.name() + " has no unique key on (" + String.join(", ", key) + ")");
        }
      }
    }
    if (!narrow.isEmpty()) {
      problems.add("id columns hold fewer than " + minimumIdWidth(dialect) + (postgres
          ? " characters, and an id may have " + MAX_ID_CODE_POINTS + ": " + String.join(", ", narrow)
          : " UTF-16 units, and an id of " + MAX_ID_CODE_POINTS + " code points may take " + 2 * MAX_ID_CODE_POINTS
              + " (H2 counts UTF-16 units): " + String.join(", ", narrow)
              + " (before schema version 5: run ProgressSchema.install, or apply V5__ids_of_128_code_points.sql)"));
    }
    if (postgres && tableExists(connection, CURRENT_TABLE)) {
      // left by an earlier version: no longer written, so its figures would go stale for whoever reads it
      problems.add("table " + CURRENT_TABLE + " is from schema version 3 or earlier, and progress-jdbc no longer"
          + " writes it (run ProgressSchema.install, or apply V4__figures_from_history.sql)");
    }
    return problems;
  }

  /** Whether PostgreSQL finds a table of that name on the search path (no failed statement if not). */
  private static boolean tableExists(Connection connection, String table) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT 1 FROM pg_class WHERE oid = to_regclass(?) AND relkind IN ('r', 'p')")) {
      statement.setString(1, table);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * The shortest an id column may be, in the dialect's unit: PostgreSQL counts characters (code points), H2 UTF-16
   * units, of which a code point takes at most 2.
   */
  private static int minimumIdWidth(Dialect dialect) {
    return dialect == Dialect.POSTGRESQL ? MAX_ID_CODE_POINTS : 2 * MAX_ID_CODE_POINTS;
  }

  /**
   * The table's columns and their type names as the store's statements see them; null when it does not exist.
   *
   * @param widths receives each column's precision as the driver reports it (a VARCHAR's declared length; 0 or
   *     a very large number when unbounded)
   */
  private static @Nullable Map<String, String> columns(Connection connection, String table,
      Map<String, Integer> widths) throws SQLException {
    // A failed statement would abort an enclosing PostgreSQL transaction: ProgressSchema calls this outside one.
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
      ResultSetMetaData meta = rs.getMetaData();
      Map<String, String> columns = new TreeMap<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        String name = meta.getColumnName(i).toLowerCase(Locale.ROOT);
        columns.put(name, meta.getColumnTypeName(i));
        widths.put(name, meta.getPrecision(i));
      }
      return columns;
    } catch (SQLException e) {
      if (e.getSQLState() != null && NO_TABLE.contains(e.getSQLState())) {
        return null;
      }
      throw e;
    }
  }

  /** The table's columns (lower case) that are NOT NULL and have no default: an INSERT must name them. */
  private static Set<String> requiredColumns(Connection connection, String table) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    String name = meta.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
    Set<String> required = new TreeSet<>();
    try (ResultSet rs = meta.getColumns(connection.getCatalog(), connection.getSchema(), name, null)) {
      while (rs.next()) {
        if (rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls && rs.getString("COLUMN_DEF") == null
            && !"YES".equals(rs.getString("IS_AUTOINCREMENT")) && !"YES".equals(rs.getString("IS_GENERATEDCOLUMN"))) {
          required.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
        }
      }
    }
    return required;
  }

  /** The column sets (lower case) of the table's unique indexes, primary key included. */
  private static Set<Set<String>> uniqueKeys(Connection connection, String table) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    String name = meta.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
    Map<String, Set<String>> byIndex = new LinkedHashMap<>();
    try (ResultSet rs = meta.getIndexInfo(connection.getCatalog(), connection.getSchema(), name, true, true)) {
      while (rs.next()) {
        String index = rs.getString("INDEX_NAME");
        String column = rs.getString("COLUMN_NAME");
        if (index != null && column != null) {
          byIndex.computeIfAbsent(index, k -> new TreeSet<>()).add(column.toLowerCase(Locale.ROOT));
        }
      }
    }
    return Set.copyOf(byIndex.values());
  }

  private static Map<String, Type> columns(Object... namesAndTypes) {
    Map<String, Type> columns = new LinkedHashMap<>();
    for (int i = 0; i < namesAndTypes.length; i += 2) {
      columns.put((String) namesAndTypes[i], (Type) namesAndTypes[i + 1]);
    }
    return columns;
  }
}
