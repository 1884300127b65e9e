package dev.progress.jdbc;

import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh in-memory H2 database with the progress schema installed, for each test of a class that registers
 * this extension as an instance field. Not thread-safe; JUnit calls it from one thread.
 */
final class H2Database implements BeforeEachCallback, AfterEachCallback {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final String settings;
  private Jdbi jdbi;
  private String url;

  H2Database() {
    this("");
  }

  /** @param settings extra URL settings, such as {@code ;MODE=PostgreSQL} */
  H2Database(String settings) {
    this.settings = settings;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    url = "jdbc:h2:mem:progress" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000" + settings;
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(url);
    jdbi = Jdbi.create(dataSource);
    ProgressSchema.install(jdbi);
  }

  @Override
  public void afterEach(ExtensionContext context) throws java.sql.SQLException {
    jdbi.useHandle(h -> {
      try (var statement = h.getConnection().createStatement()) {
        statement.execute("SHUTDOWN");
      }
    });
  }

  Jdbi jdbi() {
    return jdbi;
  }

  String url() {
    return url;
  }
}
