package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.core.BatchResult;
import dev.progress.core.Progress;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.core.TrackResult;
import dev.progress.core.spi.Snapshot;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * A database written by the schema-version-1 release ({@code db/v1-fixture}: every row the V1 store wrote for
 * {@link V1FixtureMain}'s workload) is upgraded in place, by {@link ProgressSchema#install} or by Flyway, and
 * every figure reads the same after, then tracking goes on from where V1 left off. Run on each dialect.
 */
abstract class SchemaUpgradeContract {
  private static final int FIXTURE_EVENTS = 136;

  /** A new, empty database of the dialect under test, open until the test ends. */
  abstract DataSource emptyDatabase();

  abstract Dialect dialect();

  private String fixture() {
    return "db/v1-fixture/" + (dialect() == Dialect.H2 ? "h2" : "postgresql") + ".sql";
  }

  /** The V1 script, then the fixture's rows (with the installer's version table, unless Flyway made the tables). */
  Jdbi version1Database(boolean installerTable) throws java.sql.SQLException {
    Jdbi jdbi = Jdbi.create(emptyDatabase());
    jdbi.useHandle(h -> {
      h.createScript(TableDump.read(dialect().migrationFolder() + "/V1__progress_schema.sql")).execute();
      String fixture = TableDump.read(fixture());
      if (!installerTable) {
        fixture = Arrays.stream(fixture.split("\n")).filter(l -> !l.contains("progress_schema_version"))
            .collect(Collectors.joining("\n"));
      }
      execute(h.getConnection(), fixture);
    });
    return jdbi;
  }

  private static void execute(Connection connection, String statements) throws java.sql.SQLException {
    try (var statement = connection.createStatement()) {
      for (String line : statements.split("\n")) {
        if (!line.isBlank() && !line.startsWith("--")) {
          statement.execute(line.substring(0, line.length() - 1));
        }
      }
    }
  }

  @Test
  void fixture_loadsBackToTheRowsItWasWrittenFrom() throws Exception {
    Jdbi jdbi = version1Database(true);
    StringBuilder dumped = new StringBuilder();
    jdbi.useHandle(h -> {
      for (String[] table : TABLES) {
        dumped.append(TableDump.inserts(dialect(), table[0], TableDump.rows(h.getConnection(), table[0], table[1]),
            List.of("metadata", "components")));
      }
    });
    String inserts = Arrays.stream(TableDump.read(fixture()).split("\n")).filter(l -> l.startsWith("INSERT"))
        .map(l -> l + "\n").collect(Collectors.joining());
    assertThat(dumped.toString()).isEqualTo(inserts);
    int events = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM progress_events").mapTo(Integer.class).one());
    assertThat(events).isEqualTo(FIXTURE_EVENTS);
  }

  private static final String[][] TABLES = {
      {"progress_schema_version", "version"}, {"progress_users", "user_id"}, {"progress_events", "user_id, seq"},
      {"progress_snapshots", "user_id, level, subject_id, version"},
      {"progress_current", "user_id, level, subject_id"}};

  @Test
  void verify_version1Database_saysToRunInstall() throws Exception {
    Jdbi jdbi = version1Database(true);

    assertThatThrownBy(() -> ProgressSchema.verify(jdbi))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageStartingWith("the progress schema is not usable: the schema is at version 1, older than version "
            + ProgressSchema.CURRENT_VERSION + "; run ProgressSchema.install to upgrade it");
  }

  /**
   * On PostgreSQL, version 1's components are also jsonb, which version 3 made json, and its progress_current is
   * a table version 4 dropped.
   */
  @Test
  void verify_version1TablesMadeByFlyway_namesTheColumnsOfVersion1() throws Exception {
    Jdbi jdbi = version1Database(false);
    String v1 = " (a column of schema version 1: run ProgressSchema.install, or apply V2__natural_keys.sql)";
    String components = dialect() == Dialect.POSTGRESQL
        ? " is jsonb, not json (jsonb before schema version 3: run ProgressSchema.install, or apply"
            + " V3__components_as_json.sql); " : null;

    String current = dialect() == Dialect.POSTGRESQL
        ? "table progress_current is from schema version 3 or earlier, and progress-jdbc no longer writes it (run"
            + " ProgressSchema.install, or apply V4__figures_from_history.sql)"
        : "column progress_current.snapshot_id is NOT NULL without a default, and progress-jdbc does not write it"
            + v1 + "; " + H2_NARROW_IDS;

    assertThatThrownBy(() -> ProgressSchema.verify(jdbi))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessage("the progress schema is not usable: "
            + "column progress_events.id is NOT NULL without a default, and progress-jdbc does not write it" + v1
            + "; " + (components != null ? "column progress_snapshots.components" + components : "")
            + "column progress_snapshots.id is NOT NULL without a default, and progress-jdbc does not write it" + v1
            + "; " + current);
  }

  /** What verify says of H2's id columns before schema version 5, all 12 of them VARCHAR(128). */
  static final String H2_NARROW_IDS = "id columns hold fewer than 256 UTF-16 units, and an id of 128 code points"
      + " may take 256 (H2 counts UTF-16 units): progress_users.user_id (128), progress_events.event_id (128),"
      + " progress_events.goal_id (128), progress_events.item_id (128), progress_events.space_id (128),"
      + " progress_events.user_id (128), progress_snapshots.goal_id (128), progress_snapshots.subject_id (128),"
      + " progress_snapshots.user_id (128), progress_current.goal_id (128), progress_current.subject_id (128),"
      + " progress_current.user_id (128) (before schema version 5: run ProgressSchema.install, or apply"
      + " V5__ids_of_128_code_points.sql)";

  @Test
  void install_onAVersion1DatabaseWithData_upgradesInPlaceAndEveryFigureReadsTheSame() throws Exception {
    Jdbi jdbi = version1Database(true);
    StoredFigures before = StoredFigures.ofVersion1Tables(jdbi);
    List<Map<String, Object>> rowsBefore = rowsWithoutVersion1Keys(jdbi);
    assertThat(before.eventCounts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(FIXTURE_EVENTS);

    assertThat(ProgressSchema.install(jdbi)).isEqualTo(ProgressSchema.CURRENT_VERSION);

    assertThat(ProgressSchema.installedVersion(jdbi)).isEqualTo(ProgressSchema.CURRENT_VERSION);
    assertThat(ProgressSchema.verify(jdbi)).isEqualTo(ProgressSchema.CURRENT_VERSION);
    assertThat(rowsWithoutVersion1Keys(jdbi)).isEqualTo(rowsBefore);
    assertThat(StoredFigures.of(JdbiProgressStore.create(jdbi), List.copyOf(before.versions().keySet())))
        .isEqualTo(before);
    assertThat(Invariants.check(jdbi)).isEqualTo(FIXTURE_EVENTS);
    assertThat(ProgressSchema.install(jdbi)).as("installing again").isEqualTo(ProgressSchema.CURRENT_VERSION);
    assertThat(rowsWithoutVersion1Keys(jdbi)).isEqualTo(rowsBefore);
    tracksIdsOf128CodePoints(jdbi, before, FIXTURE_EVENTS);
  }

  @Test
  void flyway_onAVersion1DatabaseWithData_upgradesInPlaceAndEveryFigureReadsTheSame() throws Exception {
    DataSource dataSource = emptyDatabase();
    Jdbi jdbi = Jdbi.create(dataSource);
    Flyway v1 = flyway(dataSource).target("1").load();
    assertThat(v1.migrate().migrationsExecuted).isEqualTo(1);
    jdbi.useHandle(h -> execute(h.getConnection(), Arrays.stream(TableDump.read(fixture()).split("\n"))
        .filter(l -> l.startsWith("INSERT") && !l.contains("progress_schema_version"))
        .collect(Collectors.joining("\n"))));
    StoredFigures before = StoredFigures.ofVersion1Tables(jdbi);

    assertThat(flyway(dataSource).load().migrate().migrationsExecuted).isEqualTo(ProgressSchema.CURRENT_VERSION - 1);

    assertThat(ProgressSchema.verify(jdbi)).isEqualTo(ProgressSchema.CURRENT_VERSION);
    assertThat(StoredFigures.of(JdbiProgressStore.create(jdbi), List.copyOf(before.versions().keySet())))
        .isEqualTo(before);
    assertThat(Invariants.check(jdbi)).isEqualTo(FIXTURE_EVENTS);
    tracksIdsOf128CodePoints(jdbi, before, FIXTURE_EVENTS);
  }

  /**
   * After an upgrade, ids of 128 code points fit every id column (H2 counted 128 emoji, 256 UTF-16 units, as too
   * long until schema version 5): a fixture user's and a new user's events whose every id is 128 emoji or 128
   * mixed code points are accepted and read back equal, and every figure the upgrade kept reads the same.
   */
  static void tracksIdsOf128CodePoints(Jdbi jdbi, StoredFigures before, int eventsBefore) {
    String fixtureUser = before.users().get(0);
    List<ProgressEvent> events = new ArrayList<>(JdbiProgressStoreTest.eventsWithLongIds(JdbiProgressStoreTest::emojiId));
    events.addAll(JdbiProgressStoreTest.eventsWithLongIds(JdbiProgressStoreTest::mixedId).stream()
        .map(e -> new ProgressEvent(e.id(), fixtureUser, e.spaceId(), e.goalId(), e.itemId(), e.type(), e.value(),
            e.timestamp(), e.metadata()))
        .toList());
    JdbiProgressStore store = JdbiProgressStore.create(jdbi);
    ProgressTracker tracker = ProgressTracker.builder().store(store)
        .clock(() -> Instant.parse("2026-11-02T00:00:00Z")).build();

    assertThat(tracker.trackAll(events).results()).as("results").allMatch(TrackResult::isAccepted);

    String newUser = JdbiProgressStoreTest.emojiId(0);
    List<ProgressEvent> back = new ArrayList<>();
    store.replay(newUser, back::add);
    assertThat(back).containsExactlyElementsOf(events.stream().filter(e -> e.userId().equals(newUser)).toList());
    back.clear();
    store.replay(fixtureUser, back::add);
    assertThat(back.subList(before.events().get(fixtureUser).size(), back.size()))
        .containsExactlyElementsOf(events.stream().filter(e -> e.userId().equals(fixtureUser)).toList());
    List<String> others = before.users().subList(1, before.users().size());
    StoredFigures after = StoredFigures.of(store, others);
    for (String user : others) {
      assertThat(after.snapshots().get(user)).as("figures of %s", user).isEqualTo(before.snapshots().get(user));
      assertThat(after.events().get(user)).as("events of %s", user).isEqualTo(before.events().get(user));
    }
    assertThat(Invariants.check(jdbi)).isEqualTo(eventsBefore + events.size());
  }

  org.flywaydb.core.api.configuration.FluentConfiguration flyway(DataSource dataSource) {
    return Flyway.configure().dataSource(dataSource)
        .locations("classpath:" + dialect().migrationFolder());
  }

  @Test
  void afterTheUpgrade_trackingContinuesTheLogAndVersions_andARebuildGivesTheSameFigures() throws Exception {
    Jdbi jdbi = version1Database(true);
    StoredFigures before = StoredFigures.ofVersion1Tables(jdbi);
    ProgressSchema.install(jdbi);
    JdbiProgressStore store = JdbiProgressStore.create(jdbi);
    ProgressTracker tracker = ProgressTracker.builder().store(store)
        .clock(() -> Instant.parse("2026-11-02T00:00:00Z")).build();

    List<ProgressEvent> more = new ArrayList<>();
    String[] users = before.users().toArray(String[]::new);
    for (int u = 0; u < users.length; u++) {
      for (int k = 41; k < 45; k++) {
        more.add(V1FixtureMain.event(users[u], u, k));
      }
    }
    List<ProgressEvent> old = before.events().get(users[0]);
    more.add(old.get(0)); // stored by V1: a duplicate once the tracker has replayed the V1 log
    more.add(V1FixtureMain.event("new user after the upgrade", 9, 0));
    BatchResult result = tracker.trackAll(more);

    assertThat(result.results()).extracting(TrackResult::status).containsOnly(TrackResult.Status.ACCEPTED,
        TrackResult.Status.DUPLICATE);
    assertThat(result.duplicates()).isEqualTo(1);
    assertThat(result.accepted()).isEqualTo(users.length * 4 + 1);
    for (String user : users) {
      assertThat(store.version(user)).as("version of %s", user).isEqualTo(before.versions().get(user) + 1);
      assertThat(store.eventCounts().get(user)).isEqualTo(before.eventCounts().get(user) + 4);
    }
    assertThat(store.version("new user after the upgrade")).isEqualTo(1);
    assertThat(Invariants.check(jdbi)).isEqualTo(FIXTURE_EVENTS + users.length * 4 + 1);

    Map<String, List<Progress>> figures = new java.util.TreeMap<>();
    for (String user : store.users()) {
      figures.put(user, store.snapshots(user).stream().map(Snapshot::progress).toList());
    }
    tracker.rebuildAll();
    for (String user : store.users()) {
      assertThat(store.snapshots(user).stream().map(Snapshot::progress).toList()).as("figures of %s", user)
          .isEqualTo(figures.get(user));
    }
    assertThat(Invariants.check(jdbi)).isEqualTo(FIXTURE_EVENTS + users.length * 4 + 1);
  }

  /**
   * Every row of every table, without the columns version 2 dropped, and without {@code progress_current}, which
   * PostgreSQL drops at version 4 (its figures are compared through the store: {@link StoredFigures}).
   */
  static List<Map<String, Object>> rowsWithoutVersion1Keys(Jdbi jdbi) throws java.sql.SQLException {
    return jdbi.withHandle(h -> {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (String[] table : TABLES) {
        if (!table[0].equals("progress_schema_version") && !table[0].equals("progress_current")) {
          for (Map<String, Object> row : TableDump.rows(h.getConnection(), table[0], table[1])) {
            row.remove("id");
            row.put("table", table[0]);
            rows.add(row);
          }
        }
      }
      return rows;
    });
  }
}
