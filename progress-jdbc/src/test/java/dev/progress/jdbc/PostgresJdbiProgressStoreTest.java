package dev.progress.jdbc;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresJdbiProgressStoreTest extends JdbiProgressStoreTest {
  @RegisterExtension static final PostgresDatabase PG = new PostgresDatabase();

  @BeforeEach
  void empty() {
    PG.truncate();
  }

  @Override
  Jdbi jdbi() {
    return PG.jdbi();
  }
}
