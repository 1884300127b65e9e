package dev.progress.jdbc;

import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;

/** {@link ProgressSchemaVerifyContract} on H2, each test on a database of its own. */
class H2SchemaVerifyTest extends ProgressSchemaVerifyContract {
  private final List<Jdbi> opened = new ArrayList<>();

  @Override
  Jdbi emptyDatabase() {
    Jdbi jdbi = Jdbi.create("jdbc:h2:mem:verify-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    opened.add(jdbi);
    return jdbi;
  }

  @AfterEach
  void shutdown() throws Exception {
    for (Jdbi jdbi : opened) {
      jdbi.useHandle(h -> h.getConnection().createStatement().execute("SHUTDOWN"));
    }
  }
}
