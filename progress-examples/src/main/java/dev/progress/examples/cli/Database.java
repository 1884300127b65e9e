package dev.progress.examples.cli;

import dev.progress.core.ProgressException;
import dev.progress.core.StoreException;
import dev.progress.jdbc.InvalidSchemaException;
import dev.progress.jdbc.JdbcUrls;
import dev.progress.jdbc.JdbiProgressStore;
import dev.progress.jdbc.ProgressSchema;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;

/**
 * The database of {@code import}, {@code show} and {@code demo}: a {@link Jdbi} over the URL, the progress
 * schema (verified on opening: a dropped or altered table is named at once) and a {@link JdbiProgressStore}.
 * H2 URLs get H2's small connection pool and one connection held open for the command's duration, so that a
 * file or in-memory database stays open between transactions, and {@code TRACE_LEVEL_FILE=0}, so that H2
 * neither writes a {@code .trace.db} file nor prints a stack trace when it cannot; other URLs (PostgreSQL)
 * open a connection per transaction. Every message shows the URL with its credentials masked. Not
 * thread-safe; one command uses one instance.
 */
final class Database implements AutoCloseable {
  /** An H2 file database in the working directory: {@code ./progress-data.mv.db}. */
  static final String DEFAULT_URL = "jdbc:h2:./progress-data";

  private static final int H2_DATABASE_NOT_FOUND = 90013;
  private static final int H2_DATABASE_NOT_FOUND_WITH_IF_EXISTS = 90146;
  private static final int H2_DATABASE_ALREADY_OPEN = 90020;

  /** What a check after a failure found. */
  enum Status {
    /** The database answers, its schema is right and it takes writes: the failure may pass. */
    USABLE,
    /** No connection: the server may be restarting. */
    UNREACHABLE,
    /** The schema is broken or the database is read-only: retrying cannot help. */
    BROKEN
  }

  /** The outcome of {@link #check}: a status and, unless usable, why, in words. */
  record Health(Status status, String detail) {}

  private final String display;
  private final boolean h2;
  private final Jdbi jdbi;
  private final JdbiProgressStore store;
  private final @Nullable JdbcConnectionPool pool;
  private final @Nullable Handle keepOpen;

  private Database(String display, boolean h2, Jdbi jdbi, JdbiProgressStore store, @Nullable JdbcConnectionPool pool,
      @Nullable Handle keepOpen) {
    this.display = display;
    this.h2 = h2;
    this.jdbi = jdbi;
    this.store = store;
    this.pool = pool;
    this.keepOpen = keepOpen;
  }

  /**
   * Opens the database. With {@code forWriting}, creates it and installs the schema when missing, and refuses
   * a read-only database; otherwise it must already hold the progress schema.
   *
   * @throws CommandException when the database cannot be opened, is read-only (for writing), or its progress
   *     tables are missing or not what this release expects
   */
  static Database open(String url, boolean forWriting) {
    String display = display(url);
    if (!url.startsWith("jdbc:")) {
      throw new CommandException("--db '" + display + "' is not a JDBC URL; use e.g. " + DEFAULT_URL
          + " or jdbc:postgresql://host/db?user=me&password=secret");
    }
    boolean h2 = url.startsWith("jdbc:h2:");
    JdbcConnectionPool pool = null;
    Handle keepOpen = null;
    try {
      Jdbi jdbi;
      if (h2) {
        pool = JdbcConnectionPool.create(h2Url(url, forWriting), "", "");
        jdbi = Jdbi.create(pool);
        keepOpen = jdbi.open();
      } else {
        jdbi = Jdbi.create(url);
      }
      if (forWriting) {
        if (isReadOnly(jdbi, h2)) {
          throw new CommandException("the database " + display + " is read-only (a file that cannot be "
              + "written, ACCESS_MODE_DATA=r, or a read-only server); this command writes to it");
        }
        ProgressSchema.install(jdbi);
      } else if (olderRelease(jdbi) && !isReadOnly(jdbi, h2)) {
        ProgressSchema.install(jdbi); // written by an earlier release: upgraded in place, its figures unchanged
      } else if (ProgressSchema.verify(jdbi) == 0) {
        throw new CommandException("the database " + display + " has no progress tables; run progress import first");
      }
      return new Database(display, h2, jdbi, JdbiProgressStore.create(jdbi), pool, keepOpen);
    } catch (JdbiException | ProgressException | IllegalArgumentException e) {
      closeQuietly(keepOpen, pool);
      if (e instanceof CommandException c) {
        throw c;
      }
      if (e instanceof InvalidSchemaException) {
        throw new CommandException("cannot use the database " + display + ": " + e.getMessage(), e);
      }
      throw new CommandException(describe(display, e), e);
    }
  }

  /** The URL as printed: credentials masked. */
  String display() {
    return display;
  }

