package dev.progress.jdbc;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2JdbiProgressStoreTest extends JdbiProgressStoreTest {
  @RegisterExtension final H2Database h2 = new H2Database();

  @Override
  Jdbi jdbi() {
    return h2.jdbi();
  }
}
