package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2SchemaTest {
  @RegisterExtension final H2Database h2 = new H2Database();

  @Test
  void install_again_isANoOp() {
    assertThat(ProgressSchema.install(h2.jdbi())).isEqualTo(ProgressSchema.CURRENT_VERSION);
    assertThat(ProgressSchema.installedVersion(h2.jdbi())).isEqualTo(ProgressSchema.CURRENT_VERSION);
  }

  @Test
  void installedVersion_ofAnEmptyDatabase_isZeroAndCreatesNothing() throws Exception {
    Jdbi empty = Jdbi.create("jdbc:h2:mem:empty-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    assertThat(ProgressSchema.installedVersion(empty)).isZero();
    int tables = empty.withHandle(h -> h.createQuery(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'PUBLIC'").mapTo(Integer.class).one());
    assertThat(tables).isZero();
    assertThat(ProgressSchema.install(empty)).isEqualTo(ProgressSchema.CURRENT_VERSION);
    assertThat(ProgressSchema.installedVersion(empty)).isEqualTo(ProgressSchema.CURRENT_VERSION);
    empty.useHandle(h -> h.getConnection().createStatement().execute("SHUTDOWN"));
  }

  @Test
  void install_byManyThreadsAtOnce_installsOnce() throws Exception {
    String url = "jdbc:h2:mem:concurrent-install-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> installs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        installs.add(threads.submit(() -> {
          start.await();
          return ProgressSchema.install(dataSource);
        }));
      }
      start.countDown();
      for (Future<Integer> install : installs) {
        assertThat(install.get(60, TimeUnit.SECONDS)).isEqualTo(ProgressSchema.CURRENT_VERSION);
      }
      Jdbi jdbi = Jdbi.create(url);
      List<Integer> versions = jdbi.withHandle(h -> h.createQuery(
          "SELECT version FROM progress_schema_version ORDER BY version").mapTo(Integer.class).list());
      assertThat(versions).containsExactly(1, 2, 3, 4, 5);
      jdbi.useHandle(h -> h.getConnection().createStatement().execute("SHUTDOWN"));
    } finally {
      threads.shutdownNow();
    }
  }
}
