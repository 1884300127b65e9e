package dev.progress.jdbc;

import dev.progress.core.spi.ProgressStore;
import dev.progress.core.spi.ProgressStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The core's store contract on PostgreSQL for a store made from the pool itself ({@code create(DataSource)}),
 * whose connections do not pass through Jdbi handles (the other contract tests give the store a Jdbi).
 */
class PostgresDataSourceStoreContractTest extends ProgressStoreContract {
  @RegisterExtension static final PostgresDatabase PG = new PostgresDatabase();

  @Override
  protected ProgressStore newStore() {
    PG.truncate();
    return JdbiProgressStore.create(PG.dataSource());
  }
}
