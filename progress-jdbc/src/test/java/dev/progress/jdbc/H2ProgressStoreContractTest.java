package dev.progress.jdbc;

import dev.progress.core.spi.ProgressStore;
import dev.progress.core.spi.ProgressStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The core's store contract, on a fresh in-memory H2 database per test. */
class H2ProgressStoreContractTest extends ProgressStoreContract {
  @RegisterExtension final H2Database h2 = new H2Database();

  @Override
  protected ProgressStore newStore() {
    return JdbiProgressStore.create(h2.jdbi());
  }
}
