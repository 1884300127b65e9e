package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.core.ProgressTracker;
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

  /**
   * A database written at schema version 4 (the release before ids of 128 code points fit on H2), with the
   * installer's version table or made by Flyway, holding a store's rows. Every id column is VARCHAR(128).
   */
  private Jdbi version4DatabaseWithData(DataSource dataSource, boolean installerTable) {
    Jdbi jdbi = Jdbi.create(dataSource);
    if (installerTable) {
      jdbi.useHandle(h -> {
        h.execute("CREATE TABLE progress_schema_version (version INTEGER NOT NULL PRIMARY KEY, script VARCHAR(200)"
            + " NOT NULL, installed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP)");
        List<String> scripts = List.of("V1__progress_schema.sql", "V2__natural_keys.sql",
            "V3__components_as_json.sql", "V4__figures_from_history.sql");
        for (int version = 1; version <= scripts.size(); version++) {
          h.createScript(TableDump.read("db/migration/h2/" + scripts.get(version - 1))).execute();
          h.execute("INSERT INTO progress_schema_version (version, script) VALUES (?, ?)", version,
              scripts.get(version - 1));
        }
      });
    } else {
      assertThat(flyway(dataSource).target("4").load().migrate().migrationsExecuted).isEqualTo(4);
    }
    ProgressTracker tracker = Universe.tracker(JdbiProgressStore.create(jdbi));
    assertThat(tracker.trackAll(new Universe(3, 20).events()).accepted()).isEqualTo(60);
    return jdbi;
  }

  /**
   * Schema version 5 widens H2's id columns in place: on a version-4 database with data, Flyway applies V5 alone
   * (verify named the 12 narrow columns until then), every row and figure reads the same, and ids of 128 code
   * points fit.
   */
  @Test
  void flyway_onAVersion4DatabaseWithData_widensTheIdColumns_andEveryFigureReadsTheSame() throws Exception {
    DataSource dataSource = emptyDatabase();
    Jdbi jdbi = version4DatabaseWithData(dataSource, false);
    StoredFigures before = StoredFigures.of(JdbiProgressStore.create(jdbi), JdbiProgressStore.create(jdbi).users());
    var rows = rowsWithoutVersion1Keys(jdbi);
    assertThatThrownBy(() -> ProgressSchema.verify(jdbi))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessage("the progress schema is not usable: " + H2_NARROW_IDS);

    assertThat(flyway(dataSource).load().migrate().migrationsExecuted).isEqualTo(1);

    assertThat(ProgressSchema.verify(jdbi)).isEqualTo(ProgressSchema.CURRENT_VERSION);
    assertThat(rowsWithoutVersion1Keys(jdbi)).isEqualTo(rows);
    assertThat(StoredFigures.of(JdbiProgressStore.create(jdbi), before.users())).isEqualTo(before);
    tracksIdsOf128CodePoints(jdbi, before, 60);
  }

  /** The same upgrade by the installer, which records version 5; its script run again changes nothing. */
  @Test
  void install_onAVersion4DatabaseWithData_widensTheIdColumns_andEveryFigureReadsTheSame() throws Exception {
    Jdbi jdbi = version4DatabaseWithData(emptyDatabase(), true);
    StoredFigures before = StoredFigures.of(JdbiProgressStore.create(jdbi), JdbiProgressStore.create(jdbi).users());
    var rows = rowsWithoutVersion1Keys(jdbi);
    assertThatThrownBy(() -> ProgressSchema.verify(jdbi))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessage("the progress schema is not usable: the schema is at version 4, older than version 5; run"
            + " ProgressSchema.install to upgrade it; " + H2_NARROW_IDS);

    assertThat(ProgressSchema.install(jdbi)).isEqualTo(5);
    jdbi.useHandle(h -> h.createScript(TableDump.read("db/migration/h2/V5__ids_of_128_code_points.sql")).execute());

    assertThat(ProgressSchema.installedVersion(jdbi)).isEqualTo(5);
    assertThat(ProgressSchema.verify(jdbi)).isEqualTo(5);
    assertThat(rowsWithoutVersion1Keys(jdbi)).isEqualTo(rows);
    assertThat(StoredFigures.of(JdbiProgressStore.create(jdbi), before.users())).isEqualTo(before);
    assertThat(idColumnWidths(jdbi)).hasSize(12).containsOnly(256);
    tracksIdsOf128CodePoints(jdbi, before, 60);
  }

  /** The declared length of every id column (12 of them), from H2's information schema. */
  private static List<Integer> idColumnWidths(Jdbi jdbi) {
    return jdbi.withHandle(h -> h.createQuery("SELECT character_maximum_length FROM information_schema.columns"
            + " WHERE LOWER(table_name) LIKE 'progress\\_%' AND LOWER(table_name) <> 'progress_schema_version'"
            + " AND (LOWER(column_name) LIKE '%\\_id' OR LOWER(column_name) = 'user_id')")
        .mapTo(Integer.class).list());
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
