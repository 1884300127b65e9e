package dev.progress.core.spi;

import dev.progress.core.InMemoryProgressStore;

class InMemoryProgressStoreContractTest extends ProgressStoreContract {
  @Override
  protected ProgressStore newStore() {
    return InMemoryProgressStore.withHistory();
  }
}
