package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SchemaUpgradeContract} on PostgreSQL, each test on a database of its own in the run's server. */
class PostgresSchemaUpgradeTest extends SchemaUpgradeContract {
  @RegisterExtension static final PostgresDatabase PG = new PostgresDatabase(false);
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final List<HikariDataSource> opened = new ArrayList<>();

  @Override
  DataSource emptyDatabase() {
    String name = "upgrade_" + DATABASES.incrementAndGet();
    Jdbi.create(PG.server().getPostgresDatabase()).useHandle(h -> h.execute("CREATE DATABASE " + name));
    HikariDataSource pool = PostgresDatabase.pool(PG.port(), name, 2);
    opened.add(pool);
    return pool;
  }

  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  /**
   * Schema version 3 keeps components as json: a database Flyway brought to version 2 only (components still
   * jsonb, which the store's statements no longer write) is refused by name, and the upgrade changes the type.
   */
  @Test
  void verify_version2TablesMadeByFlyway_namesTheComponentsColumns_andTheUpgradeMakesThemJson() throws Exception {
    DataSource dataSource = emptyDatabase();
    assertThat(flyway(dataSource).target("2").load().migrate().migrationsExecuted).isEqualTo(2);
    String hint = " (jsonb before schema version 3: run ProgressSchema.install, or apply V3__components_as_json.sql)";

    assertThatThrownBy(() -> ProgressSchema.verify(dataSource))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessage("the progress schema is not usable: "
            + "column progress_snapshots.components is jsonb, not json" + hint + "; "
            + "column progress_current.components is jsonb, not json" + hint);

    assertThat(flyway(dataSource).load().migrate().migrationsExecuted).isEqualTo(1);
    assertThat(ProgressSchema.verify(dataSource)).isEqualTo(ProgressSchema.CURRENT_VERSION);
    assertThat(componentTypes(Jdbi.create(dataSource))).containsExactly("json", "json");
  }

  @Test
  void install_onAVersion1Database_keepsComponentsAsJson() throws Exception {
    Jdbi jdbi = version1Database(true);
    assertThat(componentTypes(jdbi)).containsExactly("jsonb", "jsonb");

    ProgressSchema.install(jdbi);

    assertThat(componentTypes(jdbi)).containsExactly("json", "json");
  }

  /** Event rows are COPYed in binary with metadata as jsonb, which a json column would refuse. */
  @Test
  void verify_metadataAsJson_isRefusedByName() throws Exception {
    DataSource dataSource = emptyDatabase();
    Jdbi jdbi = Jdbi.create(dataSource);
    ProgressSchema.install(jdbi);
    jdbi.useHandle(h -> h.execute("ALTER TABLE progress_events ALTER COLUMN metadata TYPE json"));

    assertThatThrownBy(() -> ProgressSchema.verify(dataSource))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessage("the progress schema is not usable: column progress_events.metadata is json, not jsonb");
  }

  /** The types of progress_current.components and progress_snapshots.components. */
  private static List<String> componentTypes(Jdbi jdbi) {
    return jdbi.withHandle(h -> h.createQuery("SELECT data_type FROM information_schema.columns"
            + " WHERE column_name = 'components' AND table_schema = current_schema() ORDER BY table_name")
        .mapTo(String.class).list());
  }

  @AfterEach
  void close() {
    opened.forEach(HikariDataSource::close);
  }
}
