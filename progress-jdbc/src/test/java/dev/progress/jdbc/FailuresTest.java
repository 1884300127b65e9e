package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.Test;

/**
 * Store failures are reported in one line, without the statement and without credentials: H2's messages carry
 * the whole SQL statement after "; SQL statement:" (issue 12: every rejected line repeated a multi-line MERGE).
 */
class FailuresTest {
  @Test
  void describe_h2Failure_isTheFirstLineWithTheSqlState() {
    Jdbi jdbi = Jdbi.create("jdbc:h2:mem:failures-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    jdbi.useHandle(h -> h.execute("CREATE TABLE progress_something (x INTEGER)"));
    JdbiException e = null;
    try {
      jdbi.useHandle(h -> h.createQuery("SELECT *\nFROM progress_nothing WHERE x = 1").mapToMap().list());
    } catch (JdbiException thrown) {
      e = thrown;
    }

    assertThat(e).isNotNull();
    assertThat(Failures.describe(e)).isEqualTo("Table \"PROGRESS_NOTHING\" not found (SQLState 42S02)");
  }

  @Test
  void describe_multiLineMessage_keepsTheFirstLineAndMasksCredentials() {
    SQLException sql = new SQLException(
        "ERROR: cannot open jdbc:postgresql://h/db?password=S3cret\n  Detail: Key (user_id)=(ana)", "08001");

    assertThat(Failures.describe(new IllegalStateException("wrapped", sql)))
        .isEqualTo("ERROR: cannot open jdbc:postgresql://h/db?password=*** (SQLState 08001)");
  }
}
