package dev.progress.jdbc;

import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ProgressSchemaVerifyContract} on PostgreSQL, each test on a database of its own. */
class PostgresSchemaVerifyTest extends ProgressSchemaVerifyContract {
  @RegisterExtension static final PostgresDatabase PG = new PostgresDatabase(false);
  private static final AtomicInteger DATABASES = new AtomicInteger();

  @Override
  Jdbi emptyDatabase() {
    String name = "verify_" + DATABASES.incrementAndGet();
    Jdbi.create(PG.server().getPostgresDatabase()).useHandle(h -> h.execute("CREATE DATABASE " + name));
    return Jdbi.create(PostgresDatabase.url(PG.port(), name));
  }
}
