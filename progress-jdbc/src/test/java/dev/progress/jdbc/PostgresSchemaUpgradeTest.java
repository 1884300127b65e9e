package dev.progress.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SchemaUpgradeContract} on PostgreSQL, each test on a database of its own in the run's server. */
class PostgresSchemaUpgradeTest extends SchemaUpgradeContract {
  @RegisterExtension static final PostgresDatabase PG = new PostgresDatabase(false);
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final List<HikariDataSource> opened = new ArrayList<>();

  @Override
  DataSource emptyDatabase() {
    String name = "upgrade_" + DATABASES.incrementAndGet();
    Jdbi.create(PG.server().getPostgresDatabase()).useHandle(h -> h.execute("CREATE DATABASE " + name));
    HikariDataSource pool = PostgresDatabase.pool(PG.port(), name, 2);
    opened.add(pool);
    return pool;
  }

  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @AfterEach
  void close() {
    opened.forEach(HikariDataSource::close);
  }
}
