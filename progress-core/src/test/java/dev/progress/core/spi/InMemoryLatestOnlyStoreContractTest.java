package dev.progress.core.spi;

import dev.progress.core.InMemoryProgressStore;

class InMemoryLatestOnlyStoreContractTest extends ProgressStoreContract {
  @Override
  protected ProgressStore newStore() {
    return InMemoryProgressStore.create();
  }

  @Override
  protected boolean keepsHistory() {
    return false;
  }
}
