package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link SchemaUpgradeContract} on H2, each test on a database of its own. */
class H2SchemaUpgradeTest extends SchemaUpgradeContract {
  private final List<DataSource> opened = new ArrayList<>();

  /** URL settings of the mode under test. */
  String settings() {
    return "";
  }

  @Override
  DataSource emptyDatabase() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:upgrade-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1" + settings());
    opened.add(dataSource);
    return dataSource;
  }

  @Override
  Dialect dialect() {
    return Dialect.H2;
  }

  /**
   * H2 commits each DDL statement at once, so two processes upgrading one H2 server may both run the V2 script:
   * running it again changes nothing.
   */
  @Test
  void version2Script_runAgainAfterTheUpgrade_changesNothing() throws Exception {
    Jdbi jdbi = version1Database(true);
    ProgressSchema.install(jdbi);
    var rows = rowsWithoutVersion1Keys(jdbi);

    jdbi.useHandle(h -> h.createScript(TableDump.read("db/migration/h2/V2__natural_keys.sql")).execute());

    assertThat(ProgressSchema.verify(jdbi)).isEqualTo(ProgressSchema.CURRENT_VERSION);
    assertThat(rowsWithoutVersion1Keys(jdbi)).isEqualTo(rows);
    assertThat(Invariants.check(jdbi)).isEqualTo(136);
  }

  @AfterEach
  void shutdown() throws Exception {
    for (DataSource dataSource : opened) {
      try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
        statement.execute("SHUTDOWN");
      }
    }
  }
}
