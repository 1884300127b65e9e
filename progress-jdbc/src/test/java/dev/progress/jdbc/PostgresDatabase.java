package dev.progress.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh PostgreSQL database (with the progress schema installed) for each test class that registers this
 * extension as a static field, all in ONE embedded PostgreSQL server per test run, started on first use and
 * stopped when the run ends. Not thread-safe; JUnit calls it from one thread.
 */
final class PostgresDatabase implements BeforeAllCallback, AfterAllCallback {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final boolean installSchema;
  private EmbeddedPostgres server;
  private String name;
  private HikariDataSource dataSource;
  private Jdbi jdbi;

  PostgresDatabase() {
    this(true);
  }

  PostgresDatabase(boolean installSchema) {
    this.installSchema = installSchema;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = server(context);
    String cls = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT);
    name = "t" + DATABASES.incrementAndGet() + "_" + cls.substring(0, Math.min(cls.length(), 40));
    Jdbi.create(server.getPostgresDatabase()).useHandle(h -> h.execute("CREATE DATABASE " + name));
    dataSource = pool(server.getPort(), name, 8);
    jdbi = Jdbi.create(dataSource);
    if (installSchema) {
      ProgressSchema.install(jdbi);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    dataSource.close();
  }

  /** The shared server; started by the first test class that needs it, stopped at the end of the run. */
  static EmbeddedPostgres server(ExtensionContext context) {
    return context.getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(SharedServer.class, k -> SharedServer.start(), SharedServer.class)
        .postgres;
  }

  static HikariDataSource pool(int port, String database, int size) {
    return pool(url(port, database), size);
  }

  static HikariDataSource pool(String url, int size) {
    String database = url.replaceAll(".*/([^/?]+)\\?.*", "$1");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername("postgres");
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(10_000);
    config.setPoolName("pg-" + database);
    return new HikariDataSource(config);
  }

  static String url(int port, String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database + "?user=postgres";
  }

  /** The run's shared server, for a test that needs a database of its own. */
  EmbeddedPostgres server() {
    return server;
  }

  String name() {
    return name;
  }

  String url() {
    return url(port(), name);
  }

  int port() {
    return Integer.parseInt(dataSource.getJdbcUrl().replaceAll(".*:(\\d+)/.*", "$1"));
  }

  DataSource dataSource() {
    return dataSource;
  }

  Jdbi jdbi() {
    return jdbi;
  }

  /** Empties every progress table, for a test that needs a store with no data. */
  void truncate() {
    jdbi.useHandle(h -> h.execute(
        "TRUNCATE progress_events, progress_snapshots, progress_users"));
  }

  /** Holds the run's server; JUnit closes it when the root context ends. */
  private static final class SharedServer implements AutoCloseable {
    final EmbeddedPostgres postgres;

    private SharedServer(EmbeddedPostgres postgres) {
      this.postgres = postgres;
    }

    static SharedServer start() {
      try {
        return new SharedServer(EmbeddedPostgres.builder().start());
      } catch (IOException e) {
        throw new UncheckedIOException("embedded PostgreSQL did not start", e);
      }
    }

    @Override
    public void close() throws IOException {
      postgres.close();
    }
  }
}
