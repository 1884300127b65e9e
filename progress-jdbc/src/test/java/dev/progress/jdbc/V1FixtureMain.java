package dev.progress.jdbc;

import dev.progress.core.BatchResult;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.core.TrackResult;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * How the V1 fixtures ({@code src/test/resources/db/v1-fixture/h2.sql} and {@code postgresql.sql}) were made:
 * tracks {@link #batches()} through the schema-version-1 store ({@code JdbiProgressStore} as it was when this
 * class was added) into a fresh H2 database and a fresh embedded PostgreSQL, then writes every row of the four
 * tables and of {@code progress_schema_version} as INSERT statements ({@link TableDump}). The upgrade test loads
 * them over the V1 script, upgrades, and compares every figure; it also tracks {@link #event} after the upgrade.
 * It was run once, from the module directory, at commit 515f177 (the last with the V1 store; on a later one it
 * stops, since the installer no longer stops at version 1):
 *
 * <pre>java -cp target/test-classes:target/classes:$(deps) dev.progress.jdbc.V1FixtureMain src/test/resources/db/v1-fixture</pre>
 */
public final class V1FixtureMain {
  static final String SQL = "'); DROP TABLE progress_events;--";
  static final String UNICODE = "Ünïcødé 学习 🚀👩🏽‍💻 עברית مرحبا \u202Eevil\u202C";
  static final Instant BASE = Instant.parse("2026-09-01T10:00:00.000000123Z");

  /** The V1 installer's own table, as {@code ProgressSchema} created it (one line, for {@link TableDump#load}). */
  static final String VERSION_TABLE = "CREATE TABLE IF NOT EXISTS progress_schema_version (version INTEGER NOT NULL"
      + " PRIMARY KEY, script VARCHAR(200) NOT NULL, installed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT"
      + " CURRENT_TIMESTAMP);";

  private V1FixtureMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);

    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:v1-fixture;DB_CLOSE_DELAY=-1");
    Files.writeString(dir.resolve("h2.sql"), fixture(h2, Dialect.H2), StandardCharsets.UTF_8);

    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      Files.writeString(dir.resolve("postgresql.sql"), fixture(postgres.getPostgresDatabase(), Dialect.POSTGRESQL),
          StandardCharsets.UTF_8);
    }
  }

  private static String fixture(DataSource dataSource, Dialect dialect) throws Exception {
    Jdbi jdbi = Jdbi.create(dataSource);
    if (ProgressSchema.install(jdbi) != 1) {
      throw new IllegalStateException("this is not the schema-version-1 store");
    }
    ProgressTracker tracker = tracker(JdbiProgressStore.create(jdbi));
    int accepted = 0;
    for (List<ProgressEvent> batch : batches()) {
      BatchResult result = tracker.trackAll(batch);
      for (TrackResult r : result.results()) {
        if (r.status() == TrackResult.Status.FAILED) {
          throw new IllegalStateException("the store failed: " + r.reason());
        }
      }
      accepted += result.accepted();
    }
    StringBuilder out = new StringBuilder()
        .append("-- Schema version 1 with data, for the upgrade test (V1UpgradeTest): every row the V1 store\n")
        .append("-- wrote for V1FixtureMain's workload (").append(accepted).append(" accepted events) on ")
        .append(dialect == Dialect.H2 ? "H2" : "PostgreSQL").append(".\n")
        .append("-- Made by V1FixtureMain; load it over ").append(dialect.migrationFolder())
        .append("/V1__progress_schema.sql.\n")
        .append(VERSION_TABLE).append('\n');
    try (Connection c = dataSource.getConnection()) {
      out.append(TableDump.inserts(dialect, "progress_schema_version",
          TableDump.rows(c, "progress_schema_version", "version"), List.of()));
      out.append(TableDump.inserts(dialect, "progress_users", TableDump.rows(c, "progress_users", "user_id"),
          List.of()));
      out.append(TableDump.inserts(dialect, "progress_events", TableDump.rows(c, "progress_events", "user_id, seq"),
          List.of("metadata")));
      out.append(TableDump.inserts(dialect, "progress_snapshots",
          TableDump.rows(c, "progress_snapshots", "user_id, level, subject_id, version"), List.of("components")));
      out.append(TableDump.inserts(dialect, "progress_current",
          TableDump.rows(c, "progress_current", "user_id, level, subject_id"), List.of("components")));
    }
    return out.toString();
  }

  /** A tracker of the model's default rules whose clock ticks 1.000001 ms per reading, from 2026-11-01. */
  static ProgressTracker tracker(dev.progress.core.spi.ProgressStore store) {
    long[] ticks = {0};
    Instant start = Instant.parse("2026-11-01T00:00:00.000000789Z");
    InstantSource clock = () -> start.plusNanos(1_000_001L * ticks[0]++);
    return ProgressTracker.builder().store(store).clock(clock).build();
  }

  /**
   * The workload, batch by batch: five users (one named like SQL, one in Unicode, one with a tab, a quote and a
   * backslash), spaces bound to goals, goal and space milestones, skills by metadata and peer reviews, time,
   * interactions and extras, timestamps with nanoseconds and at the edges of the kept years, metadata of every
   * JSON shape, and duplicates within a batch, across batches and as single events.
   */
  static List<List<ProgressEvent>> batches() {
    String[] users = {"ana", "bruno", SQL, "学习者 " + UNICODE, "tab\there 'quoted' back\\slash"};
    List<List<ProgressEvent>> batches = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      List<ProgressEvent> batch = new ArrayList<>();
      for (int u = 0; u < users.length; u++) {
        for (int k = round * 6; k < round * 6 + 6 + u; k++) {
          batch.add(event(users[u], u, k));
        }
      }
      if (round > 0) {
        batch.add(event(users[0], 0, 1)); // a duplicate of an earlier batch
        batch.add(event(users[2], 2, round * 6)); // and one within this batch
      }
      batches.add(batch);
    }
    for (int u = 0; u < users.length; u++) {
      batches.add(List.of(event(users[u], u, 40))); // single events: one unit each
      batches.add(List.of(event(users[u], u, 40)));
    }
    batches.add(List.of(hostile(users[3])));
    return batches;
  }

  static ProgressEvent event(String user, int u, int k) {
    String space = switch (k % 4) {
      case 0 -> "algebra";
      case 1 -> "geometry";
      case 2 -> "space with ' quote";
      default -> UNICODE;
    };
    String goal = k % 4 < 2 ? "math goal" : SQL;
    String skill = k % 3 == 0 ? "coding" : k % 3 == 1 ? "math" : UNICODE;
    Instant at = k == 7 ? Instant.parse("0001-01-01T00:00:00Z")
        : k == 13 ? Instant.parse("2024-02-29T23:59:59.999999999Z")
        : BASE.plusSeconds(3_607L * k + 11L * u).plusNanos(k * 1_001L);
    ProgressEvent.Builder b = ProgressEvent.builder().id(k % 5 == 0 ? "e-" + k + " " + SQL : "e-" + k)
        .user(user).at(at);
    switch (k % 8) {
      case 0 -> b.task(space, "task-" + (k % 7), k % 3 == 0 ? 100 : 25 + k).goal(goal).skill(skill)
          .difficulty(k % 2 == 0 ? "hard" : "easy");
      case 1 -> b.time(space, 5 + k % 90).skill(skill).meta("note", "line one\nline \"two\"\t" + UNICODE);
      case 2 -> b.milestone(space, "milestone " + (k % 3), k % 4 == 0 ? 100 : 40 + u);
      case 3 -> b.interaction(space, (k * 7 + u) % 101);
      case 4 -> b.extra(goal, 1 + k % 2);
      case 5 -> b.peerReview(skill, (k * 11 + u) % 101).meta("reviewer", "O'Brien \\ " + SQL);
      case 6 -> b.goalMilestone(goal, "goal milestone " + (k % 2), 50 + k % 50);
      default -> b.task(space, "task-" + (k % 5), 100).goal(goal).meta("taskType", "coding");
    }
    return b.build();
  }

  /** An event whose metadata holds every JSON shape the model keeps. */
  static ProgressEvent hostile(String user) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("big double", 1.5E7);
    metadata.put("huge double", 1.0E20);
    metadata.put("tiny double", 1.0E-7);
    metadata.put("integral double", 100.0);
    metadata.put("long", Long.MAX_VALUE);
    metadata.put("big integer", BigInteger.TWO.pow(70));
    metadata.put("null", null);
    metadata.put("flag", true);
    metadata.put("nested", List.of(Map.of("sql", SQL, "quote", "it's \"quoted\" \\ slashed"), UNICODE, false));
    metadata.put(SQL, UNICODE);
    return ProgressEvent.builder().id("hostile " + UNICODE).user(user).time(SQL, 12.5).skill(SQL)
        .metadata(metadata).at(BASE.plusNanos(999)).build();
  }
}
