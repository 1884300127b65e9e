package dev.progress.jdbc;

import dev.progress.core.spi.ProgressStore;
import dev.progress.core.spi.ProgressStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The core's store contract, on the embedded PostgreSQL (emptied before each test). */
class PostgresProgressStoreContractTest extends ProgressStoreContract {
  @RegisterExtension static final PostgresDatabase PG = new PostgresDatabase();

  @Override
  protected ProgressStore newStore() {
    PG.truncate();
    return JdbiProgressStore.create(PG.jdbi());
  }
}
