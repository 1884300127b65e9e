package dev.progress.jdbc;

import dev.progress.core.spi.FindingStoreContract;
import dev.progress.core.spi.ProgressStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on H2 with trackers that keep no ids: the store finds events by id. */
class H2FindingStoreContractTest extends FindingStoreContract {
  @RegisterExtension final H2Database h2 = new H2Database();

  @Override
  protected ProgressStore newStore() {
    return JdbiProgressStore.create(h2.jdbi()).findingEventsById();
  }
}
