package dev.progress.jdbc;

import dev.progress.core.spi.ProgressStore;
import dev.progress.core.spi.ProgressStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The core's store contract on H2 in its PostgreSQL compatibility mode, which applications often use in tests. */
class H2PostgresModeStoreContractTest extends ProgressStoreContract {
  @RegisterExtension final H2Database h2 = new H2Database(";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");

  @Override
  protected ProgressStore newStore() {
    return JdbiProgressStore.create(h2.jdbi());
  }
}
