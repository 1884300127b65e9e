package dev.progress.examples.cli;

import dev.progress.core.ProgressException;
import dev.progress.jdbc.JdbiProgressStore;
import dev.progress.jdbc.ProgressSchema;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;

/**
 * The database of {@code import}, {@code show} and {@code demo}: a {@link Jdbi} over the URL, the progress
 * schema and a {@link JdbiProgressStore}. H2 URLs get H2's small connection pool and one connection held open
 * for the command's duration, so that a file or in-memory database stays open between transactions; other
 * URLs (PostgreSQL) open a connection per transaction. Not thread-safe; one command uses one instance.
 */
final class Database implements AutoCloseable {
  /** An H2 file database in the working directory: {@code ./progress-data.mv.db}. */
  static final String DEFAULT_URL = "jdbc:h2:./progress-data";

  private static final int H2_DATABASE_NOT_FOUND = 90013;
  private static final int H2_DATABASE_NOT_FOUND_WITH_IF_EXISTS = 90146;
  private static final int H2_DATABASE_ALREADY_OPEN = 90020;

  private final String url;
  private final Jdbi jdbi;
  private final JdbiProgressStore store;
  private final @Nullable JdbcConnectionPool pool;
  private final @Nullable Handle keepOpen;

  private Database(String url, Jdbi jdbi, JdbiProgressStore store, @Nullable JdbcConnectionPool pool,
      @Nullable Handle keepOpen) {
    this.url = url;
    this.jdbi = jdbi;
    this.store = store;
    this.pool = pool;
    this.keepOpen = keepOpen;
  }

  /**
   * Opens the database, creating it and installing the schema when {@code create}; otherwise it must already
   * hold the progress schema.
   *
   * @throws CommandException when the database cannot be opened or has no progress tables
   */
  static Database open(String url, boolean create) {
    if (!url.startsWith("jdbc:")) {
      throw new CommandException("--db '" + url + "' is not a JDBC URL; use e.g. " + DEFAULT_URL
          + " or jdbc:postgresql://host/db?user=me&password=secret");
    }
    boolean h2 = url.startsWith("jdbc:h2:");
    String effective = h2 && !create && !isInMemory(url) && !url.toUpperCase(Locale.ROOT).contains("IFEXISTS")
        ? url + ";IFEXISTS=TRUE" : url;
    JdbcConnectionPool pool = null;
    Handle keepOpen = null;
    try {
      Jdbi jdbi;
      if (h2) {
        pool = JdbcConnectionPool.create(effective, "", "");
        jdbi = Jdbi.create(pool);
        keepOpen = jdbi.open();
      } else {
        jdbi = Jdbi.create(effective);
      }
      if (create) {
        ProgressSchema.install(jdbi);
      } else if (ProgressSchema.installedVersion(jdbi) == 0) {
        throw new CommandException("the database " + url + " has no progress tables; run progress import first");
      }
      return new Database(url, jdbi, JdbiProgressStore.create(jdbi), pool, keepOpen);
    } catch (JdbiException | ProgressException | IllegalArgumentException e) {
      closeQuietly(keepOpen, pool);
      if (e instanceof CommandException c) {
        throw c;
      }
      throw new CommandException(describe(url, e), e);
    }
  }

  String url() {
    return url;
  }

  Jdbi jdbi() {
    return jdbi;
  }

  JdbiProgressStore store() {
    return store;
  }

  /** The number of stored events of every user, by user id, sorted. */
  Map<String, Long> eventCounts() {
    return store.eventCounts();
  }

  @Override
  public void close() {
    closeQuietly(keepOpen, pool);
  }

  private static boolean isInMemory(String url) {
    return url.startsWith("jdbc:h2:mem:");
  }

  private static String describe(String url, Exception e) {
    Throwable root = e;
    SQLException sql = null;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
      if (root instanceof SQLException s && sql == null) {
        sql = s;
      }
    }
    if (sql != null) {
      switch (sql.getErrorCode()) {
        case H2_DATABASE_NOT_FOUND, H2_DATABASE_NOT_FOUND_WITH_IF_EXISTS -> {
          return "no database at " + url + "; run progress import first";
        }
        case H2_DATABASE_ALREADY_OPEN -> {
          return "the database " + url + " is in use by another process; close it and retry";
        }
        default -> { }
      }
      if ("08001".equals(sql.getSQLState()) && String.valueOf(sql.getMessage()).contains("No suitable driver")) {
        return "no driver for " + url + "; progress knows jdbc:h2: and jdbc:postgresql: URLs";
      }
    }
    String message = String.valueOf(root.getMessage());
    if (message.contains("No suitable driver")) {
      return "no driver for " + url + "; progress knows jdbc:h2: and jdbc:postgresql: URLs";
    }
    int line = message.indexOf('\n');
    return "cannot use the database " + url + ": " + (line > 0 ? message.substring(0, line) : message);
  }

  private static void closeQuietly(@Nullable Handle keepOpen, @Nullable JdbcConnectionPool pool) {
    if (keepOpen != null) {
      try {
        keepOpen.close();
      } catch (RuntimeException ignored) {
        // closing at the end of a command: nothing useful to do with a failure
      }
    }
    if (pool != null) {
      pool.dispose();
    }
  }
}
