package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.progress.core.Level;
import dev.progress.core.ProgressKey;
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

  /** A database Flyway brought to schema version 3, the last with progress_current on PostgreSQL. */
  private DataSource version3Database() {
    DataSource dataSource = emptyDatabase();
    assertThat(flyway(dataSource).target("3").load().migrate().migrationsExecuted).isEqualTo(3);
    return dataSource;
  }

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
            + "column progress_snapshots.components is jsonb, not json" + hint + "; " + CURRENT_LEFT);

    assertThat(flyway(dataSource).load().migrate().migrationsExecuted).isEqualTo(ProgressSchema.CURRENT_VERSION - 2);
    assertThat(ProgressSchema.verify(dataSource)).isEqualTo(ProgressSchema.CURRENT_VERSION);
    assertThat(componentTypes(Jdbi.create(dataSource))).containsExactly("json");
  }

  @Test
  void install_onAVersion1Database_keepsComponentsAsJson() throws Exception {
    Jdbi jdbi = version1Database(true);
    assertThat(componentTypes(jdbi)).containsExactly("jsonb", "jsonb");

    ProgressSchema.install(jdbi);

    assertThat(componentTypes(jdbi)).containsExactly("json");
  }

  private static final String CURRENT_LEFT = "table progress_current is from schema version 3 or earlier, and"
      + " progress-jdbc no longer writes it (run ProgressSchema.install, or apply V4__figures_from_history.sql)";

  /**
   * Schema version 4 reads a key's current figure from its latest history row: a database written at version 3
   * (by Flyway, with figures, one of them a current row whose history row is missing) is refused until upgraded,
   * and after the upgrade progress_current is gone and every figure reads the same, the orphan included.
   */
  @Test
  void flyway_onAVersion3DatabaseWithFigures_dropsTheCurrentTable_andEveryFigureReadsTheSame() throws Exception {
    DataSource dataSource = version3Database();
    Jdbi jdbi = Jdbi.create(dataSource);
    jdbi.useHandle(h -> {
      h.execute("INSERT INTO progress_users (user_id, version, event_count) VALUES ('amy', 2, 0)");
      for (int version = 1; version <= 2; version++) {
        String values = "('amy', 'space', 's1', " + version + ", 'g1', " + (version * 10) + ", "
            + "'[{\"name\":\"time\",\"value\":" + (version * 50) + ".0,\"weight\":0.2}]', 'rules-1', "
            + "'2026-01-0" + version + " 10:00:00+00', 7)";
        h.execute(insertFigure("progress_snapshots", values));
        if (version == 2) {
          h.execute(insertFigure("progress_current", values));
        }
      }
      h.execute(insertFigure("progress_current", "('amy', 'goal', 'g1', 2, NULL, 6, "
          + "'[{\"name\":\"spaces\",\"value\":10.0,\"weight\":0.6}]', 'rules-1', '2026-01-02 10:00:00+00', 7)"));
    });
    List<String> before = figures(jdbi, "progress_current");
    assertThatThrownBy(() -> ProgressSchema.verify(dataSource))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessage("the progress schema is not usable: " + CURRENT_LEFT);

    assertThat(flyway(dataSource).load().migrate().migrationsExecuted).isEqualTo(ProgressSchema.CURRENT_VERSION - 3);

    assertThat(ProgressSchema.verify(dataSource)).isEqualTo(ProgressSchema.CURRENT_VERSION);
    JdbiProgressStore store = JdbiProgressStore.create(dataSource);
    assertThat(store.snapshots("amy")).extracting(s -> s.progress().key().id() + "=" + s.progress().total()
            + "@" + s.recordedAt())
        .containsExactly("g1=6.0@2026-01-02T10:00:00.000000007Z", "s1=20.0@2026-01-02T10:00:00.000000007Z");
    assertThat(figures(jdbi, "(SELECT DISTINCT ON (user_id, level, subject_id) * FROM progress_snapshots"
        + " ORDER BY user_id, level, subject_id, version DESC) AS latest")).isEqualTo(before);
    assertThat(store.history(new ProgressKey("amy", Level.SPACE, "s1"))).hasSize(2);
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

  /**
   * A current row that is not its key's latest history row (edited by hand; the store never writes one) would
   * change the key's figure once progress_current is gone: the upgrade stops, naming the key, and keeps
   * everything as it was (a migration is one transaction on PostgreSQL).
   */
  @Test
  void flyway_onAVersion3DatabaseWhoseCurrentRowIsNotItsLatestHistoryRow_stopsNamingTheKey() throws Exception {
    DataSource dataSource = version3Database();
    Jdbi jdbi = Jdbi.create(dataSource);
    jdbi.useHandle(h -> {
      h.execute("INSERT INTO progress_users (user_id, version, event_count) VALUES ('o''brien', 2, 0)");
      for (String table : List.of("progress_snapshots", "progress_current")) {
        h.execute(insertFigure(table, "('o''brien', 'space', 's1', 2, NULL, "
            + (table.equals("progress_current") ? 30 : 20) + ", '[]', 'rules-1', now(), 0)"));
      }
    });

    assertThatThrownBy(() -> flyway(dataSource).load().migrate())
        .hasStackTraceContaining("progress_current of user o'brien, space s1, is not the latest history row of its"
            + " key: its figure would change, mend the rows first");

    assertThat(figures(jdbi, "progress_current")).singleElement().asString().contains("|30|");
  }

  /** An INSERT of one figure row into {@code table} (progress_snapshots or version 3's progress_current). */
  private static String insertFigure(String table, String values) {
    return "INSERT INTO " + table + " (user_id, level, subject_id, version, goal_id, total, components,"
        + " rules_version, recorded_at, recorded_at_ns) VALUES " + values;
  }

  /** Every figure of {@code from}, one line each, in key order. */
  private static List<String> figures(Jdbi jdbi, String from) {
    return jdbi.withHandle(h -> h.createQuery("SELECT concat_ws('|', user_id, level, subject_id, version, goal_id,"
            + " total, components::text, rules_version, recorded_at, recorded_at_ns) FROM " + from
            + " ORDER BY user_id, level, subject_id")
        .mapTo(String.class).list());
  }

  /** The types of the components columns (progress_current's, while there is one, then progress_snapshots'). */
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
