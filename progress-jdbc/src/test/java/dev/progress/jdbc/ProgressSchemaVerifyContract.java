package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.core.ProgressTracker;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * {@link ProgressSchema#verify}, written once and run on H2 and PostgreSQL: a database whose tables were dropped
 * or altered after the install is reported when it is opened, naming what is missing or wrong, instead of
 * failing later in the middle of a write (issue 12, item 9: {@code show} answered "Table not found", and with
 * {@code progress_events} dropped still reported the stored events).
 */
abstract class ProgressSchemaVerifyContract {
  /** A new, empty database of the dialect under test. */
  abstract Jdbi emptyDatabase();

  private Jdbi installed() {
    Jdbi jdbi = emptyDatabase();
    assertThat(ProgressSchema.install(jdbi)).isEqualTo(ProgressSchema.CURRENT_VERSION);
    return jdbi;
  }

  @Test
  void verify_freshInstall_isTheCurrentVersion() {
    assertThat(ProgressSchema.verify(installed())).isEqualTo(ProgressSchema.CURRENT_VERSION);
  }

  @Test
  void verify_emptyDatabase_isZero() {
    assertThat(ProgressSchema.verify(emptyDatabase())).isZero();
  }

  @Test
  void verify_droppedTable_namesIt() {
    Jdbi jdbi = installed();
    jdbi.useHandle(h -> h.execute("DROP TABLE progress_snapshots"));

    assertThatThrownBy(() -> ProgressSchema.verify(jdbi))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessage("the progress schema is not usable: table progress_snapshots is missing");
  }

  @Test
  void verify_everyTableDroppedButTheVersionKept_namesThemAll() {
    Jdbi jdbi = installed();
    jdbi.useHandle(h -> h.execute("DROP TABLE progress_events"));
    jdbi.useHandle(h -> h.execute("DROP TABLE progress_users"));

    assertThatThrownBy(() -> ProgressSchema.verify(jdbi))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessage("the progress schema is not usable: table progress_users is missing; "
            + "table progress_events is missing");
  }

  @Test
  void verify_droppedColumn_namesIt() {
    Jdbi jdbi = installed();
    jdbi.useHandle(h -> h.execute("ALTER TABLE progress_events DROP COLUMN metadata"));

    assertThatThrownBy(() -> ProgressSchema.verify(jdbi))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessage("the progress schema is not usable: column progress_events.metadata is missing");
  }

  @Test
  void verify_columnOfAnotherType_namesBothTypes() {
    Jdbi jdbi = installed();
    jdbi.useHandle(h -> h.execute("ALTER TABLE progress_snapshots ALTER COLUMN total SET DATA TYPE VARCHAR(40)"));

    assertThatThrownBy(() -> ProgressSchema.verify(jdbi))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageMatching("the progress schema is not usable: column progress_snapshots.total is "
            + "(character varying|varchar), not double precision");
  }

  @Test
  void verify_droppedUniqueKey_namesItsColumns() {
    Jdbi jdbi = installed();
    jdbi.useHandle(h -> h.execute("ALTER TABLE progress_events DROP CONSTRAINT progress_events_event_id_uk"));

    assertThatThrownBy(() -> ProgressSchema.verify(jdbi))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessage("the progress schema is not usable: table progress_events has no unique key on "
            + "(user_id, event_id)");
  }

  @Test
  void verify_versionRecordedByANewerRelease_isRefused() {
    Jdbi jdbi = installed();
    int future = ProgressSchema.CURRENT_VERSION + 1;
    jdbi.useHandle(h -> h.execute("INSERT INTO progress_schema_version (version, script) VALUES (" + future
        + ", 'V" + future + "__from_the_future.sql')"));

    assertThatThrownBy(() -> ProgressSchema.verify(jdbi))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessage("the progress schema is not usable: the schema is at version " + future + ", newer than the"
            + " version " + ProgressSchema.CURRENT_VERSION + " this release of progress-jdbc knows; upgrade progress-jdbc");
  }

  /** Installing again does not recreate a dropped table (the version is recorded): it reports it. */
  @Test
  void install_afterATableWasDropped_reportsIt() {
    Jdbi jdbi = installed();
    jdbi.useHandle(h -> h.execute("DROP TABLE progress_snapshots"));

    assertThatThrownBy(() -> ProgressSchema.install(jdbi))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageContaining("table progress_snapshots is missing");
  }

  /**
   * An id is up to 128 code points: an id column that cannot hold that many is named with its length (H2 counts
   * UTF-16 units, so it needs 256 there), and one widened beyond, or unbounded, is fine.
   */
  @Test
  void verify_idColumnTooShortForIdsOf128CodePoints_namesIt_andWiderOnesAreFine() {
    Jdbi jdbi = installed();
    jdbi.useHandle(h -> h.execute("ALTER TABLE progress_events ALTER COLUMN item_id SET DATA TYPE VARCHAR(100)"));

    assertThatThrownBy(() -> ProgressSchema.verify(jdbi))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageMatching("the progress schema is not usable: id columns hold fewer than (128 characters, and an"
            + " id may have 128|256 UTF-16 units, and an id of 128 code points may take 256 \\(H2 counts UTF-16"
            + " units\\)): progress_events.item_id \\(100\\)( \\(before schema version 5: .*\\))?");

    jdbi.useHandle(h -> h.execute("ALTER TABLE progress_events ALTER COLUMN item_id SET DATA TYPE VARCHAR(1000)"));
    jdbi.useHandle(h -> h.execute("ALTER TABLE progress_events ALTER COLUMN space_id SET DATA TYPE VARCHAR"));
    assertThat(ProgressSchema.verify(jdbi)).isEqualTo(ProgressSchema.CURRENT_VERSION);
  }

  @Test
  void verify_extraColumnsAndTablesOfTheApplication_areFine() {
    Jdbi jdbi = installed();
    jdbi.useHandle(h -> h.execute("ALTER TABLE progress_events ADD COLUMN tenant VARCHAR(20)"));
    jdbi.useHandle(h -> h.execute("CREATE TABLE progress_audit (id INTEGER)"));

    assertThat(ProgressSchema.verify(jdbi)).isEqualTo(ProgressSchema.CURRENT_VERSION);
    ProgressTracker tracker = ProgressTracker.builder().store(JdbiProgressStore.create(jdbi))
        .clock(() -> Universe.CLOCK).build();
    assertThat(tracker.trackAll(new Universe(1, 3).events()).accepted()).isEqualTo(3);
  }
}
