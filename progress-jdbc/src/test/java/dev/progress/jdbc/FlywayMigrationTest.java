package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.progress.core.ProgressTracker;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shipped migrations run under Flyway as the README says, and give the same tables as the installer; the
 * store then works on them.
 */
class FlywayMigrationTest {
  @RegisterExtension static final PostgresDatabase INSTALLED = new PostgresDatabase();

  @Test
  void flyway_onPostgres_createsTheInstallersSchemaAndTheStoreWorks() {
    Jdbi.create(INSTALLED.server().getPostgresDatabase()).useHandle(h -> h.execute("CREATE DATABASE by_flyway"));
    try (HikariDataSource dataSource = PostgresDatabase.pool(INSTALLED.port(), "by_flyway", 2)) {
      var result = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/postgresql").load()
          .migrate();
      assertThat(result.migrationsExecuted).isEqualTo(ProgressSchema.CURRENT_VERSION);

      assertThat(columns(Jdbi.create(dataSource))).isEqualTo(columns(INSTALLED.jdbi()));
      assertThat(ProgressSchema.verify(dataSource)).isEqualTo(ProgressSchema.CURRENT_VERSION);
      ProgressTracker tracker = ProgressTracker.builder().store(JdbiProgressStore.create(dataSource))
          .clock(() -> Universe.CLOCK).build();
      assertThat(tracker.trackAll(new Universe(2, 12).events()).accepted()).isEqualTo(24);
      assertThat(Invariants.check(Jdbi.create(dataSource))).isEqualTo(24);
    }
  }

  @Test
  void flyway_onH2_createsATableSetTheStoreWorksOn() throws Exception {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:flyway-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/h2").load().migrate();
    assertThat(ProgressSchema.verify(dataSource)).isEqualTo(ProgressSchema.CURRENT_VERSION);
    ProgressTracker tracker = ProgressTracker.builder().store(JdbiProgressStore.create(dataSource))
        .clock(() -> Universe.CLOCK).build();
    assertThat(tracker.trackAll(new Universe(1, 12).events()).accepted()).isEqualTo(12);
    assertThat(Invariants.check(Jdbi.create(dataSource))).isEqualTo(12);
    Jdbi.create(dataSource).useHandle(h -> h.getConnection().createStatement().execute("SHUTDOWN"));
  }

  private static List<Map<String, Object>> columns(Jdbi jdbi) {
    return jdbi.withHandle(h -> h.createQuery("""
            SELECT table_name, column_name, data_type, is_nullable, column_default
            FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name IN
              ('progress_users', 'progress_events', 'progress_snapshots', 'progress_current')
            ORDER BY table_name, ordinal_position""")
        .mapToMap().list());
  }
}