  /** The URL with its credentials masked ({@code password=***}, {@code user:***@host}). */
  static String display(String url) {
    return JdbcUrls.maskCredentials(url);
  }

  Jdbi jdbi() {
    return jdbi;
  }

  JdbiProgressStore store() {
    return store;
  }

  /**
   * The number of stored events of every user, by user id, sorted ({@link JdbiProgressStore#eventCounts}: no
   * lock taken).
   *
   * @throws StoreException when the database fails; its message names what failed, with credentials masked
   */
  Map<String, Long> eventCounts() {
    return store.eventCounts();
  }

  /**
   * Looks at the database after a write failed, on a connection of its own: can it be reached, is its
   * schema right, does it take writes.
   */
  Health check() {
    try {
      ProgressSchema.verify(jdbi);
      if (isReadOnly(jdbi, h2)) {
        return new Health(Status.BROKEN, "the database " + display + " has become read-only");
      }
      return new Health(Status.USABLE, "");
    } catch (InvalidSchemaException e) {
      return new Health(Status.BROKEN, String.valueOf(e.getMessage()));
    } catch (JdbiException | ProgressException e) {
      return new Health(Status.UNREACHABLE, describe(display, e));
    }
  }

  @Override
  public void close() {
    closeQuietly(keepOpen, pool);
  }

  /**
   * The H2 URL as opened: no trace file ({@code TRACE_LEVEL_FILE=0}: H2 prints a stack trace when it cannot
   * write one), and, when only reading a file database, {@code IFEXISTS=TRUE} so that a typo is not a new
   * empty database. Settings the user gave are kept.
   */
  private static String h2Url(String url, boolean forWriting) {
    String upper = url.toUpperCase(Locale.ROOT);
    StringBuilder effective = new StringBuilder(url);
    if (!upper.contains("TRACE_LEVEL_FILE")) {
      effective.append(";TRACE_LEVEL_FILE=0");
    }
    if (!forWriting && !url.startsWith("jdbc:h2:mem:") && !upper.contains("IFEXISTS")) {
      effective.append(";IFEXISTS=TRUE");
    }
    return effective.toString();
  }

  /** Whether the installer recorded a schema version older than this release's. */
  private static boolean olderRelease(Jdbi jdbi) {
    int installed = ProgressSchema.installedVersion(jdbi);
    return installed > 0 && installed < ProgressSchema.CURRENT_VERSION;
  }

  /** H2 opens a file it cannot write read-only; PostgreSQL says so of a standby or a read-only default. */
  private static boolean isReadOnly(Jdbi jdbi, boolean h2) {
    try {
      return jdbi.withHandle(h -> h2 ? h.getConnection().isReadOnly()
          : "on".equals(h.createQuery("SELECT current_setting('transaction_read_only')").mapTo(String.class).one()));
    } catch (SQLException e) {
      throw new StoreException("cannot tell whether the database is read-only: " + e.getMessage(), e);
    }
  }

  /** A failure to open or use the database, in one line that says what to fix. */
  static String describe(String display, Exception e) {
    Throwable root = e;
    SQLException sql = null;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      root = t;
      if (t instanceof SQLException s && sql == null) {
        sql = s;
      }
      String file = fileProblem(t);
      if (file != null) {
        return "cannot open the database " + display + ": " + file;
      }
    }
    if (sql != null) {
      switch (sql.getErrorCode()) {
        case H2_DATABASE_NOT_FOUND, H2_DATABASE_NOT_FOUND_WITH_IF_EXISTS -> {
          return "no database at " + display + "; run progress import first";
        }
        case H2_DATABASE_ALREADY_OPEN -> {
          return "the database " + display + " is in use by another process; close it and retry";
        }
        default -> { }
      }
    }
    String message = String.valueOf(root.getMessage());
    if (message.contains("No suitable driver")) {
      return "no driver for " + display + "; progress knows jdbc:h2: and jdbc:postgresql: URLs";
    }
    int statement = message.indexOf("; SQL statement:");
    message = statement > 0 ? message.substring(0, statement) : message;
    int line = message.indexOf('\n');
    return display(
        "cannot use the database " + display + ": " + (line > 0 ? message.substring(0, line) : message));
  }

  /** A file-system failure in words ("permission denied"), or null when {@code t} is not one. */
  private static @Nullable String fileProblem(Throwable t) {
    if (t instanceof NotDirectoryException e) {
      return e.getFile() + " is a file, not a directory";
    }
    if (t instanceof AccessDeniedException e) {
      return "permission denied on " + e.getFile();
    }
    if (t instanceof FileSystemException e) {
      String reason = String.valueOf(e.getReason());
      if (reason.contains("Operation not permitted") || reason.contains("Permission denied")) {
        return "permission denied on " + e.getFile();
      }
      if (reason.contains("Read-only file system")) {
        return e.getFile() + " is on a read-only file system";
      }
      return e.getFile() + ": " + reason;
    }
    return null;
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
