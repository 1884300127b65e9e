package dev.progress.jdbc;

import dev.progress.core.spi.FindingStoreContract;
import dev.progress.core.spi.ProgressStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on the embedded PostgreSQL with trackers that keep no ids: the store finds events by id. */
class PostgresFindingStoreContractTest extends FindingStoreContract {
  @RegisterExtension static final PostgresDatabase PG = new PostgresDatabase();

  @Override
  protected ProgressStore newStore() {
    PG.truncate();
    return JdbiProgressStore.create(PG.jdbi()).findingEventsById();
  }
}
