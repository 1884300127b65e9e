package dev.progress.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Rows the store wrote to one of its tables, read back with every column the table has, so that a raw baseline
 * can write rows of exactly the store's shape (the same columns, the same values and sizes) whatever the schema
 * version: the V1 tables with their surrogate UUID columns ({@code id}, {@code snapshot_id}) or the natural-key
 * tables without them. Immutable after {@link #read}; the statements it makes are used by one thread.
 */
final class StoredRows {
  final String table;
  private final List<String> columns;
  private final int[] sqlTypes;
  private final List<@Nullable Object[]> rows;

  private StoredRows(String table, List<String> columns, int[] sqlTypes, List<@Nullable Object[]> rows) {
    this.table = table;
    this.columns = List.copyOf(columns);
    this.sqlTypes = sqlTypes;
    this.rows = rows;
  }

  /**
   * Creates {@code table}, a table of the raw baselines' own holding each key's latest figure row of {@code
   * progress_snapshots} (every column, of every schema version) under the primary key {@code (user_id, level,
   * subject_id)}: what a hand-written service that keeps current figures by key reads and upserts. The store
   * keeps no such table on PostgreSQL since schema version 4 (it reads a key's latest history row); before, it
   * was its {@code progress_current}.
   */
  static void createLatestFigures(Connection c, String table) throws SQLException {
    try (var statement = c.createStatement()) {
      statement.execute("CREATE TABLE " + table + " AS SELECT DISTINCT ON (user_id, level, subject_id) *"
          + " FROM progress_snapshots ORDER BY user_id, level, subject_id, version DESC");
      statement.execute("ALTER TABLE " + table + " ADD PRIMARY KEY (user_id, level, subject_id)");
    }
  }

  /**
   * The rows of {@code SELECT * FROM <table> WHERE <where>} (the where clause with {@code ?} for {@code params}),
   * in the order of {@code orderBy}.
   */
  static StoredRows read(Connection c, String table, String where, String orderBy, Object... params)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT * FROM " + table + " t WHERE " + where + " ORDER BY " + orderBy)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        int[] types = new int[meta.getColumnCount()];
        for (int i = 1; i <= types.length; i++) {
          columns.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
          types[i - 1] = meta.getColumnType(i);
        }
        List<@Nullable Object[]> rows = new ArrayList<>();
        while (rs.next()) {
          Object[] row = new Object[types.length];
          for (int i = 0; i < row.length; i++) {
            row[i] = rs.getObject(i + 1);
          }
          rows.add(row);
        }
        return new StoredRows(table, columns, types, rows);
      }
    }
  }

  int size() {
    return rows.size();
  }

  /** The position of a column in a row, or -1 when the table has no such column. */
  int index(String column) {
    return columns.indexOf(column);
  }

  /** A column's position; fails, naming the table, when the table has no such column. */
  int require(String column) {
    int i = index(column);
    if (i < 0) {
      throw new IllegalStateException("table " + table + " has no column '" + column + "' (columns: " + columns + ")");
    }
    return i;
  }

  /** A copy of row {@code i}, to change some values of before {@link #bind}. */
  @Nullable Object[] copy(int i) {
    return Arrays.copyOf(rows.get(i), columns.size());
  }

  /** {@code INSERT INTO <table> (<every column>) VALUES (?, ...)}. */
  String insert() {
    return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
        + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
  }

  /** {@link #insert()} that updates every other column when a row with the same {@code key} exists. */
  String upsert(String... key) {
    Set<String> keys = new TreeSet<>(Arrays.asList(key));
    List<String> sets = new ArrayList<>();
    for (String c : columns) {
      if (!keys.contains(c)) {
        sets.add(c + " = EXCLUDED." + c);
      }
    }
    return insert() + " ON CONFLICT (" + String.join(", ", key) + ") DO UPDATE SET " + String.join(", ", sets);
  }

  /** Binds a row (from {@link #copy}) to a statement of {@link #insert()} or {@link #upsert}. */
  void bind(PreparedStatement ps, @Nullable Object[] row) throws SQLException {
    for (int i = 0; i < row.length; i++) {
      if (row[i] == null) {
        ps.setNull(i + 1, sqlTypes[i]);
      } else {
        ps.setObject(i + 1, row[i]);
      }
    }
  }
}
