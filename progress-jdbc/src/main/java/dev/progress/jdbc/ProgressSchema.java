package dev.progress.jdbc;

import static java.util.Objects.requireNonNull;

import dev.progress.core.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Creates and upgrades the tables of {@link JdbiProgressStore}, for applications that run neither Flyway nor
 * Liquibase. It applies the same versioned scripts those tools would ({@code db/migration/<dialect>/V<n>__*.sql})
 * and records each applied version in its own table, {@code progress_schema_version}. Installing is idempotent
 * and safe when several application instances start at once: on PostgreSQL the whole install runs in one
 * transaction under a transaction-scoped advisory lock (DDL is transactional there); on H2, whose DDL commits
 * at once, the scripts only create what does not exist yet. Applications that use Flyway should include the
 * scripts in their own migrations instead and not call this class.
 *
 * <p>{@link #verify} checks that a database holds the tables, columns and unique keys this release reads and
 * writes, whoever created them (this class or Flyway), and names what is missing or wrong; {@link #install}
 * ends with it. Safe for concurrent use.
 */
public final class ProgressSchema {
  /** The schema version this release of the module installs and expects. */
  public static final int CURRENT_VERSION = 5;

  /**
   * The scripts of each dialect's folder, in version order; version n is element n - 1. A database at an older
   * version is brought up to date in place, its data kept (V2 drops the V1 UUID columns for natural keys; V3
   * keeps the components of figures as PostgreSQL json instead of jsonb; V4 reads a key's current figure from
   * its latest history row on PostgreSQL, dropping {@code progress_current} there; V5 widens H2's id columns to
   * VARCHAR(256), since H2 counts UTF-16 units and an id is up to 128 code points). Both dialects have every
   * version, a script that changes nothing where the dialect needs no change.
   */
  private static final List<String> MIGRATIONS = List.of("V1__progress_schema.sql", "V2__natural_keys.sql",
      "V3__components_as_json.sql", "V4__figures_from_history.sql", "V5__ids_of_128_code_points.sql");

  /** Arbitrary constant naming the installer's advisory lock ("progress" in ASCII). */
  private static final long ADVISORY_LOCK_KEY = 0x70726f6772657373L;

  private static final Object H2_LOCK = new Object();

  private ProgressSchema() {}

  /**
   * Brings the schema of the connection's current schema (search path) up to {@link #CURRENT_VERSION}, then
   * {@linkplain #verify verifies} it. A database written by an earlier release is upgraded in place with its
   * data: the scripts after its recorded version run in order (on PostgreSQL in the install's one transaction, so
   * an upgrade is applied whole or not at all). Stop the earlier release's writers first: its statements do not
   * fit the new tables. A version already recorded is never applied again, so tables dropped or altered since are
   * reported, not recreated.
   *
   * @return the installed version
   * @throws InvalidSchemaException when the tables are not what this release expects, naming each problem
   * @throws StoreException when the database fails
   */
  public static int install(Jdbi jdbi) {
    requireNonNull(jdbi, "jdbi");
    try {
      Dialect dialect = jdbi.withHandle(h -> Dialect.of(h.getConnection()));
      if (dialect == Dialect.POSTGRESQL) {
        jdbi.inTransaction(h -> {
          h.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:key)) AS locked")
              .bind("key", ADVISORY_LOCK_KEY)
              .mapTo(Integer.class)
              .one();
          return migrate(h, dialect);
        });
      } else {
        synchronized (H2_LOCK) {
          jdbi.inTransaction(h -> migrate(h, dialect));
        }
      }
    } catch (JdbiException | SQLException e) {
      throw new StoreException("installing the progress schema failed: " + Failures.describe(e), e);
    }
    return verify(jdbi);
  }

  /**
   * Checks that the database holds what this release reads and writes: the tables of the store (on PostgreSQL
   * {@code progress_users}, {@code progress_events} and {@code progress_snapshots}; H2 also keeps {@code
   * progress_current}) with
   * every column in a compatible type, every id column long enough for 128 code points, the unique keys that
   * make events idempotent, and, when {@link
   * #install} recorded a version, that it is {@link #CURRENT_VERSION}. Reads only; creates nothing. Tables
   * created by Flyway from the shipped migrations (no version table) pass.
   *
   * @return the schema version: the one recorded by {@link #install}, or {@link #CURRENT_VERSION} for tables
   *     created without it; 0 when there is no progress table at all (nothing installed yet)
   * @throws InvalidSchemaException naming every table, column or key that is missing or of another type, or
   *     a recorded version other than this release's, e.g. {@code table progress_snapshots is missing}
   * @throws StoreException when the database fails
   */
  public static int verify(Jdbi jdbi) {
    requireNonNull(jdbi, "jdbi");
    int recorded = installedVersion(jdbi);
    List<String> missingTables = new ArrayList<>();
    List<String> problems;
    Dialect dialect;
    try {
      dialect = jdbi.withHandle(h -> Dialect.of(h.getConnection()));
      problems = jdbi.withHandle(h -> SchemaCheck.problems(h.getConnection(), missingTables));
    } catch (JdbiException | SQLException e) {
      throw new StoreException("verifying the progress schema failed: " + Failures.describe(e), e);
    }
    if (recorded == 0 && missingTables.equals(SchemaCheck.tableNames(dialect))) {
      return 0;
    }
    if (recorded > CURRENT_VERSION) {
      problems.add(0, "the schema is at version " + recorded + ", newer than the version " + CURRENT_VERSION
          + " this release of progress-jdbc knows; upgrade progress-jdbc");
    } else if (recorded != 0 && recorded < CURRENT_VERSION) {
      problems.add(0, "the schema is at version " + recorded + ", older than version " + CURRENT_VERSION
          + "; run ProgressSchema.install to upgrade it");
    }
    if (!problems.isEmpty()) {
      throw new InvalidSchemaException("the progress schema is not usable: " + String.join("; ", problems));
    }
    return recorded == 0 ? CURRENT_VERSION : recorded;
  }

  /** {@link #verify(Jdbi)} over a {@link DataSource} the caller owns. */
  public static int verify(DataSource dataSource) {
    return verify(Jdbi.create(requireNonNull(dataSource, "dataSource")));
  }

  /** {@link #install(Jdbi)} over a {@link DataSource} the caller owns. */
  public static int install(DataSource dataSource) {
    return install(Jdbi.create(requireNonNull(dataSource, "dataSource")));
  }

  /** The version recorded by the installer, 0 when it never ran here. Reads only; creates nothing. */
  public static int installedVersion(Jdbi jdbi) {
    requireNonNull(jdbi, "jdbi");
    try {
      return jdbi.withHandle(ProgressSchema::currentVersion);
    } catch (JdbiException e) {
      if (e.getCause() instanceof SQLException sql && sql.getSQLState() != null
          && List.of("42P01", "42S02", "42S04").contains(sql.getSQLState())) {
        return 0; // no progress_schema_version table (PostgreSQL 42P01; H2 42S02, or 42S04 in an empty database)
      }
      throw new StoreException("reading the progress schema version failed: " + Failures.describe(e), e);
    }
  }

  private static final String VERSION_TABLE = """
      CREATE TABLE IF NOT EXISTS progress_schema_version (
        version      INTEGER      NOT NULL PRIMARY KEY,
        script       VARCHAR(200) NOT NULL,
        installed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
      )""";

  private static int migrate(Handle h, Dialect dialect) {
    h.execute(VERSION_TABLE);
    int current = currentVersion(h);
    for (int version = current + 1; version <= MIGRATIONS.size(); version++) {
      String script = MIGRATIONS.get(version - 1);
      h.createScript(load(dialect.migrationFolder() + "/" + script)).execute();
      // H2 has no transactional DDL and no advisory lock: its scripts use IF NOT EXISTS and the version row is
      // merged, so even two processes installing into one H2 server end in the same state.
      h.createUpdate(dialect == Dialect.POSTGRESQL
              ? "INSERT INTO progress_schema_version (version, script) VALUES (:version, :script)"
              : "MERGE INTO progress_schema_version (version, script) KEY (version) VALUES (:version, :script)")
          .bind("version", version)
          .bind("script", script)
          .execute();
    }
    return Math.max(current, MIGRATIONS.size());
  }

  private static int currentVersion(Handle h) {
    return h.createQuery("SELECT COALESCE(MAX(version), 0) FROM progress_schema_version").mapTo(Integer.class).one();
  }

  private static String load(String resource) {
    try (InputStream in = ProgressSchema.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("migration " + resource + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read migration " + resource, e);
    }
  }
}
